#!/usr/bin/env bash
# The whole test suite: the Rust tests (unit and integration), then the browser checks
# (accessibility and HTML validity of every page) and the open-data checks of both example sites.
# Installs what the browser and open-data checks need on a fresh Debian machine.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --locked
bash tests/browser/run.sh
bash tests/opendata/run.sh
