// Attacks in the data never run: every page of a site made by poison.py, opened in headless Chromium.
// Usage: node xss.mjs <public-dir>
// For EVERY .html page: no dialog opens (alert, confirm, prompt, print), no script error and no
// console error (but for images the data names that do not exist, listed at the end); after the page has loaded, been scrolled through, and every element has had the
// focus and the mouse over it, the DOM has no event-handler attribute (`on…`), no `javascript:`,
// `vbscript:` or `data:` address in a link, source, form action or SVG/MathML href, no frame,
// object or embed, and no script other than the theme's files and JSON-LD that parses as JSON.
// Then the RSS feed parses as XML and the catalogue and data package as JSON.
// Prints one line per problem, then "N passed, M failed" (pages and files); exits 1 on any problem.
import path from 'node:path';
import { htmlFiles, launch, pageUrl, serve } from './site-server.mjs';

const THEME_SCRIPTS = /\/(sito\.js|ricerca\.js|elasticlunr\.min\.js|ricerca\/indice\.js)$/;

// What the DOM holds that could run: checked inside the page.
function dangerous(themeScripts) {
  const found = [];
  const scripted = /^\s*(javascript|vbscript|data):/i;
  const addressAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background'];
  for (const element of document.querySelectorAll('*')) {
    const name = element.tagName.toLowerCase();
    for (const attribute of element.attributes) {
      if (attribute.name.toLowerCase().startsWith('on')) found.push(`${name}[${attribute.name}]`);
      if (addressAttributes.includes(attribute.name.toLowerCase()) && scripted.test(attribute.value)) {
        found.push(`${name}[${attribute.name}=${attribute.value.slice(0, 40)}]`);
      }
    }
    if (['iframe', 'frame', 'object', 'embed', 'base'].includes(name)) found.push(`<${name}>`);
    if (name === 'script') {
      if (element.type === 'application/ld+json') {
        try { JSON.parse(element.textContent); } catch (e) { found.push(`JSON-LD that does not parse: ${e.message}`); }
      } else if (!element.src || !new RegExp(themeScripts).test(new URL(element.src).pathname)) {
        found.push(`<script> not of the theme: ${element.src || element.textContent.slice(0, 40)}`);
      }
    }
  }
  return found;
}

const [dir] = process.argv.slice(2);
if (!dir) { console.error('usage: node xss.mjs <public-dir>'); process.exit(2); }
const root = path.resolve(dir);
const server = await serve(root);
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await launch();
let passed = 0, failed = 0;
const report = (name, problems) => {
  if (problems.length === 0) { passed++; return; }
  failed++;
  for (const p of problems) console.log(`FAIL ${name}: ${p}`);
};

const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
let problems = [];
// Dialogs are also counted by the page itself, in case one opens before the listener sees it.
await page.addInitScript(() => {
  window.__dialogs = [];
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = (message) => { window.__dialogs.push(`${name}(${message})`); };
  }
});
page.on('dialog', (d) => { problems.push(`a ${d.type()} dialog opened: «${d.message()}»`); d.dismiss().catch(() => {}); });
page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
page.on('console', (m) => {
  if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console error: ${m.text()}`);
});
// A relative image address in a cell (`<img src=x>` once its handler is gone) is kept by the
// sanitiser and points nowhere: noted, not failed, since nothing runs.
const missing = new Set();
page.on('response', (r) => { if (r.status() >= 400) missing.add(new URL(r.url()).pathname.split('/').pop()); });
const files = htmlFiles(root);
for (const file of files) {
  problems = [];
  try {
    await page.goto(pageUrl(base, file), { waitUntil: 'load' });
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    // Focus and hover every element, so that a handler that slipped through would fire.
    const count = await page.evaluate(() => document.querySelectorAll('body *').length);
    await page.evaluate(() => {
      for (const element of document.querySelectorAll('body *')) {
        element.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
        if (typeof element.focus === 'function') element.focus();
      }
    });
    await page.waitForTimeout(20);
    problems.push(...await page.evaluate(dangerous, THEME_SCRIPTS.source));
    problems.push(...(await page.evaluate(() => window.__dialogs)).map((call) => `the page called ${call}`));
    if (count === 0) problems.push('empty page');
  } catch (e) {
    problems.push(`load: ${String(e.message).split('\n')[0]}`);
  }
  report(file, problems);
}

// The feed and the metadata stay well-formed.
await page.goto(base);
for (const [file, kind] of [['delibere.xml', 'xml'], ['dati/catalogo.jsonld', 'json'], ['dati/datapackage.json', 'json']]) {
  const outcome = await page.evaluate(async ([address, kind]) => {
    const response = await fetch(address);
    if (!response.ok) return `status ${response.status}`;
    const text = await response.text();
    if (kind === 'json') { try { JSON.parse(text); return null; } catch (e) { return e.message; } }
    const xml = new DOMParser().parseFromString(text, 'application/xml');
    const error = xml.querySelector('parsererror');
    return error ? error.textContent.slice(0, 200) : null;
  }, [base + file, kind]);
  report(file, outcome ? [`does not parse: ${outcome}`] : []);
}
await browser.close();
server.close();
console.error(`xss: ${files.length} pages; missing images from the data, by name: ${[...missing].join(', ') || 'none'}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
