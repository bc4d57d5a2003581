// Accessibility checks of built sites in headless Chromium.
// Usage: node a11y.mjs <public-dir> [<public-dir>...]
// Serves each folder on 127.0.0.1 and, for EVERY .html page in it, checks:
//   - axe-core, rules tagged wcag2a, wcag2aa, wcag21a, wcag21aa;
//   - no network request leaves 127.0.0.1/localhost (and no local resource is missing);
//   - exactly one <h1>; <html lang="it">; headings never skip a level (h1 -> h3);
//   - the first Tab stop is a skip link "#id" to an element that exists;
//   - reflow: at 320 CSS px wide the page does not scroll horizontally (WCAG 1.4.10);
//   - at 320, 375 and 1280 px no word, number, date or code in a table cell is split across
//     lines (a DOM Range over the word has rects on more than one line).
// Prints one line per problem, then "N passed, M failed" (pages); exits 1 on any problem.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { htmlFiles, launch, pageUrl, serve } from './site-server.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const WORKERS = Number(process.env.A11Y_WORKERS || 3);
const DESKTOP = { width: 1280, height: 800 };
const NARROW = { width: 320, height: 640 };
const PHONE = { width: 375, height: 740 };

const isLocal = (u) => !/^(https?|wss?):$/.test(u.protocol) || ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);

// Structure checks that run inside the page (desktop width).
function structure() {
  const problems = [];
  const add = (rule, target, help) => problems.push({ rule, impact: 'serious', target, help });
  const lang = document.documentElement.getAttribute('lang');
  if (lang !== 'it') add('html-lang-it', 'html', `<html> must have lang="it" (found ${JSON.stringify(lang)})`);
  const h1s = document.querySelectorAll('h1');
  if (h1s.length !== 1) add('one-h1', 'h1', `page must have exactly one <h1> (found ${h1s.length})`);
  let prev = 0;
  document.querySelectorAll('h1, h2, h3, h4, h5, h6').forEach((h) => {
    const level = Number(h.tagName[1]);
    if (level > prev + 1) {
      add('heading-skip', `${h.tagName.toLowerCase()} "${h.textContent.trim().slice(0, 50)}"`,
        `heading level jumps from ${prev ? 'h' + prev : 'page start'} to h${level}`);
    }
    prev = level;
  });
  return problems;
}

// After one Tab from the top of the page: is focus on a skip link to an existing id?
function skipLink() {
  const a = document.activeElement;
  const desc = a && a !== document.body ? a.outerHTML.slice(0, 80) : 'nothing focused';
  const href = a && a.tagName === 'A' ? a.getAttribute('href') || '' : '';
  if (!href.startsWith('#') || href.length < 2) {
    return [{ rule: 'skip-link', impact: 'serious', target: desc, help: 'first focusable element must be a skip link href="#id"' }];
  }
  const id = decodeURIComponent(href.slice(1));
  if (!document.getElementById(id)) {
    return [{ rule: 'skip-link', impact: 'serious', target: desc, help: `skip link points to missing id "${id}"` }];
  }
  return [];
}

// At 320 px: horizontal scrolling? Name the innermost elements sticking out (outside scroll boxes).
function reflow(limit) {
  const width = document.documentElement.scrollWidth;
  if (width <= limit) return [];
  const inScrollBox = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  // An element sticks out if its box, or its unwrapped content (a long word, an e-mail), passes the edge.
  const out = [...document.body.querySelectorAll('*')].filter((el) => {
    const box = el.getBoundingClientRect();
    return (box.right > limit + 1 || box.left + el.scrollWidth > limit + 1) && !inScrollBox(el);
  });
  const leaves = out.filter((el) => !out.some((o) => o !== el && el.contains(o)));
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + [...el.classList].map((c) => '.' + c).join('')
    + ` "${el.textContent.trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
  const target = leaves.slice(0, 3).map(name).join(', ') || 'html';
  return [{ rule: 'reflow-320', impact: 'serious', target, help: `page scrolls horizontally at ${limit} px (scrollWidth ${width})` }];
}

// Words of table cells split across lines at the current width. A word is a run of characters
// without spaces or dashes; a slash joins a word only before a digit (dates stay one word, while
// "attività/processo" may break after its slash, as two words).
function splitWords(width) {
  const found = [];
  for (const cell of document.querySelectorAll('table th, table td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^\s\-–—\/]+(?:\/(?=\d)[^\s\-–—\/]+)*/gu)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (lines.size > 1) found.push(match[0]);
      }
    }
  }
  if (!found.length) return [];
  const shown = [...new Set(found)].slice(0, 5).map((w) => `«${w}»`).join(', ');
  return [{ rule: `word-split-${width}`, impact: 'serious', target: shown, help: `${found.length} words of table cells split across lines at ${width} px` }];
}

async function checkPage(page, url, requests) {
  requests.length = 0;
  const problems = [];
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response || !response.ok()) problems.push({ rule: 'http-status', impact: 'critical', target: url, help: `status ${response?.status()}` });
  await page.addScriptTag({ content: AXE_SOURCE });
  const axe = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
  for (const v of axe.violations) {
    const targets = v.nodes.map((n) => n.target.join(' '));
    const more = targets.length > 5 ? ` (+${targets.length - 5} more)` : '';
    problems.push({ rule: v.id, impact: v.impact, target: targets.slice(0, 5).join(', ') + more, help: v.help });
  }
  problems.push(...await page.evaluate(structure));
  await page.keyboard.press('Tab');
  problems.push(...await page.evaluate(skipLink));
  problems.push(...await page.evaluate(splitWords, DESKTOP.width));
  await page.setViewportSize(PHONE);
  problems.push(...await page.evaluate(splitWords, PHONE.width));
  await page.setViewportSize(NARROW);
  problems.push(...await page.evaluate(reflow, NARROW.width));
  problems.push(...await page.evaluate(splitWords, NARROW.width));
  await page.setViewportSize(DESKTOP);
  for (const r of requests) problems.push(r);
  return problems;
}

const dirs = process.argv.slice(2);
if (dirs.length === 0) { console.error('usage: node a11y.mjs <public-dir> [<public-dir>...]'); process.exit(2); }
const jobs = [];
const servers = [];
for (const dir of dirs) {
  const root = path.resolve(dir);
  const server = await serve(root);
  servers.push(server);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const files = htmlFiles(root);
  if (files.length === 0) { console.error(`no .html pages in ${dir}`); process.exit(2); }
  for (const f of files) jobs.push({ name: path.posix.join(dir, f), url: pageUrl(base, f) });
}

const browser = await launch();
let passed = 0;
let failed = 0;
const started = Date.now();
async function worker() {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  const requests = [];
  // Record every request; block the non-local ones so that a page never waits on the network.
  await context.route(() => true, (route) => {
    const u = new URL(route.request().url());
    if (isLocal(u)) return route.continue();
    requests.push({ rule: 'external-request', impact: 'critical', target: u.href, help: 'pages must load nothing from outside the site' });
    return route.abort();
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') {
      requests.push({ rule: 'missing-resource', impact: 'serious', target: r.url(), help: `status ${r.status()}` });
    }
  });
  for (let job = jobs.shift(); job; job = jobs.shift()) {
    let problems;
    try { problems = await checkPage(page, job.url, requests); }
    catch (e) { problems = [{ rule: 'load', impact: 'critical', target: job.url, help: String(e.message).split('\n')[0] }]; }
    if (problems.length === 0) { passed++; continue; }
    failed++;
    for (const p of problems) console.log(`FAIL ${job.name}: ${p.rule} [${p.impact}] ${p.target} -- ${p.help}`);
  }
  await context.close();
}
const total = jobs.length;
await Promise.all(Array.from({ length: Math.min(WORKERS, total) }, worker));
await browser.close();
servers.forEach((s) => s.close());
console.error(`a11y: ${total} pages in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
