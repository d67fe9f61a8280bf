#!/usr/bin/env node
// A deterministic blog corpus for build benchmarks and the large-blog tests.
//
//   node bench/gen-corpus.mjs --posts N --out DIR [--seed S]     # seed defaults to 1
//
// Writes DIR/posts/YYYY-MM-DD-slug.md, one file per post, and the images they show in DIR/static/images/. Plain Node ESM, no dependencies, no
// clock, no Math.random and no locale: the same N and seed give byte-identical files on any
// machine (the seed is mixed with N, so the 1,000-post corpus is not a prefix of the 10,000-post
// one). On 2 cores: 10,000 posts in ~4 s, 100,000 posts (578 MiB) in ~16 s, ~150 MiB RSS.
//
// Each post has YAML front matter:
//   title        plain, single- or double-quoted YAML; quotes, `&`, `#`, `—`, `…`,
//                accented/CJK/Cyrillic words, an emoji now and then
//   date         spread over 2011-01-01 … 2025-12-31; 70 % RFC 3339 with an offset
//                (`2015-03-04T10:22:00+05:30`, `Z`), 15 % date only (`2015-03-04`),
//                15 % `2015-03-04 10:22:00 -05:00`
//   updated      ~12 %
//   tags         0–5 from a pool of 200 with a Zipf-like spread (weight ∝ 1/rank^1.07;
//                `javascript` on ~40 % of posts, `rust` ~18 %, the tail on a handful), flow
//                `[a, b]` or block list; includes `c++`, `node.js`, `café`, `über-tools`
//   category     one of 12
//   description  one sentence
//   draft: true  ~2 %
//   comments: false  ~5 %
// The file name's date is the local date of `date`; the slug comes from the title and is unique.
//
// The body is 300–1,500 words (mean ~970, counting code): paragraphs with emphasis, strong,
// inline code, strikethrough, bare URLs, internal links to other posts (both
// `./2015-03-04-other.md` source links and `/2015/03/other/` permalinks) and external links;
// h2/h3 headings, bullet, ordered, nested and task lists; fenced code blocks in 13 languages (or
// none) in ~60 % of posts; blockquotes; a GFM table in ~17 %; an image in ~16 % (local PNGs or remote URLs);
// footnotes in ~4 %; a `<!-- more -->` excerpt marker in ~30 %; `---` rules. No raw HTML besides
// that marker, and no `{{`, `{%` or `{#` anywhere, so Liquid/Nunjucks-based engines (the peers
// `npm run bench -- --peers` times) read the posts as plain markdown.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

// ---------- arguments ----------
function parseArgs(argv) {
  const o = { posts: 1000, out: null, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) usage(`missing value for ${a}`);
      return argv[++i];
    };
    if (a === '--posts' || a === '-n') o.posts = Number(val());
    else if (a === '--out' || a === '-o') o.out = val();
    else if (a === '--seed' || a === '-s') o.seed = Number(val());
    else if (a === '--help' || a === '-h') usage();
    else usage(`unknown argument ${a}`);
  }
  if (!o.out) usage('--out DIR is required');
  if (!Number.isInteger(o.posts) || o.posts < 1) usage('--posts must be a positive integer');
  if (!Number.isInteger(o.seed)) usage('--seed must be an integer');
  return o;
}
function usage(msg) {
  if (msg) process.stderr.write(`gen-corpus: ${msg}\n`);
  process.stderr.write('usage: node gen-corpus.mjs --posts N --out DIR [--seed S]\n');
  process.exit(msg ? 2 : 0);
}

// ---------- PRNG (sfc32 seeded through splitmix32) ----------
function makeRng(seed) {
  let s = seed >>> 0;
  const sm = () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = sm(), b = sm(), c = sm(), d = sm();
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}
let R; // current rng
const rint = (lo, hi) => lo + Math.floor(R() * (hi - lo + 1)); // inclusive
const pick = (arr) => arr[Math.floor(R() * arr.length)];
const chance = (p) => R() < p;

// ---------- vocabularies ----------
const W = (s) => s.trim().split(/\s+/);
const FUNC = W(`the a an of to in and or but for with on at by from as that this it is was are be
  not we you they our their its which when then than so if into about over after before just also`);
const WORDS = W(`time system build page site post reader writer code data file folder markdown
  template layout theme style color font image link list table header footer archive feed tag
  category date month year week day morning evening night week plan idea draft note story
  question answer problem solution trade-off design pattern module package library framework
  server client browser request response cache memory disk network latency throughput speed
  test suite bug fix patch release version change commit branch merge review team people user
  author editor comment reply thread community garden kitchen coffee tea bicycle train city
  river mountain forest ocean winter summer spring autumn light shadow window door book
  chapter paragraph sentence word letter number function variable value type interface class
  object array string stream buffer queue worker thread process signal error warning log
  metric graph chart report budget estimate deadline meeting habit routine practice lesson
  experiment result benchmark profile flame trace compiler parser lexer token tree node edge
  path route handler middleware plugin hook event loop promise callback future task job
  schedule deploy container cluster region zone backup restore migration schema query index
  record field column row key lock transaction journal snapshot diff history timeline
  simple small large quick slow careful honest strange quiet noisy bright dark warm cold
  modern classic plain rich fast stable fragile robust lazy eager strict loose clean messy
  good better best worse rare common useful useless obvious subtle hidden public private
  write read ship measure refactor delete rename move split join sort filter render parse
  compile bundle minify escape sanitize validate deploy rollback learn teach explain forget
  remember notice try fail retry wait start stop finish begin open close keep drop share
  think believe wonder argue agree prefer choose avoid enjoy miss walk cook travel visit`);
const NAMES = W(`alpha beta gamma delta config options state cache index items result count total
  buffer queue entry record user post page tag node child parent handler router loader`);
const TOPICS = W(`Rust Go TypeScript JavaScript Python CSS HTML SQL Postgres SQLite Linux Vim Emacs
  Git Docker Kubernetes WebAssembly Markdown Unicode typography caching testing logging
  accessibility performance security compilers parsers databases gardening cooking cycling
  photography writing reading travel coffee sourdough`);
const UNI = ['café', 'naïve', 'Zürich', 'São Paulo', 'résumé', 'Ünïcödé', 'jalapeño', 'Ångström',
  'façade', 'Kraków', 'smörgåsbord', '東京', '日本語', 'Ελληνικά', 'Москва', 'π', 'λ-calculus'];
const EMOJI = ['🚀', '✨', '☕', '🐛', '📚', '🌱', '🔥', '🎉'];
const TAG_BASE = W(`javascript typescript rust go python ruby java kotlin swift haskell elixir clojure
  css html svg webassembly node.js deno bun react vue svelte solid astro eleventy hugo jekyll
  hexo markdown yaml json toml sql postgres sqlite redis kafka linux unix bash zsh vim emacs
  git github docker kubernetes nginx caddy http tls dns tcp unicode typography fonts
  accessibility performance security privacy testing debugging logging observability
  benchmarks compilers parsers interpreters databases distributed-systems concurrency
  algorithms data-structures math statistics machine-learning ai llm ethics open-source
  licensing career management remote-work productivity writing reading books poetry history
  philosophy music film photography drawing design ux ui architecture urbanism cycling
  running hiking climbing travel japan france italy mexico iceland cooking baking sourdough
  coffee tea gardening birds cats dogs parenting health sleep meditation minimalism
  personal-finance economics politics climate energy solar ev hardware keyboards raspberry-pi
  arduino electronics 3d-printing retro-computing emulation games game-dev graphics shaders
  audio video streaming podcasts newsletter blogging static-sites indieweb rss email
  self-hosting homelab backups nas zfs btrfs networking wifi mobile android ios macos windows
  freebsd openbsd c-lang c++ zig nim ocaml fsharp lisp scheme prolog erlang lua perl php
  wordpress drupal ghost jamstack cms search seo analytics i18n l10n café über-tools
  year-in-review til notes howto tutorial announcement release-notes meta`);
const TAGS = [...new Set(TAG_BASE)].slice(0, 200);
const CATEGORIES = ['Programming', 'Web', 'Tools', 'Essays', 'Travel Notes', 'Kitchen', 'Life',
  'Reviews', 'Projects', 'Links', 'Tutorials', 'Meta'];
const LANGS = ['js', 'ts', 'python', 'go', 'rust', 'bash', 'json', 'yaml', 'css', 'html', 'sql', 'ruby', 'diff', ''];
const EXT_SITES = ['https://developer.mozilla.org/en-US/docs/Web/', 'https://en.wikipedia.org/wiki/',
  'https://example.com/', 'https://www.rfc-editor.org/rfc/rfc', 'https://github.com/example/',
  'https://news.example.org/item?id=', 'https://blog.example.net/20'];
const OFFSETS = [0, 0, 0, 60, 60, 120, -300, -300, -480, -420, 330, 540, 600, -180, 345, 780];

// Zipf-like tag weights: weight(rank r) = 1 / (r+1)^1.07
const TAG_CDF = (() => {
  const w = TAGS.map((_, r) => 1 / Math.pow(r + 1, 1.07));
  const tot = w.reduce((x, y) => x + y, 0);
  let acc = 0;
  return w.map((x) => (acc += x / tot));
})();
function zipfTag() {
  const u = R();
  let lo = 0, hi = TAG_CDF.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (TAG_CDF[mid] < u) lo = mid + 1; else hi = mid;
  }
  return TAGS[lo];
}

// ---------- text ----------
const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
function word() {
  const u = R();
  if (u < 0.38) return pick(FUNC);
  if (u < 0.995) return pick(WORDS);
  return pick(UNI);
}
function words(n) {
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = word();
  return out;
}
function ident() {
  return pick(NAMES) + (chance(0.5) ? cap(pick(NAMES)) : '');
}

// ctx: { posts, self, footnotes: [], counter }
function sentence(ctx) {
  const n = rint(6, 22);
  const w = words(n);
  // inline markup on some word spans
  const k = R();
  const at = rint(1, n - 1);
  if (k < 0.08) w[at] = `*${w[at]}*`;
  else if (k < 0.13) w[at] = `**${w[at]}**`;
  else if (k < 0.20) w[at] = '`' + ident() + (chance(0.5) ? '()' : '') + '`';
  else if (k < 0.27 && ctx.posts.length > 1) {
    const other = ctx.posts[rint(0, ctx.posts.length - 1)];
    const target = chance(0.5) ? `./${other.file}` : `/${other.y}/${other.m}/${other.slug}/`;
    w[at] = `[${w[at]} ${pick(WORDS)}](${target})`;
  } else if (k < 0.33) {
    const base = pick(EXT_SITES);
    w[at] = `[${w[at]}](${base}${base.endsWith('rfc') ? rint(700, 9999) : pick(WORDS) + (chance(0.3) ? '#' + pick(WORDS) : '')})`;
  } else if (k < 0.345) w[at] = `~~${w[at]}~~`;
  else if (k < 0.355) w[at] = `https://example.org/${pick(WORDS)}/${rint(1, 999)}`;
  else if (k < 0.365 && ctx.footnotes) {
    const id = ctx.footnotes.length + 1;
    ctx.footnotes.push(id);
    w[at] = `${w[at]}[^${id}]`;
  }
  let s = cap(w.join(' '));
  if (n > 12 && chance(0.4)) {
    const i = s.indexOf(' ', Math.floor(s.length / 2));
    if (i > 0 && s[i - 1] !== ')' && s[i - 1] !== '*' && s[i - 1] !== '`') s = s.slice(0, i) + ',' + s.slice(i);
  }
  const e = R();
  return s + (e < 0.88 ? '.' : e < 0.95 ? '?' : e < 0.98 ? '!' : '…');
}
function paragraph(ctx) {
  const n = rint(2, 6);
  const out = [];
  for (let i = 0; i < n; i++) out.push(sentence(ctx));
  return out.join(' ');
}
const countWords = (s) => {
  let c = 0;
  for (let i = 0, inw = false; i < s.length; i++) {
    const sp = s.charCodeAt(i) <= 32;
    if (!sp && !inw) c++;
    inw = !sp;
  }
  return c;
};

function list(ctx) {
  const ordered = chance(0.35);
  const n = rint(3, 7);
  const out = [];
  for (let i = 0; i < n; i++) {
    const item = chance(0.7) ? cap(words(rint(3, 10)).join(' ')) : sentence(ctx);
    const bullet = ordered ? `${i + 1}.` : chance(0.9) ? '-' : '*';
    out.push(`${bullet} ${item}`);
    if (chance(0.12)) {
      const pad = ' '.repeat(bullet.length + 1);
      for (let j = 0, m = rint(1, 3); j < m; j++) out.push(`${pad}- ${cap(words(rint(2, 7)).join(' '))}`);
    }
  }
  if (!ordered && chance(0.1)) out.push(`- [ ] ${cap(words(4).join(' '))}`, `- [x] ${cap(words(3).join(' '))}`);
  return out.join('\n');
}

function codeBlock() {
  const lang = pick(LANGS);
  const n = rint(3, 22);
  const lines = [];
  const id = () => ident();
  let depth = 0;
  for (let i = 0; i < n; i++) {
    depth = Math.max(0, Math.min(3, depth + (chance(0.25) ? 1 : chance(0.3) ? -1 : 0)));
    const ind = '  '.repeat(depth);
    switch (lang) {
      case 'js': case 'ts':
        lines.push(pick([
          `${ind}const ${id()} = await ${id()}(${id()}, ${rint(0, 99)});`,
          `${ind}if (${id()}.length > ${rint(1, 64)}) return ${id()};`,
          `${ind}export function ${id()}(${id()}${lang === 'ts' ? ': string' : ''}) { return ${id()}.trim(); }`,
          `${ind}// ${words(rint(3, 8)).join(' ')}`,
          `${ind}${id()}.push(\`${pick(WORDS)}-\${${id()}}\`);`,
        ]));
        break;
      case 'python':
        lines.push(pick([
          `${ind}def ${id()}(${id()}, ${id()}=None):`,
          `${ind}return [x for x in ${id()} if x > ${rint(0, 9)}]`,
          `${ind}# ${words(rint(3, 8)).join(' ')}`,
          `${ind}${id()} = dict(${id()}=${rint(1, 500)})`,
        ]));
        break;
      case 'go':
        lines.push(pick([
          `${ind}${id()}, err := ${id()}(ctx, ${rint(1, 99)})`,
          `${ind}if err != nil { return fmt.Errorf("${pick(WORDS)}: %w", err) }`,
          `${ind}// ${words(rint(3, 8)).join(' ')}`,
          `${ind}for _, v := range ${id()} { total += v }`,
        ]));
        break;
      case 'rust':
        lines.push(pick([
          `${ind}let ${id()}: Vec<u32> = ${id()}.iter().map(|x| x * ${rint(2, 9)}).collect();`,
          `${ind}fn ${id()}(&self) -> Option<&str> { None }`,
          `${ind}// ${words(rint(3, 8)).join(' ')}`,
          `${ind}match ${id()} { Some(v) => v, None => ${rint(0, 9)} }`,
        ]));
        break;
      case 'bash':
        lines.push(pick([
          `${ind}npm run ${pick(WORDS)} -- --${pick(WORDS)}=${rint(1, 9)}`,
          `${ind}find . -name '*.md' | wc -l`,
          `${ind}# ${words(rint(3, 8)).join(' ')}`,
          `${ind}export ${pick(NAMES).toUpperCase()}=${rint(1, 999)}`,
        ]));
        break;
      case 'json':
        lines.push(`${ind}"${id()}": ${pick([rint(0, 999), '"' + pick(WORDS) + '"', 'true', 'null'])},`);
        break;
      case 'yaml':
        lines.push(`${ind}${id()}: ${pick([rint(0, 999), pick(WORDS), 'true'])}`);
        break;
      case 'css':
        lines.push(pick([`${ind}.${pick(WORDS)} > .${pick(WORDS)} { margin: ${rint(0, 4)}rem; }`,
          `${ind}--${pick(WORDS)}-color: #${rint(0x100, 0xfff).toString(16)};`]));
        break;
      case 'html':
        lines.push(`${ind}<${pick(['div', 'p', 'span', 'li'])} class="${pick(WORDS)}">${words(rint(1, 5)).join(' ')}</${'div'}>`);
        break;
      case 'sql':
        lines.push(`${ind}SELECT ${id()}, count(*) FROM ${pick(WORDS)}s WHERE ${id()} > ${rint(0, 99)} GROUP BY 1;`);
        break;
      case 'ruby':
        lines.push(`${ind}${id()}.each { |x| puts x.${pick(['to_s', 'upcase', 'strip'])} }`);
        break;
      case 'diff':
        lines.push(`${pick(['+', '-', ' '])}${ind}${words(rint(2, 8)).join(' ')}`);
        break;
      default:
        lines.push(`${ind}${words(rint(2, 10)).join(' ')}`);
    }
  }
  return '```' + lang + '\n' + lines.join('\n') + '\n```';
}

function table() {
  const cols = rint(2, 5);
  const rows = rint(2, 8);
  const head = [];
  for (let c = 0; c < cols; c++) head.push(cap(pick(WORDS)));
  const out = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? ' :--- ' : chance(0.3) ? ' ---: ' : ' --- ')).join('|')}|`];
  for (let r = 0; r < rows; r++) {
    const cells = [];
    for (let c = 0; c < cols; c++) cells.push(c === 0 ? pick(WORDS) : chance(0.5) ? String(rint(0, 9999)) : words(rint(1, 3)).join(' '));
    out.push(`| ${cells.join(' | ')} |`);
  }
  return out.join('\n');
}

function blockquote(ctx) {
  const p = paragraph(ctx).replace(/\n/g, ' ');
  const out = ['> ' + p];
  if (chance(0.3)) out.push('>', '> — ' + cap(pick(WORDS)) + ' ' + cap(pick(WORDS)));
  return out.join('\n');
}

function heading(level) {
  let t = cap(words(rint(2, 6)).join(' '));
  if (chance(0.08)) t += ' ' + pick(UNI);
  if (chance(0.05)) t = '`' + ident() + '` ' + t;
  return '#'.repeat(level) + ' ' + t;
}

// Local images (two in three) are written to static/images/ as PNGs (see `writeImages`).
const localImages = new Set();
function image() {
  const remote = R() < 1 / 3;
  const name = `${pick(WORDS)}-${rint(1, 99)}`;
  const ext = pick(['png', 'jpg', 'webp']);
  if (remote) return `https://img.example.com/${name}.${ext}`;
  localImages.add(name);
  return `/images/${name}.png`;
}

/**
 * One PNG per local image: a diagonal gradient in a colour taken from its name, 320×200 (three
 * in five, shown as they are) or 960×600 (resized to 480 px too). zlib is deterministic, so the
 * bytes are the same on every machine.
 */
function writeImages(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  for (const name of [...localImages].sort()) {
    let h = 0;
    for (const c of name) h = (h * 31 + c.codePointAt(0)) >>> 0;
    const [w, hgt] = h % 5 < 3 ? [320, 200] : [960, 600];
    const rgb = [h & 255, (h >> 8) & 255, (h >> 16) & 255];
    const raw = Buffer.alloc((w * 3 + 1) * hgt);
    for (let y = 0; y < hgt; y++) {
      const row = y * (w * 3 + 1);
      for (let x = 0; x < w; x++) {
        const t = (x + y) / (w + hgt);
        for (let c = 0; c < 3; c++) raw[row + 1 + x * 3 + c] = Math.round(rgb[c] * (1 - t) + 255 * t);
      }
    }
    const header = Buffer.alloc(13);
    header.writeUInt32BE(w, 0);
    header.writeUInt32BE(hgt, 4);
    header.set([8, 2, 0, 0, 0], 8);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
    fs.writeFileSync(path.join(dir, `${name}.png`), png);
  }
}

function body(ctx, target) {
  const blocks = [];
  let wc = 0;
  const add = (b) => { blocks.push(b); wc += countWords(b); };
  add(paragraph(ctx));
  if (chance(0.3)) blocks.push('<!-- more -->');
  if (chance(0.5)) add(paragraph(ctx));
  let h3ok = false;
  while (wc < target) {
    const u = R();
    if (u < 0.11) { add(heading(2)); h3ok = true; }
    else if (u < 0.15 && h3ok) add(heading(3));
    else if (u < 0.24) add(list(ctx));
    else if (u < 0.30) add(codeBlock());
    else if (u < 0.33) add(blockquote(ctx));
    else if (u < 0.34) add(table());
    else if (u < 0.35) add(`![${cap(words(rint(2, 5)).join(' '))}](${image()}${chance(0.3) ? ` "${cap(pick(WORDS))}"` : ''})`);
    else if (u < 0.355) add('---');
    else add(paragraph(ctx));
  }
  if (ctx.footnotes && ctx.footnotes.length) {
    for (const id of ctx.footnotes) blocks.push(`[^${id}]: ${cap(words(rint(4, 14)).join(' '))}.`);
  }
  return blocks.join('\n\n') + '\n';
}

// ---------- titles, slugs, dates, YAML ----------
const TITLE_TEMPLATES = [
  () => `Notes on ${pick(TOPICS)} and ${pick(WORDS)}s`,
  () => `Why ${pick(TOPICS)} matters — ${rint(2011, 2025)} edition`,
  () => `How I "${pick(WORDS)}" my ${pick(WORDS)}`,
  () => `${pick(TOPICS)}: lessons from ${rint(2, 20)} years`,
  () => `The 'hidden' cost of ${pick(WORDS)}s`,
  () => `${cap(pick(UNI))} and the ${pick(WORDS)} ${pick(WORDS)}`,
  () => `${rint(3, 12)} things I learned about ${pick(TOPICS)} ${pick(EMOJI)}`,
  () => `A ${pick(WORDS)} ${pick(WORDS)}, part ${rint(1, 9)}`,
  () => `Don't ${pick(WORDS)} the ${pick(WORDS)}… yet`,
  () => `${cap(pick(WORDS))} ${pick(WORDS)} in ${pick(TOPICS)}`,
  () => `Über-${pick(WORDS)}: "${cap(pick(WORDS))}" vs. '${pick(WORDS)}'`,
  () => `${pick(TOPICS)} #${rint(1, 99)} — ${pick(WORDS)} & ${pick(WORDS)}`,
  () => `What ${pick(WORDS)}s taught me about ${pick(TOPICS)}`,
  () => `[${cap(pick(WORDS))}] ${cap(pick(WORDS))} ${pick(WORDS)} ${pick(WORDS)}`,
];
function slugify(s) {
  const t = s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return t.slice(0, 60).replace(/-+$/, '') || 'post';
}
const pad2 = (n) => (n < 10 ? '0' : '') + n;
function fmtDate(utcMs, offMin, style) {
  const d = new Date(utcMs + offMin * 60000); // shifted so UTC getters give local wall time
  const ymd = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  if (style === 'date') return { ymd, y: d.getUTCFullYear(), m: pad2(d.getUTCMonth() + 1), text: ymd };
  const hms = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  const a = Math.abs(offMin);
  const off = offMin === 0 && style === 'iso' ? 'Z' : `${offMin < 0 ? '-' : '+'}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
  const text = style === 'iso' ? `${ymd}T${hms}${off}` : `${ymd} ${hms} ${off}`;
  return { ymd, y: d.getUTCFullYear(), m: pad2(d.getUTCMonth() + 1), text };
}
// YAML scalar: plain when safe, else quoted (double or single) — varied like real blogs.
function yamlStr(s, preferQuote) {
  const plainOk = /^[^\s\-?:,[\]{}#&*!|>'"%@`]/.test(s) && !/: |:$| #|^\s|\s$/.test(s) &&
    !/^(true|false|yes|no|on|off|null|~|[-+]?[0-9][0-9_.:eE+-]*)$/i.test(s);
  if (plainOk && !preferQuote) return s;
  if (!s.includes("'") && chance(0.3)) return `'${s}'`;
  if (chance(0.2)) return `'${s.replace(/'/g, "''")}'`;
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

// ---------- main ----------
function main() {
  const opt = parseArgs(process.argv.slice(2));
  const t0 = process.hrtime.bigint();
  R = makeRng(opt.seed * 2654435761 + opt.posts);
  const START = Date.UTC(2011, 0, 1), END = Date.UTC(2025, 11, 31, 23, 59, 59);
  const usedSlugs = new Set();
  const posts = new Array(opt.posts);
  // pass 1: metadata (needed so bodies can link to other posts)
  for (let i = 0; i < opt.posts; i++) {
    const title = pick(TITLE_TEMPLATES)();
    const utc = START + Math.floor(R() * ((END - START) / 1000)) * 1000;
    const off = pick(OFFSETS);
    const u = R();
    const style = u < 0.7 ? 'iso' : u < 0.85 ? 'date' : 'space';
    const d = fmtDate(utc, off, style);
    let base = slugify(title), slug = base, k = 2;
    while (usedSlugs.has(slug)) slug = `${base}-${k++}`;
    usedSlugs.add(slug);
    posts[i] = { title, d, slug, y: d.y, m: d.m, file: `${d.ymd}-${slug}.md` };
  }
  const dir = path.join(opt.out, 'posts');
  fs.mkdirSync(dir, { recursive: true });
  let bytes = 0, drafts = 0;
  // pass 2: front matter + body, one file per post
  for (let i = 0; i < opt.posts; i++) {
    const p = posts[i];
    const nt = chance(0.1) ? 0 : rint(1, 5);
    const tags = new Set();
    for (let t = 0; tags.size < nt && t < 20; t++) tags.add(zipfTag());
    const fm = ['---', `title: ${yamlStr(p.title, chance(0.3))}`, `date: ${p.d.text}`];
    if (chance(0.12)) {
      const upd = fmtDate(Date.UTC(p.y + 1, 0, 1) + Math.floor(R() * 3e10), 0, 'iso').text;
      fm.push(`updated: ${upd}`);
    }
    if (tags.size) {
      const list = [...tags].map((t) => (/^[a-z0-9]/.test(t) ? t : yamlStr(t, true)));
      if (chance(0.5)) fm.push(`tags: [${list.join(', ')}]`);
      else { fm.push('tags:'); for (const t of list) fm.push(`  - ${t}`); }
    }
    fm.push(`category: ${yamlStr(pick(CATEGORIES), false)}`);
    fm.push(`description: ${yamlStr(cap(words(rint(8, 20)).join(' ')) + '.', chance(0.5))}`);
    if (chance(0.02)) { fm.push('draft: true'); drafts++; }
    if (chance(0.05)) fm.push('comments: false');
    fm.push('---', '');
    const ctx = { posts, self: i, footnotes: chance(0.1) ? [] : null };
    const target = rint(300, 1500);
    const text = fm.join('\n') + '\n' + body(ctx, target);
    fs.writeFileSync(path.join(dir, p.file), text);
    bytes += Buffer.byteLength(text);
  }
  writeImages(path.join(opt.out, 'static', 'images'));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  process.stderr.write(`gen-corpus: ${opt.posts} posts (${drafts} drafts), ${localImages.size} images, ${(bytes / 1048576).toFixed(1)} MiB in ${dir} (${(ms / 1000).toFixed(1)} s, seed ${opt.seed})\n`);
}

main();
