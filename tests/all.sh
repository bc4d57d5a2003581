#!/usr/bin/env bash
# The whole test suite: the Rust tests (unit and integration), then the browser checks
# (accessibility and HTML validity of every page) and the open-data checks of both example sites.
# Installs what the browser and open-data checks need on a fresh Debian machine. Last, the soak of
# the preview: 1,000 random edits of a site under `serve` (docs/soak.md).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --locked
bash tests/browser/run.sh
bash tests/opendata/run.sh
cargo build --release --locked -q
python3 tests/soak/soak.py
