#!/usr/bin/env node
// Load on the comment service over loopback: N concurrent posters for a bounded time against
// `quire comments serve` (the compiled CLI, a separate process), then a check that every
// acknowledged (2xx) comment is in the database and that it passes PRAGMA integrity_check.
// With --kill, the service is SIGKILLed halfway through and the check runs on what it left.
//
//   npm run compile && node bench/comments-load.mjs                 # 50 posters, 30 s
//   node bench/comments-load.mjs --posters 50 --seconds 30 --kill
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const posters = option('posters', 50);
const seconds = option('seconds', 30);
const kill = args.includes('--kill');
// Bounded in count as well as time, whatever the machine.
const maxPerPoster = option('max-per-poster', 100_000);
const secret = 'bench-secret-of-enough-length';
const origin = 'https://bench.example';

const { CommentStore } = await import(path.join(repo, 'lib/comments-service/database.js'));

const root = mkdtempSync(path.join(os.tmpdir(), 'quire-comments-load-'));
mkdirSync(path.join(root, 'posts'));
writeFileSync(path.join(root, 'quire.config.yaml'),
  `title: Bench\nbaseUrl: ${origin}/\ntimeZone: UTC\ncomments:\n  provider: quire\n  url: http://127.0.0.1:1/\n  minSeconds: 1\n  rateLimit: 100000/1s\n`);
writeFileSync(path.join(root, 'posts', '2025-05-01-tea.md'), '---\ntitle: Tea\n---\nA post about tea.\n');

function serve() {
  const child = spawn(process.execPath, [path.join(repo, 'bin/quire.js'), 'comments', 'serve', '--port', '0', '--trust-proxy', '--root', root], {
    env: { ...process.env, QUIRE_COMMENTS_SECRET: secret },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.on('exit', (code) => reject(new Error(`The service exited (${code}): ${output}`)));
  });
}

// One keep-alive connection per poster, like readers' browsers; plain node:http keeps the
// load generator's own cost low, so the figures are mostly the service's.
const agent = new Agent({ keepAlive: true, maxSockets: posters });
function post(port, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/comments', method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const stamp = () => {
  const time = String(Date.now() - 5000);
  return `${time}.${createHmac('sha256', secret).update(`stamp:${time}`).digest('base64url')}`;
};

const { child, port } = await serve();
const latencies = [];
const statuses = new Map();
const acknowledged = [];
let connectionErrors = 0;
let killed = false;
const started = performance.now();
const until = started + seconds * 1000;
if (kill) setTimeout(() => { killed = true; child.kill('SIGKILL'); }, (seconds * 1000) / 2);

await Promise.all(Array.from({ length: posters }, async (_, poster) => {
  for (let i = 0; i < maxPerPoster && performance.now() < until; i++) {
    const begin = performance.now();
    try {
      const response = await post(port, { 'content-type': 'application/json', origin, 'x-forwarded-for': `10.2.${poster}.1` },
        JSON.stringify({ post: 'tea', name: `Poster ${poster}`, email: `p${poster}@example.org`, body: `Comment ${i} from poster ${poster}.`, stamp: stamp() }));
      latencies.push(performance.now() - begin);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status >= 200 && response.status < 300) acknowledged.push(response.body.id);
    } catch {
      connectionErrors++;
      if (killed) return;
    }
  }
}));
const elapsed = (performance.now() - started) / 1000;
if (!killed) {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

const store = new CommentStore(path.join(root, '.quire', 'comments.db'));
const stored = new Set(store.list().map((c) => c.id));
const integrity = store.integrityCheck();
store.close();
const missing = acknowledged.filter((id) => !stored.has(id));
latencies.sort((a, b) => a - b);
const pct = (p) => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1) : '-';
const serverErrors = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
console.log(`posters ${posters}, ${elapsed.toFixed(1)} s${kill ? ', SIGKILL at half time' : ''}`);
console.log(`requests answered ${latencies.length} (${(latencies.length / elapsed).toFixed(0)}/s), statuses ${JSON.stringify(Object.fromEntries(statuses))}, connection errors ${connectionErrors}`);
console.log(`latency ms: p50 ${pct(50)}, p90 ${pct(90)}, p99 ${pct(99)}, max ${latencies.length ? latencies[latencies.length - 1].toFixed(1) : '-'}`);
console.log(`acknowledged ${acknowledged.length}, in the database ${stored.size}, acknowledged but missing ${missing.length}, server errors ${serverErrors}, integrity_check ${integrity}`);
agent.destroy();
rmSync(root, { recursive: true, force: true });
process.exitCode = missing.length === 0 && serverErrors === 0 && integrity === 'ok' ? 0 : 1;
