#!/usr/bin/env node
// Renders every post of a generated blog through both markdown parsers (satteri, and
// remark-parse + remark-gfm) and compares the trees (positions included) and the HTML.
//
//   npm run compile && node bench/parser-equivalence.mjs [--posts 10000] [--dir /tmp/corpus]
//
// Prints the counts and the first differences; exits 1 when any HTML differs.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import matter from 'gray-matter';
import { VFile } from 'vfile';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const posts = Number(option('posts', '10000'));
const dir = option('dir', path.join(os.tmpdir(), `quire-equivalence-${posts}`));
if (!existsSync(path.join(dir, 'posts'))) {
  execFileSync(process.execPath, [path.join(repo, 'bench', 'gen-corpus.mjs'), '--posts', String(posts), '--out', dir], { stdio: 'inherit' });
}
const { createPipeline } = await import(path.join(repo, 'lib', 'markdown', 'pipeline.js'));
const { renderableText } = await import(path.join(repo, 'lib', 'markdown', 'render-post.js'));
const { defaultConfig } = await import(path.join(repo, 'lib', 'config', 'site-config.js'));
const pipeline = (parser) => createPipeline({ rawHtml: false, root: repo, markdown: { ...defaultConfig.markdown, parser } });
const native = pipeline('native');
const remark = pipeline('remark');

const sortKeys = (value) => {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().filter((k) => value[k] !== undefined).map((k) => [k, sortKeys(value[k])]));
};

const files = readdirSync(path.join(dir, 'posts')).filter((f) => f.endsWith('.md')).sort();
let sameTree = 0;
let sameHtml = 0;
const differences = [];
const times = { native: 0, remark: 0 };
for (const name of files) {
  const body = renderableText(matter(readFileSync(path.join(dir, 'posts', name), 'utf8')).content);
  let t = performance.now();
  const a = native.parse(new VFile(body));
  times.native += performance.now() - t;
  t = performance.now();
  const b = remark.parse(new VFile(body));
  times.remark += performance.now() - t;
  if (JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b))) sameTree++;
  else if (differences.length < 5) differences.push(`${name}: trees differ`);
  if (native.toHtml(a, new VFile(body)) === remark.toHtml(b, new VFile(body))) sameHtml++;
  else if (differences.length < 5) differences.push(`${name}: HTML differs`);
}
console.log(`${files.length} posts in ${dir}: the same tree (positions included) for ${sameTree}, the same HTML for ${sameHtml}`);
console.log(`parsing: satteri ${(times.native / 1000).toFixed(2)} s, remark-parse + remark-gfm ${(times.remark / 1000).toFixed(2)} s`);
for (const line of differences) console.log(line);
process.exitCode = sameHtml === files.length ? 0 : 1;
