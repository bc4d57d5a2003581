// Live reload of the preview, in headless Chromium.
// Usage: node livereload.mjs <trasparenza-binary> <site-dir>
// Copies the site to a temporary folder, starts `trasparenza serve` on a free port, opens the list
// of deliberations, saves an edit of data/delibere.csv and checks that the open page reloads by
// itself (a mark set in the page is gone) and shows the edit; then saves an invalid edit and checks
// that the page reloads with the diagnostics overlay. Prints "N passed, M failed"; exits 1 on failure.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [binary, source] = process.argv.slice(2);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const PAGE = '/amministrazione-trasparente/provvedimenti/provvedimenti-organi-indirizzo-politico/';
let passed = 0, failed = 0;
const check = (ok, what) => { if (ok) passed++; else { failed++; console.log(`FAIL livereload: ${what}`); } };

const freePort = () => new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
});

const site = mkdtempSync(path.join(os.tmpdir(), 'anteprima-'));
for (const entry of ['config.toml', 'data', 'content', 'static']) cpSync(path.join(source, entry), path.join(site, entry), { recursive: true });
const port = await freePort();
const preview = spawn(binary, ['serve', '--site', site, '--port', String(port)], { stdio: 'ignore' });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  let loaded = false;
  for (let attempt = 0; attempt < 200 && !loaded; attempt++) {
    try { loaded = (await page.goto(`http://127.0.0.1:${port}${PAGE}`)).ok(); } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  check(loaded, 'the preview never answered');
  await page.evaluate(() => { window.marcaAnteprima = true; });
  const csv = path.join(site, 'data/delibere.csv');
  const original = readFileSync(csv, 'utf8');
  writeFileSync(csv, original.replace('Regolamento Interno', 'Regolamento aggiornato'));
  await page.waitForFunction(() => document.body.textContent.includes('Regolamento aggiornato'), null, { timeout: 20000 }).catch(() => {});
  check(await page.evaluate(() => document.body.textContent.includes('Regolamento aggiornato')), 'the open page did not show the saved edit');
  check(await page.evaluate(() => window.marcaAnteprima === undefined), 'the page changed without reloading');
  writeFileSync(csv, original.replace('18/01/2022', '31/02/2022'));
  await page.waitForSelector('#trasparenza-errori', { timeout: 20000 }).catch(() => {});
  const overlay = await page.$eval('#trasparenza-errori', (e) => e.textContent).catch(() => '');
  check(overlay.includes('V002') && overlay.includes('data/delibere.csv'), 'the overlay with the diagnostics did not appear');
} finally {
  await browser.close();
  preview.kill();
  rmSync(site, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
