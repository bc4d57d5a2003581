// What the browser checks share: a tiny static server for one built site on 127.0.0.1 ("/x/"
// serves x/index.html; nothing outside the folder), the list of its pages, and the Chromium
// they open them in.
import { createServer } from 'node:http';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.ico': 'image/x-icon',
  '.woff2': 'font/woff2', '.json': 'application/json', '.jsonld': 'application/ld+json',
  '.xml': 'application/xml', '.pdf': 'application/pdf', '.txt': 'text/plain; charset=utf-8',
};

// Serves the folder `root` on a free port of 127.0.0.1; resolves to the server.
export function serve(root) {
  const server = createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root)) return res.writeHead(403).end();
    try { if (statSync(file).isDirectory()) file = path.join(file, 'index.html'); statSync(file); }
    catch { return res.writeHead(404).end('not found'); }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

// The .html files under `dir`, relative to it, sorted.
export function htmlFiles(dir, rel = '') {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = path.posix.join(rel, e.name);
    if (e.isDirectory()) return htmlFiles(dir, r);
    return e.name.endsWith('.html') ? [r] : [];
  }).sort();
}

// The address of the page `file` (relative to the site) on the server `base`.
export const pageUrl = (base, file) => base + file.split('/').map(encodeURIComponent).join('/');

// Headless Chromium from Debian, without the background connections this network refuses.
export function launch(extra = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extra],
  });
}
