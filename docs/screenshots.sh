#!/usr/bin/env bash
# Regenerates the screenshots in docs/immagini/: the home, plan and objective pages of the
# repository-root site (with the monitoring of tests/fixtures/monitoring laid over it, so that
# statuses and charts show) at 1280 and 360 px, in headless Chromium.
# Usage: bash docs/screenshots.sh   (needs what tests/browser/run.sh installs: chromium, npm ci)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
site="$(mktemp -d)"
trap 'rm -rf "$site"' EXIT
cp -r "$root/config.toml" "$root/data" "$root/themes" "$site"/
cp -r "$root/tests/fixtures/monitoring/data" "$site"/
cd "$root"
cargo run --release --locked -q -- build --site "$site" 2>/dev/null
cd "$root/tests/browser"
node - "$site/public" "$root/docs/immagini" <<'SCRIPT'
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
const [dir, out] = process.argv.slice(2);
const root = path.resolve(dir);
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.woff2': 'font/woff2', '.svg': 'image/svg+xml' };
const server = createServer((req, res) => {
  let file = path.join(root, path.normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)));
  try { if (statSync(file).isDirectory()) file = path.join(file, 'index.html'); statSync(file); } catch { return res.writeHead(404).end(); }
  res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
  createReadStream(file).pipe(res);
}).listen(0, '127.0.0.1');
await new Promise((ok) => server.on('listening', ok));
const base = `http://127.0.0.1:${server.address().port}/`;
const plan = 'amministrazione-trasparente/performance/piano-della-performance/piao-2025-2027/';
const pages = { home: '', piano: plan, obiettivo: `${plan}obiettivi/2/` };
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (const [name, address] of Object.entries(pages)) {
  for (const width of [1280, 360]) {
    const page = await browser.newPage({ viewport: { width, height: width === 360 ? 740 : 900 } });
    await page.goto(base + address);
    await page.evaluate(() => document.fonts.ready);
    const height = Math.min(await page.evaluate(() => Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)), width === 360 ? 2400 : 1800);
    await page.screenshot({ path: path.join(out, `${name}-${width}.png`), fullPage: true, clip: { x: 0, y: 0, width, height } });
    await page.close();
  }
}
await browser.close();
server.close();
console.log(`screenshots in ${out}`);
SCRIPT
