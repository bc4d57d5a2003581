#!/usr/bin/env bash
# Browser checks of the example sites, the one entry point (also run by .ci/run):
# installs what is missing (Debian's chromium, java, the npm packages of package-lock.json),
# builds the repository-root site (also with short index pages, and with a monitoring laid over
# it), examples/concass and examples/cissac, then checks
# every page of them with html-valid.sh (Nu HTML Checker) and a11y.mjs (axe-core WCAG 2.1 AA +
# structure + reflow), search with search.mjs (over HTTP and from a folder on disk), and the
# preview's live reload with livereload.mjs, and that no attack put in the data runs (poison.py
# makes the site, xss.mjs opens every page).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"

apt_install() {
  [ -n "${apt_updated:-}" ] || { $sudo apt-get update -q; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "$@"
}
[ -x /usr/bin/chromium ] || apt_install chromium
command -v java >/dev/null || apt_install default-jre-headless

# npm ci only when node_modules is not from this package-lock.json. --ignore-scripts: vnu-jar's
# postinstall would download a Java runtime, which this network forbids and which we don't need.
cd "$here"
if ! cmp -s package-lock.json node_modules/.installed-lock.json; then
  npm ci --ignore-scripts --no-audit --no-fund
  cp package-lock.json node_modules/.installed-lock.json
fi

cd "$root"
cargo run --release --locked -q -- build --site .
cargo run --release --locked -q -- build --site examples/concass
cargo run --release --locked -q -- build --site examples/cissac 2>/dev/null
# The root site again with 10 entries per index page, so that the checks also see long indexes
# split into numbered pages.
paged="$(mktemp -d)"
trap 'rm -rf "$paged"' EXIT
cp -r config.toml data themes "$paged"/
sed -i '1i voci_per_pagina = 10' "$paged/config.toml"
cargo run --release --locked -q -- build --site "$paged"
ls -d "$paged"/public/amministrazione-trasparente/performance/piano-della-performance/*/scadenze/*/pagina/2 >/dev/null
# The root site again with the monitoring of tests/fixtures/monitoring laid over it, so that the
# checks also see statuses, progress bars, charts, the late-steps index and a report page.
monitored="$(mktemp -d)"
trap 'rm -rf "$paged" "$monitored"' EXIT
cp -r config.toml data themes "$monitored"/
cp -r tests/fixtures/monitoring/data "$monitored"/
cargo run --release --locked -q -- build --site "$monitored" 2>/dev/null
ls "$monitored"/public/amministrazione-trasparente/performance/relazione-sulla-performance/*/2025/index.html >/dev/null

# A site whose every text the generator accepts carries an attack (poison.py), for xss.mjs.
poisoned="$(mktemp -d)"
trap 'rm -rf "$paged" "$monitored" "$poisoned"' EXIT
mkdir "$poisoned/source"
cp -r config.toml data "$poisoned/source"/
cp -r tests/fixtures/monitoring/data "$poisoned/source"/
cat tests/browser/poison-config.toml >> "$poisoned/source/config.toml"
sed -i 's#^url_base = ""#url_base = "https://trasparenza.example.it/"#' "$poisoned/source/config.toml"
binary="${CARGO_TARGET_DIR:-$root/target}/release/trasparenza"
python3 "$here/poison.py" "$poisoned/source" "$poisoned/site" "$binary"
"$binary" build --site "$poisoned/site" >/dev/null 2>&1

status=0
bash "$here/html-valid.sh" public examples/concass/public examples/cissac/public "$paged/public" "$monitored/public" || status=1
node "$here/a11y.mjs" public examples/concass/public examples/cissac/public "$paged/public" "$monitored/public" || status=1
node "$here/search.mjs" public capacita "Obiettivo 1 – " "obiettivi/1/" || status=1
node "$here/search.mjs" public assessment "Obiettivo 1 – " "obiettivi/1/" || status=1
node "$here/search.mjs" examples/cissac/public miglioram "Principio di miglioramento continuo" "sezioni/" || status=1
node "$here/xss.mjs" "$poisoned/site/public" || status=1
node "$here/livereload.mjs" "${CARGO_TARGET_DIR:-$root/target}/release/trasparenza" examples/concass || status=1
exit $status
