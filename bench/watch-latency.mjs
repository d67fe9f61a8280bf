#!/usr/bin/env node
// Measures `quire serve` on a site: the time from saving one post to the reload event sent to
// the browser, RUNS times after a first full build. Prints the figures (ms) as a JSON array.
//   node bench/watch-latency.mjs SITE_DIR RUNS
import { appendFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [root, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { startDevServer } = await import(path.join(repo, 'lib', 'serve', 'dev-server.js'));

const server = await startDevServer({ root: path.resolve(root), port: 0 });
await server.ready;
const posts = readdirSync(path.join(root, 'posts')).filter((f) => f.endsWith('.md')).sort();
const figures = [];
for (let i = 0; i < runs; i++) {
  const next = server.nextEvent('reload');
  const file = path.join(root, 'posts', posts[(i * 104729) % posts.length]);
  const saved = performance.now();
  appendFileSync(file, `\nSaved for the watch benchmark, run ${i}.\n`);
  const event = await next;
  figures.push(Math.round(event.at - saved));
}
await server.close();
console.log(JSON.stringify(figures));
