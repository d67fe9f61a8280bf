#!/usr/bin/env node
// Measures `quire serve` on a site: the time from saving one post to the reload event sent to
// the browser, RUNS times after a first full build and WARMUP saves that are not counted (the
// first saves of a session also warm up the JIT). Prints the figures (ms) as a JSON array.
//   node bench/watch-latency.mjs SITE_DIR RUNS [WARMUP]
import { appendFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [root, runsArg, warmupArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const warmup = Number(warmupArg ?? 0);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { startDevServer } = await import(path.join(repo, 'lib', 'serve', 'dev-server.js'));

const server = await startDevServer({ root: path.resolve(root), port: 0 });
await server.ready;
const posts = readdirSync(path.join(root, 'posts')).filter((f) => f.endsWith('.md')).sort();
const figures = [];
for (let i = 0; i < warmup + runs; i++) {
  const next = server.nextEvent('reload');
  const file = path.join(root, 'posts', posts[(i * 104729) % posts.length]);
  const saved = performance.now();
  appendFileSync(file, `\nSaved for the watch benchmark, run ${i}.\n`);
  const event = await next;
  const ms = Math.round(event.at - saved);
  if (i >= warmup) figures.push(ms);
  else console.error(`warm-up save ${i + 1}: ${ms} ms`);
}
await server.close();
console.log(JSON.stringify(figures));
