#!/usr/bin/env node
// Benchmarks quire on generated blogs, and optionally the peer engines on the same corpora.
//
//   npm run bench                       # 1,000 and 10,000 posts, 3 runs each: cold, warm
//   npm run bench -- --sizes 1000 --runs 5
//   npm run bench -- --sizes 10000,50000 --peers [--engines hugo,eleventy] [--peer-runs 1]
//   npm run bench -- --photos 40         # posts with a large photo each (default 20)
// Each size also builds with search: false and images: false, and times a search in chromium;
// each peer's output is also indexed by Pagefind's CLI, as quire's default build has a search.
//
// cold: empty cache and no previous output; warm: one post edited since the last build, a new
// process; watch: a running `quire serve`, from saving a post to the reload event.
// Figures are medians of whole-process wall time and peak RSS (GNU time), like the peers' script.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The peer engines' scripts, optional: only `--peers` uses them.
const peers = path.resolve(repo, '..', 'shared', 'bench', 'peers');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = option('sizes', '1000,10000').split(',').map(Number);
const runs = Number(option('runs', '3'));
const withPeers = args.includes('--peers');
const engines = option('engines', 'hugo,eleventy,hexo,jekyll').split(',');
const peerRuns = Number(option('peer-runs', String(runs)));
const withWatch = !args.includes('--no-watch');
const work = option('dir', '/tmp/quire-bench');

if (!existsSync(path.join(repo, 'lib', 'cli', 'main.js'))) {
  console.error('bench: compile first (npm ci or npm run compile).');
  process.exit(2);
}
const havePeers = existsSync(path.join(peers, 'bench.sh'));
// Where the peers' script writes their outputs, and the Pagefind CLI quire itself installs.
const anchors = process.env.ANCHORS ?? '/tmp/anchors';
const pagefindCli = path.join(repo, 'node_modules', '.bin', 'pagefind');
if (withPeers && !havePeers) console.error(`bench: ${peers}/bench.sh not found; the peer engines are skipped.`);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

/**
 * Runs a command under GNU time; returns wall seconds and peak RSS in MiB. Its stderr is kept
 * for the failure message (a large corpus prints thousands of warnings: hence the buffer).
 */
function timed(command, commandArgs, cwd) {
  const log = path.join(mkdtempSync(path.join(os.tmpdir(), 'quire-bench-')), 'time');
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', log, command, ...commandArgs], { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} failed:\n${result.stderr}`);
  const [wall, rss] = readFileSync(log, 'utf8').trim().split(/\s+/).map(Number);
  rmSync(path.dirname(log), { recursive: true, force: true });
  return { wall, rss: rss / 1024 };
}

function corpus(n) {
  const dir = path.join(work, `corpus-${n}`);
  // A corpus from before the generator wrote images is made again.
  if (!existsSync(path.join(dir, 'static', 'images'))) {
    rmSync(dir, { recursive: true, force: true });
    execFileSync('node', [path.join(repo, 'bench', 'gen-corpus.mjs'), '--posts', String(n), '--out', dir], { stdio: 'inherit' });
  }
  return dir;
}

const quire = (root, extra = []) => ['node', [path.join(repo, 'bin', 'quire.js'), 'build', '--root', root, '--quiet', ...extra]];
const rows = [];
const record = (engine, n, mode, samples) => {
  const row = { engine, n, mode, wall: median(samples.map((s) => s.wall)), rss: median(samples.map((s) => s.rss)) };
  rows.push(row);
  console.error(`${engine} ${mode} N=${n}: ${row.wall.toFixed(2)} s, ${row.rss.toFixed(0)} MiB`);
};

for (const n of sizes) {
  const root = corpus(n);
  const clean = () => {
    rmSync(path.join(root, '.quire'), { recursive: true, force: true });
    rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  };
  const cold = [];
  for (let i = 0; i < runs; i++) {
    clean();
    cold.push(timed(...quire(root)));
  }
  record('quire', n, 'cold', cold);
  // The same blog with a site plugin on each side of the tree (remark-math, rehype-katex), named
  // in its YAML config and loaded by every render worker: plugins cost their own time, never a
  // fallback to one thread.
  const katex = path.join(work, `katex-${n}`);
  if (existsSync(path.join(repo, 'node_modules', 'rehype-katex'))) {
    rmSync(katex, { recursive: true, force: true });
    cpSync(path.join(root, 'posts'), path.join(katex, 'posts'), { recursive: true });
    cpSync(path.join(root, 'static'), path.join(katex, 'static'), { recursive: true });
    symlinkSync(path.join(repo, 'node_modules'), path.join(katex, 'node_modules'));
    writeFileSync(path.join(katex, 'quire.config.yaml'), [
      'markdown:',
      '  remarkPlugins: [remark-math]',
      '  rehypePlugins: [[rehype-katex, { output: html }]]',
      '  sanitize: { attributes: { span: [className, style, ariaHidden] } }',
      '',
    ].join('\n'));
    const withPlugins = [];
    for (let i = 0; i < runs; i++) {
      rmSync(path.join(katex, '.quire'), { recursive: true, force: true });
      rmSync(path.join(katex, 'dist'), { recursive: true, force: true });
      withPlugins.push(timed(...quire(katex)));
    }
    record('quire', n, 'cold, remark-math + rehype-katex', withPlugins);
    rmSync(katex, { recursive: true, force: true });
  }
  // The same blog with its images copied as they are: the difference to `cold` is what making
  // the resized copies of the corpus's PNGs costs.
  const plain = path.join(work, `plain-${n}`);
  rmSync(plain, { recursive: true, force: true });
  cpSync(path.join(root, 'posts'), path.join(plain, 'posts'), { recursive: true });
  cpSync(path.join(root, 'static'), path.join(plain, 'static'), { recursive: true });
  // The same again without search: the difference to `cold` is what indexing costs (it runs
  // beside the page rendering, so less than its own time).
  for (const [setting, mode] of [['images: false', 'cold, images: false'], ['search: false', 'cold, search: false']]) {
    writeFileSync(path.join(plain, 'quire.config.yaml'), `${setting}\n`);
    const without = [];
    for (let i = 0; i < runs; i++) {
      rmSync(path.join(plain, '.quire'), { recursive: true, force: true });
      rmSync(path.join(plain, 'dist'), { recursive: true, force: true });
      without.push(timed(...quire(plain)));
    }
    record('quire', n, mode, without);
  }
  rmSync(plain, { recursive: true, force: true });
  const posts = readdirSync(path.join(root, 'posts')).filter((f) => f.endsWith('.md')).sort();
  const warm = [];
  for (let i = 0; i < runs; i++) {
    appendFileSync(path.join(root, 'posts', posts[(i * 7919) % posts.length]), `\nEdited for the benchmark, run ${Date.now()}.\n`);
    warm.push(timed(...quire(root)));
  }
  record('quire', n, 'warm (1 post edited)', warm);
  // A word of one post alone, looked for in chromium: time to the first result, bytes fetched.
  if (existsSync('/usr/bin/chromium')) {
    const post = posts[0];
    appendFileSync(path.join(root, 'posts', post), '\nA quincunxial pattern, seen once.\n');
    timed(...quire(root));
    const said = execFileSync('node', [path.join(repo, 'bench', 'search-query.mjs'), path.join(root, 'dist'), 'quincunxial'], { encoding: 'utf8' });
    const { ms, bytes, queryBytes, found } = JSON.parse(said.trim().split('\n').at(-1));
    rows.push({ engine: 'quire', n, mode: `search in chromium: first result (${found} found; ${(bytes / 1024).toFixed(0)} KB in all, ${(queryBytes / 1024).toFixed(0)} KB for the query)`, wall: ms / 1000, rss: Number.NaN });
    console.error(`quire search N=${n}: ${ms} ms, ${bytes} B (${queryBytes} B for the query), ${found} found`);
  }
  {
    // Whether the short path for plain front matter still pays: both ways, in one process.
    const said = execFileSync('node', [path.join(repo, 'bench', 'front-matter.mjs'), root, String(Math.max(runs, 5))], { encoding: 'utf8' });
    const { quire: short, yaml } = JSON.parse(said);
    rows.push({ engine: 'quire', n, mode: 'front matter alone: parseYaml (short path)', wall: short, rss: Number.NaN });
    rows.push({ engine: 'quire', n, mode: 'front matter alone: yaml parseDocument', wall: yaml, rss: Number.NaN });
    console.error(`quire front matter N=${n}: ${short.toFixed(3)} s through the short path, ${yaml.toFixed(3)} s through yaml`);
  }
  if (withWatch) {
    const watchBench = path.join(repo, 'bench', 'watch-latency.mjs');
    if (existsSync(watchBench)) {
      // Saves are quick to time, so more of them: two to warm the server up, then at least nine.
      const out = execFileSync('node', [watchBench, root, String(Math.max(runs, 9)), '2'], { encoding: 'utf8' });
      const { reload, page } = JSON.parse(out);
      rows.push({ engine: 'quire', n, mode: 'serve: save → reload', wall: median(reload) / 1000, rss: Number.NaN });
      rows.push({ engine: 'quire', n, mode: 'serve: save → page served', wall: median(page) / 1000, rss: Number.NaN });
      console.error(`quire serve N=${n}: ${median(reload).toFixed(0)} ms to the reload, ${median(page).toFixed(0)} ms to the page`);
    }
  }
  if (withPeers && havePeers) {
    for (const engine of engines) {
      const result = spawnSync('bash', [path.join(peers, 'bench.sh'), 'build', engine, String(n), String(peerRuns)], { encoding: 'utf8' });
      const match = /wall ([\d.]+) s, peak RSS ([\d.]+) MiB/.exec(result.stdout);
      if (!match) {
        console.error(`bench: ${engine} N=${n} did not run (run ${peers}/setup.sh first):\n${result.stderr.slice(-500)}`);
        continue;
      }
      const built = { wall: Number(match[1]), rss: Number(match[2]) };
      rows.push({ engine, n, mode: 'cold', ...built });
      // The usual way to give such a site a search: Pagefind's CLI over its output, as quire's
      // default build has one. The row adds its time to the build's, with the larger peak.
      const output = path.join(anchors, 'out', `${engine}-${n}`);
      if (existsSync(output)) {
        const indexed = [];
        for (let i = 0; i < peerRuns; i++) {
          rmSync(path.join(output, 'pagefind'), { recursive: true, force: true });
          indexed.push(timed(pagefindCli, ['--site', output], repo));
        }
        const index = { wall: median(indexed.map((s) => s.wall)), rss: median(indexed.map((s) => s.rss)) };
        rows.push({ engine: `${engine} + Pagefind CLI`, n, mode: 'cold, then its output indexed', wall: built.wall + index.wall, rss: Math.max(built.rss, index.rss) });
        console.error(`${engine} + Pagefind CLI N=${n}: the index ${index.wall.toFixed(2)} s, ${index.rss.toFixed(0)} MiB`);
      }
    }
  }
}

// Photos: posts that each show one 3200×2133 JPEG (the sample blog's, made distinct by a byte
// after its end, so none shares another's cached copies), resized to WebP at 480, 960 and 1600
// px and JPEG at 1600. Cold makes every copy; warm (one post edited) makes none.
{
  const photos = Number(option('photos', '20'));
  const site = path.join(work, `photos-${photos}`);
  rmSync(site, { recursive: true, force: true });
  const photo = readFileSync(path.join(repo, 'posts', '2025-04-19-marbled-endpapers', 'endpaper-sheet.jpg'));
  for (let i = 0; i < photos; i++) {
    const dir = path.join(site, 'posts', `2024-01-${String((i % 28) + 1).padStart(2, '0')}-photo-${i}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'index.md'), `---\ntitle: Photo ${i}\n---\n\nA sheet.\n\n![Sheet ${i}](sheet.jpg)\n`);
    writeFileSync(path.join(dir, 'sheet.jpg'), Buffer.concat([photo, Buffer.from([i & 255, i >> 8])]));
  }
  const cold = [];
  for (let i = 0; i < runs; i++) {
    rmSync(path.join(site, '.quire'), { recursive: true, force: true });
    rmSync(path.join(site, 'dist'), { recursive: true, force: true });
    cold.push(timed(...quire(site)));
  }
  record('quire', photos, 'photos 3200×2133, cold (4 copies each)', cold);
  const warm = [];
  for (let i = 0; i < runs; i++) {
    appendFileSync(path.join(site, 'posts', `2024-01-01-photo-0`, 'index.md'), `\nEdited, run ${i}.\n`);
    warm.push(timed(...quire(site)));
  }
  record('quire', photos, 'photos, warm (1 post edited)', warm);
  rmSync(site, { recursive: true, force: true });
}

console.log(`\nquire benchmark, ${os.availableParallelism()} cores, Node ${process.version}, medians of ${runs} runs\n`);
console.log('| engine | posts | build | wall (s) | peak RSS (MiB) |');
console.log('| --- | ---: | --- | ---: | ---: |');
for (const r of rows) {
  console.log(`| ${r.engine} | ${r.n.toLocaleString('en')} | ${r.mode} | ${r.wall.toFixed(r.wall < 1 ? 3 : 2)} | ${Number.isNaN(r.rss) ? '—' : r.rss.toFixed(0)} |`);
}
