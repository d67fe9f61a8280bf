#!/usr/bin/env node
// Measures `quire serve` on a site: from saving one post to the reload event sent to the
// browser, and to the page the browser then asks for being served (the home page, fetched as
// soon as the event arrives: what the reload makes a tab do). RUNS saves after a first full
// build and WARMUP saves that are not counted (the first saves of a session also warm up the
// JIT), PAUSE ms apart (default 1000: an author looks at the page before saving again; work
// the server leaves for the pause after a build then shows only if it holds the page back).
// Prints the figures (ms) as JSON: {"reload": [...], "page": [...]}.
//   node bench/watch-latency.mjs SITE_DIR RUNS [WARMUP] [PAUSE]
import { appendFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const [root, runsArg, warmupArg, pauseArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const warmup = Number(warmupArg ?? 0);
const pause = Number(pauseArg ?? 1000);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { startDevServer } = await import(path.join(repo, 'lib', 'serve', 'dev-server.js'));

const server = await startDevServer({ root: path.resolve(root), port: 0 });
await server.ready;
const posts = readdirSync(path.join(root, 'posts')).filter((f) => f.endsWith('.md')).sort();
const figures = { reload: [], page: [] };
for (let i = 0; i < warmup + runs; i++) {
  await sleep(pause);
  const next = server.nextEvent('reload');
  const file = path.join(root, 'posts', posts[(i * 104729) % posts.length]);
  const saved = performance.now();
  appendFileSync(file, `\nSaved for the watch benchmark, run ${i}.\n`);
  const event = await next;
  const response = await fetch(server.url);
  await response.arrayBuffer();
  const reload = Math.round(event.at - saved);
  const page = Math.round(performance.now() - saved);
  if (i >= warmup) {
    figures.reload.push(reload);
    figures.page.push(page);
  } else console.error(`warm-up save ${i + 1}: ${reload} ms to the reload, ${page} ms to the page`);
}
await server.close();
console.log(JSON.stringify(figures));
