// Search in headless Chromium, over HTTP and from a folder on disk (file://).
// Usage: node search.mjs <public-dir> <word> <expected-title-part> [<expected-address-part>]
// Opens the search page of the built site, types <word> into the field with the keyboard and
// checks that the status (aria-live) announces results, that a result's title contains
// <expected-title-part> (and its link <expected-address-part>), that following that link opens a
// page that exists, and that a page's header field leads to the search page with the words
// filled in. Prints "N passed, M failed"; exits 1 on failure.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, serve } from './site-server.mjs';

const [dir, word, title, address = ''] = process.argv.slice(2);
if (!dir || !word || !title) { console.error('usage: node search.mjs <public-dir> <word> <title-part> [<address-part>]'); process.exit(2); }
const root = path.resolve(dir);
let passed = 0, failed = 0;
const check = (ok, what) => { if (ok) passed++; else { failed++; console.log(`FAIL search: ${what}`); } };

const server = await serve(root);
const browser = await launch(['--allow-file-access-from-files']);
try {
  const origins = {
    http: `http://127.0.0.1:${server.address().port}/`,
    disco: pathToFileURL(root).href + '/',
  };
  for (const [how, base] of Object.entries(origins)) {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(base + (how === 'disco' ? 'ricerca/index.html' : 'ricerca/'));
    await page.focus('#campo-ricerca');
    await page.keyboard.type(word);
    await page.waitForFunction(() => document.getElementById('esito-ricerca').textContent.includes('risultat'), null, { timeout: 10000 }).catch(() => {});
    const status = await page.$eval('#esito-ricerca', (e) => e.textContent);
    check(/\d+ risultat/.test(status), `${how}: the status announced no results for «${word}»: «${status}»`);
    const results = await page.$$eval('#risultati-ricerca a', (links) => links.map((a) => ({ text: a.textContent, href: a.href })));
    const hit = results.find((r) => r.text.includes(title) && r.href.includes(address));
    check(hit, `${how}: no result titled «${title}» at «${address}» among ${JSON.stringify(results.slice(0, 5))}`);
    if (hit) {
      const response = await page.goto(hit.href);
      const opened = how === 'disco' ? !hit.href.split('#')[0].endsWith('/') && (await page.title()) !== '' : response && response.ok();
      check(opened, `${how}: the result's link ${hit.href} does not open a page`);
    }
    await page.goto(base + (how === 'disco' ? 'index.html' : ''));
    const header = await page.$('header input[type=search]');
    check(header, `${how}: the home page has no search field in its header`);
    if (header) {
      await header.fill(word);
      await Promise.all([page.waitForNavigation(), header.press('Enter')]);
      await page.waitForFunction(() => document.getElementById('risultati-ricerca')?.children.length > 0, null, { timeout: 10000 }).catch(() => {});
      check(page.url().includes('ricerca/') && (await page.$$('#risultati-ricerca li')).length > 0,
        `${how}: the header's field did not lead to the results (${page.url()})`);
    }
    check(errors.length === 0, `${how}: errors in the page: ${errors.join(' | ')}`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
