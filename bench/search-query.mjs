#!/usr/bin/env node
// Times one search in Debian's chromium on a built site served on loopback: from typing a
// word into the search page's box to the first result. Bytes: `bytes` is everything the
// browser fetched, the page and the search library included; `queryBytes` what the query
// itself fetched once the page had loaded (index chunks and the results' fragments).
//
//   node bench/search-query.mjs <built site folder> <word> [expected result path]
//
// Prints one JSON line: { ms, bytes, requests, found }.
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [root, word, expected] = process.argv.slice(2);
if (!root || !word) {
  console.error('usage: node bench/search-query.mjs <site folder> <word> [expected path]');
  process.exit(2);
}
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };
let served = [];
const server = createServer((req, res) => {
  let file = path.join(root, decodeURIComponent((req.url ?? '/').split('?')[0]));
  try {
    if (statSync(file).isDirectory()) file = path.join(file, 'index.html');
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    res.end(body);
    served.push({ url: req.url, bytes: body.length });
  } catch {
    res.writeHead(404);
    res.end();
  }
}).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  served = [];
  await page.goto(`${base}/search/`, { waitUntil: 'networkidle' });
  const before = served.length;
  const started = Date.now();
  await page.locator('#search-words').fill(word);
  await page.locator('.search-results a').first().waitFor({ timeout: 30_000 });
  const ms = Date.now() - started;
  await page.waitForLoadState('networkidle');
  const found = await page.locator('.search-results a').evaluateAll((links) => links.map((a) => new URL(a.href).pathname));
  const sum = (list) => list.reduce((total, r) => total + r.bytes, 0);
  if (process.env.SHOW) for (const r of served) console.error(r.url, r.bytes);
  console.log(JSON.stringify({ ms, bytes: sum(served), queryBytes: sum(served.slice(before)), requests: served.length, found: found.length, expected: expected ? found.includes(expected) : undefined }));
} finally {
  await browser.close();
  server.close();
}
