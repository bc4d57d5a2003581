#!/usr/bin/env bash
# Open-data checks of the example sites and of the three-plan fixture (also run by .ci/run): installs
# LibreOffice and the pinned Python tools in a virtual environment, builds both sites, then runs check.py on them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# LibreOffice (headless) opens the downloads as a spreadsheet user would; from Debian, once.
if ! command -v soffice >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null
fi
if [ ! -x "$here/.venv/bin/python" ] || ! cmp -s "$here/requirements.txt" "$here/.venv/installed.txt"; then
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$here/.venv/installed.txt"
fi
cd "$root"
cargo run --release --locked -q -- build --site . 2>/dev/null
cargo run --release --locked -q -- build --site examples/concass
cargo run --release --locked -q -- build --site examples/cissac 2>/dev/null
# The root site with the monitoring of tests/fixtures/monitoring, for the computed tables.
monitored="$(mktemp -d)"
trap 'rm -rf "$monitored"' EXIT
cp -r config.toml data themes "$monitored"/
cp -r tests/fixtures/monitoring/data "$monitored"/
cargo run --release --locked -q -- build --site "$monitored" 2>/dev/null
# Three successive plans, for the downloads of every plan together.
plans="$(mktemp -d)"
# The consortium's site with an IPA code (the seed gives none), for the catalogue's identifiers.
ipa="$(mktemp -d)"
trap 'rm -rf "$monitored" "$plans" "$ipa"' EXIT
cp -r tests/fixtures/three-plans/. "$plans"/
cargo run --release --locked -q -- build --site "$plans" 2>/dev/null
cp -r examples/concass/config.toml examples/concass/data examples/concass/content examples/concass/static "$ipa"/
sed -i 's/^\[privacy\]/codice_ipa = "cdp_0001"\n\n[privacy]/' "$ipa/config.toml"
cargo run --release --locked -q -- build --site "$ipa" 2>/dev/null
"$here/.venv/bin/python" "$here/check.py" public examples/concass/public examples/cissac/public "$monitored/public" "$plans/public" "$ipa/public"
