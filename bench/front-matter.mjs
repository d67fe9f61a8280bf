#!/usr/bin/env node
// Times reading the front matter of every post of a site, two ways: quire's `parseYaml` (plain
// `key: value` front matter takes the short path of src/yaml/simple-yaml.ts, the rest `yaml`)
// and `yaml`'s `parseDocument` alone, with the options quire gives it. This is what decides
// whether the short path still pays. Prints medians of RUNS runs, in seconds, as JSON.
//   node bench/front-matter.mjs SITE_DIR [RUNS]
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';

const [root, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { parseYaml } = await import(path.join(repo, 'lib', 'yaml', 'parse-yaml.js'));

const posts = path.join(root, 'posts');
const texts = [];
for (const entry of readdirSync(posts, { recursive: true })) {
  if (!String(entry).endsWith('.md')) continue;
  const text = readFileSync(path.join(posts, String(entry)), 'utf8');
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (match) texts.push(match[1]);
}
const viaYaml = (text) => {
  const doc = parseDocument(text, { lineCounter: new LineCounter(), uniqueKeys: true, prettyErrors: false, merge: false, logLevel: 'error' });
  return doc.toJS({ maxAliasCount: 100 });
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const time = (parse) => {
  const samples = [];
  for (let i = 0; i < runs + 1; i++) {
    const started = performance.now();
    for (const text of texts) parse(text);
    // The first run warms the JIT up and is not counted.
    if (i > 0) samples.push((performance.now() - started) / 1000);
  }
  return median(samples);
};
const quire = time((text) => parseYaml(text));
const yaml = time(viaYaml);
console.log(JSON.stringify({ posts: texts.length, quire, yaml }));
