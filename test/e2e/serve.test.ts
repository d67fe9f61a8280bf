/**
 * `quire serve` in-process on a free loopback port: base path, content types, folders, the 404
 * page, live reload after an edit, the error overlay with the last good page, and hostile
 * request paths (through fetch and raw sockets) that never leave the site or stop the server;
 * byte ranges, entity tags and HEAD; and two `quire serve` processes on one site.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/serve/dev-server.js';
import { liveReloadPaths } from '../../src/serve/live-reload.js';
import { connectEvents, type EventStream } from '../../src/serve/sse-client.js';
import { FIXED_NOW } from '../support/clock.js';
import { useTempDirs, writeFiles } from '../support/temp-dir.js';

const tempDir = useTempDirs('quire-serve-');
/** Generous bound for a save to reach the browser (the real figure is a few hundred ms). */
const bound = 10_000;

const firstPost = (body: string) => `---\ntitle: First Post\ndate: 2020-01-05\ntags: [notes]\n---\n\n${body}\n`;
const brokenPost = '---\ntitle: First Post\ndate: 2020-01-05\ndescription: "quoted" and then more\n---\n\nBroken edit.\n';

/** A stand-in for a video: 1,000 bytes, each telling its offset apart from its neighbours'. */
const clip = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);

let site: string;
let server: DevServer;
let events: EventStream;

beforeAll(async () => {
  site = tempDir();
  writeFiles(site, {
    'quire.config.yaml': 'title: Serve Test\nbaseUrl: https://example.org/blog/\n',
    'posts/2020-01-05-first.md': firstPost('The original text.'),
    'posts/2020-02-01-second.md': '---\ntitle: Second\n---\n\nSee [the first](./2020-01-05-first.md).\n',
    'static/hello.txt': 'hello\n',
    'static/img/dot.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
    'static/data.bin': 'binary?',
    'static/media/clip.mp4': clip,
    'static/empty.txt': '',
  });
  // A file beside the served folder that no request may reach.
  writeFiles(site, { '.quire/secret.txt': 'TOP SECRET\n' });
  server = await startDevServer({ root: site, port: 0, now: () => FIXED_NOW });
  const first = await server.ready;
  expect(first.result.diagnostics).toEqual([]);
  expect(first.result.ok).toBe(true);
  events = connectEvents(`http://127.0.0.1:${server.port}${liveReloadPaths.events}`);
  await events.opened;
});

afterAll(async () => {
  events?.close();
  await server?.close();
});

const origin = () => `http://127.0.0.1:${server.port}`;
const get = (p: string, init: RequestInit = {}) => fetch(origin() + p, { redirect: 'manual', ...init });

/** Sends `request` as raw bytes and returns the response head and body. */
function raw(request: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(5000, () => socket.destroy(new Error('raw request timed out')));
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
  });
}

describe('serving the built site', () => {
  it('listens on the loopback interface and serves under the base path', async () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/blog/`);
    const root = await get('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/blog/');
    const bare = await get('/blog');
    expect(bare.status).toBe(302);
    expect(bare.headers.get('location')).toBe('/blog/');
    const home = await get('/blog/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await home.text();
    expect(html).toContain('First Post');
    expect(html).toContain('href="/blog/2020/01/first/"');
    expect(html).toContain(`<script src="${liveReloadPaths.client}"></script></body>`);
    expect(html).not.toContain('quire-error-overlay');
  });

  it('builds with this server as the base URL, into a private folder, without the reload script', async () => {
    const feed = await (await get('/blog/rss.xml')).text();
    expect(feed).toContain(`http://127.0.0.1:${server.port}/blog/2020/01/first/`);
    expect(existsSync(path.join(site, 'dist'))).toBe(false);
    expect(server.outDir).toBe(path.join(site, '.quire', `serve-${server.port}`));
    expect(readFileSync(`${server.outDir}.pid`, 'utf8')).toBe(String(process.pid));
    const onDisk = readFileSync(path.join(server.outDir, 'index.html'), 'utf8');
    expect(onDisk).not.toContain('__quire');
  });

  it('redirects a folder without its slash and serves its index.html', async () => {
    const bare = await get('/blog/2020/01/first?x=1');
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/blog/2020/01/first/?x=1');
    const page = await get('/blog/2020/01/first/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('The original text.');
    expect((await get('/blog/2020/01/first/index.html')).status).toBe(200);
  });

  it('sends the right content types', async () => {
    const home = await (await get('/blog/')).text();
    const css = /href="(\/blog\/assets\/style\.[0-9a-f]+\.css)"/.exec(home)?.[1];
    expect(css).toBeDefined();
    const types: Record<string, string> = {
      [css as string]: 'text/css; charset=utf-8',
      '/blog/rss.xml': 'application/xml; charset=utf-8',
      '/blog/atom.xml': 'application/xml; charset=utf-8',
      '/blog/feed.json': 'application/json; charset=utf-8',
      '/blog/hello.txt': 'text/plain; charset=utf-8',
      '/blog/img/dot.svg': 'image/svg+xml',
      '/blog/data.bin': 'application/octet-stream',
      [liveReloadPaths.client]: 'text/javascript; charset=utf-8',
    };
    for (const [p, type] of Object.entries(types)) {
      const res = await get(p);
      expect(res.status, p).toBe(200);
      expect(res.headers.get('content-type'), p).toBe(type);
      await res.arrayBuffer();
    }
    expect(await (await get('/blog/hello.txt')).text()).toBe('hello\n');
  });

  it("answers a missing path with the site's 404 page and status 404", async () => {
    for (const p of ['/blog/no/such/page/', '/blog/nothing.html', '/elsewhere/', '/blog/hello.txt/']) {
      const res = await get(p);
      expect(res.status, p).toBe(404);
      const html = await res.text();
      expect(html, p).toContain('Page not found');
      expect(html, p).toContain(liveReloadPaths.client);
    }
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('/blog/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await get('/blog/', { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('HTTP: ranges, entity tags, HEAD', () => {
  const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer());

  it('answers a single byte range with 206 and Content-Range, so media can seek', async () => {
    const cases: Array<[string, number, number]> = [
      ['bytes=0-99', 0, 99],
      ['bytes=900-', 900, 999],
      ['bytes=-10', 990, 999],
      ['bytes=500-5000', 500, 999],
    ];
    for (const [range, start, end] of cases) {
      const res = await get('/blog/media/clip.mp4', { headers: { range } });
      expect(res.status, range).toBe(206);
      expect(res.headers.get('content-type'), range).toBe('video/mp4');
      expect(res.headers.get('content-range'), range).toBe(`bytes ${start}-${end}/1000`);
      expect(res.headers.get('content-length'), range).toBe(String(end - start + 1));
      expect(res.headers.get('accept-ranges'), range).toBe('bytes');
      expect(await bytes(res), range).toEqual(clip.subarray(start, end + 1));
    }
  });

  it('answers a range past the end with 416 and the size', async () => {
    for (const [p, range, size] of [['/blog/media/clip.mp4', 'bytes=1000-', 1000], ['/blog/media/clip.mp4', 'bytes=-0', 1000], ['/blog/empty.txt', 'bytes=0-', 0]] as const) {
      const res = await get(p, { headers: { range } });
      expect(res.status, range).toBe(416);
      expect(res.headers.get('content-range'), range).toBe(`bytes */${size}`);
      await res.arrayBuffer();
    }
    const page = Buffer.from(await (await get('/blog/')).arrayBuffer());
    const past = await get('/blog/', { headers: { range: `bytes=${page.length}-` } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${page.length}`);
    expect(await past.text()).toContain('Range not satisfiable');
    expect((await get('/blog/')).status).toBe(200);
  });

  it('sends the whole file for several ranges, a malformed range or a stale If-Range', async () => {
    const full = await get('/blog/media/clip.mp4');
    const etag = full.headers.get('etag') ?? '';
    await full.arrayBuffer();
    const whole: Array<Record<string, string>> = [
      { range: 'bytes=0-1,5-6' },
      { range: 'bytes=5-2' },
      { range: 'pages=1-2' },
      { range: 'bytes=0-9', 'if-range': '"something-else"' },
    ];
    for (const headers of whole) {
      const res = await get('/blog/media/clip.mp4', { headers });
      expect(res.status, JSON.stringify(headers)).toBe(200);
      expect(res.headers.get('content-length')).toBe('1000');
      expect(await bytes(res)).toEqual(clip);
    }
    const fresh = await get('/blog/media/clip.mp4', { headers: { range: 'bytes=0-9', 'if-range': etag } });
    expect(fresh.status).toBe(206);
    expect(await bytes(fresh)).toEqual(clip.subarray(0, 10));
  });

  it('tags every file and answers a matching If-None-Match with 304 and no body', async () => {
    const home = await (await get('/blog/')).text();
    const css = /href="(\/blog\/assets\/style\.[0-9a-f]+\.css)"/.exec(home)?.[1] as string;
    for (const p of ['/blog/', '/blog/hello.txt', css, '/blog/media/clip.mp4', '/blog/feed.json']) {
      const first = await get(p);
      expect(first.status, p).toBe(200);
      expect(first.headers.get('accept-ranges'), p).toBe('bytes');
      expect(first.headers.get('cache-control'), p).toBe('no-cache');
      const etag = first.headers.get('etag');
      expect(etag, p).toMatch(/^"[\w-]+"$/);
      await first.arrayBuffer();
      for (const ifNoneMatch of [etag as string, `W/${etag}`, `"other", ${etag}`]) {
        const again = await get(p, { headers: { 'if-none-match': ifNoneMatch } });
        expect(again.status, `${p} ${ifNoneMatch}`).toBe(304);
        expect(again.headers.get('etag'), p).toBe(etag);
        expect(await again.text(), p).toBe('');
      }
      const other = await get(p, { headers: { 'if-none-match': '"other"' } });
      expect(other.status, p).toBe(200);
      await other.arrayBuffer();
    }
  });

  it('tags and measures a page by the bytes sent, reload script included', async () => {
    const res = await get('/blog/2020/01/first/');
    const sent = Buffer.from(await res.arrayBuffer());
    expect(sent.toString('utf8')).toContain(liveReloadPaths.client);
    expect(res.headers.get('content-length')).toBe(String(sent.length));
    const onDisk = readFileSync(path.join(server.outDir, '2020', '01', 'first', 'index.html'));
    expect(sent.length).toBeGreaterThan(onDisk.length);
    const tail = await get('/blog/2020/01/first/', { headers: { range: 'bytes=-40' } });
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe(`bytes ${sent.length - 40}-${sent.length - 1}/${sent.length}`);
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(sent.subarray(sent.length - 40));
    expect(tail.headers.get('etag')).toBe(res.headers.get('etag'));
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    for (const [p, range] of [['/blog/', undefined], ['/blog/media/clip.mp4', undefined], ['/blog/media/clip.mp4', 'bytes=10-19'], ['/blog/no/such/page/', undefined]] as const) {
      const extra = range ? `Range: ${range}\r\n` : '';
      const request = (method: string) => `${method} ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}Connection: close\r\n\r\n`;
      const [got, head] = [await raw(request('GET')), await raw(request('HEAD'))];
      const parts = (text: string) => [text.slice(0, text.indexOf('\r\n\r\n')), text.slice(text.indexOf('\r\n\r\n') + 4)] as const;
      const [getHead, getBody] = parts(got.text);
      const [headHead, headBody] = parts(head.text);
      const label = `${p} ${range ?? ''}`;
      expect(got.status, label).toBe(range ? 206 : p.includes('no/such') ? 404 : 200);
      expect(head.status, label).toBe(got.status);
      expect(headBody, label).toBe('');
      const length = (h: string) => /\r\ncontent-length: (\d+)/i.exec(h)?.[1];
      expect(length(headHead), label).toBe(length(getHead));
      expect(Number(length(getHead)), label).toBe(Buffer.byteLength(getBody, 'latin1'));
      const etag = (h: string) => /\r\netag: (.*)/i.exec(h)?.[1];
      expect(etag(headHead), label).toBe(etag(getHead));
    }
  });

  it("ignores Range and If-None-Match on the 404 page", async () => {
    const res = await get('/blog/no/such/page/', { headers: { range: 'bytes=0-9', 'if-none-match': '*' } });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Page not found');
  });
});

describe('path safety', () => {
  const hostile = [
    '/../.quire/secret.txt',
    '/blog/../secret.txt',
    '/blog/../../.quire/secret.txt',
    '/blog/%2e%2e/secret.txt',
    '/blog/%2e%2e%2fsecret.txt',
    '/blog/%2e%2e%2f%2e%2e%2f.quire%2fsecret.txt',
    '/blog/%252e%252e%252fsecret.txt',
    '/blog/%252e%252e%252f%252e%252e%252f.quire%252fsecret.txt',
    '/blog/..\\secret.txt',
    '/blog/..%5csecret.txt',
    '/blog/..%5c..%5c.quire%5csecret.txt',
    '/blog/secret.txt%00.html',
    '/blog/%zz',
    `/blog/${'a/'.repeat(2000)}`,
  ].map((target) => [target.length > 80 ? `${target.slice(0, 40)}… (${target.length} characters)` : target, target]);

  it.each(hostile)('refuses %s over a raw socket, and keeps serving', async (_label, target) => {
    const res = await raw(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    expect([400, 403, 404]).toContain(res.status);
    expect(res.text).not.toContain('TOP SECRET');
    expect((await get('/blog/hello.txt')).status).toBe(200);
  });

  it('survives malformed requests', async () => {
    const garbage = [
      'GARBAGE\r\n\r\n',
      'GET\r\n\r\n',
      'GET /blog/ HTTP/9.9\r\n\r\n',
      'GET /blog/\0 HTTP/1.1\r\nHost: x\r\n\r\n',
      `GET /blog/ HTTP/1.1\r\nHost: x\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`,
      'GET /blog/ HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
      'GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      'GET http://evil.example/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03',
    ];
    for (const request of garbage) {
      const res = await raw(request);
      expect(res.text).not.toContain('TOP SECRET');
      if (res.status !== 0) expect(res.status).toBeGreaterThanOrEqual(400);
    }
    // A client that hangs up mid-request.
    await new Promise<void>((resolve) => {
      const socket = net.connect(server.port, '127.0.0.1', () => {
        socket.write('GET /blog/ HTTP/1.1\r\nHo');
        socket.destroy();
        resolve();
      });
    });
    const ok = await get('/blog/');
    expect(ok.status).toBe(200);
  });

  it('answers only to loopback host names (no DNS rebinding)', async () => {
    const rebound = await raw('GET /blog/ HTTP/1.1\r\nHost: evil.example:80\r\nConnection: close\r\n\r\n');
    expect(rebound.status).toBe(403);
    for (const name of [`localhost:${server.port}`, `127.0.0.1:${server.port}`, `[::1]:${server.port}`]) {
      expect((await raw(`GET /blog/ HTTP/1.1\r\nHost: ${name}\r\nConnection: close\r\n\r\n`)).status, name).toBe(200);
    }
  });

  it('refuses traversal through fetch as well', async () => {
    for (const target of ['/blog/%2e%2e%2fsecret.txt', '/blog/%252e%252e%252fsecret.txt', '/blog/..%5csecret.txt']) {
      const res = await get(target);
      expect([400, 403, 404], target).toContain(res.status);
      expect(await res.text()).not.toContain('TOP SECRET');
    }
  });
});

describe('live reload', () => {
  const postFile = () => path.join(site, 'posts', '2020-01-05-first.md');
  const postPage = '/blog/2020/01/first/';

  it('sends reload after an edit, and serves the new text', async () => {
    const reload = events.next('reload', bound);
    const saved = performance.now();
    writeFileSync(postFile(), firstPost('The edited text.'));
    const event = await reload;
    expect(event.at - saved).toBeLessThan(bound);
    const html = await (await get(postPage)).text();
    expect(html).toContain('The edited text.');
    expect(html).not.toContain('The original text.');
    expect(html).not.toContain('quire-error-overlay');
  });

  it('on a broken edit sends error with file and line, shows the overlay, and keeps the last good page', async () => {
    const good = await get(postPage);
    const goodTag = good.headers.get('etag') as string;
    await good.arrayBuffer();
    const error = events.next('error', bound);
    writeFileSync(postFile(), brokenPost);
    const event = await error;
    const report = JSON.parse(event.data) as { text: string; diagnostics: Array<{ file: string; line: number; code: string }> };
    // The broken post is out of the site, so the other post's link to it fails too.
    const yaml = report.diagnostics.find((d) => d.code === 'FrontMatterYaml');
    expect(yaml).toMatchObject({ line: 4 });
    expect(path.resolve(yaml?.file ?? '')).toBe(postFile());
    expect(report.text).toContain('2020-01-05-first.md:4');

    const res = await get(postPage);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('The edited text.');
    expect(html).not.toContain('Broken edit.');
    expect(html).toContain('<div id="quire-error-overlay"');
    expect(html).toContain('2020-01-05-first.md:4');
    // The file is the same, the bytes sent are not: a tab asking with the old tag gets the overlay.
    expect(res.headers.get('etag')).not.toBe(goodTag);
    const revalidated = await get(postPage, { headers: { 'if-none-match': goodTag } });
    expect(revalidated.status).toBe(200);
    expect(await revalidated.text()).toContain('quire-error-overlay');
    // Every page carries it, and a new tab is told at once.
    expect(await (await get('/blog/')).text()).toContain('quire-error-overlay');
    const late = connectEvents(`${origin()}${liveReloadPaths.events}`);
    try {
      const replay = late.next('error', bound);
      await late.opened;
      expect((await replay).data).toContain('FrontMatterYaml');
    } finally {
      late.close();
    }
  });

  it('a fixing edit clears the overlay and reloads', async () => {
    const reload = events.next('reload', bound);
    writeFileSync(postFile(), firstPost('The fixed text.'));
    await reload;
    const html = await (await get(postPage)).text();
    expect(html).toContain('The fixed text.');
    expect(html).not.toContain('quire-error-overlay');
  });

  it('a deleted post disappears from the lists and its page is gone', async () => {
    const reload = events.next('reload', bound);
    writeFileSync(path.join(site, 'posts', '2020-03-01-third.md'), '---\ntitle: Third\n---\n\nThird post.\n');
    await reload;
    expect((await get('/blog/2020/03/third/')).status).toBe(200);
    const gone = events.next('reload', bound);
    const { rmSync } = await import('node:fs');
    rmSync(path.join(site, 'posts', '2020-03-01-third.md'));
    await gone;
    expect((await get('/blog/2020/03/third/')).status).toBe(404);
    expect(await (await get('/blog/')).text()).not.toContain('Third');
    expect(readdirSync(path.join(server.outDir, '2020'))).not.toContain('03');
  });
});

describe('two quire serve processes on one site', () => {
  const cli = fileURLToPath(new URL('../../bin/quire.js', import.meta.url));
  const children: ChildProcess[] = [];
  let shared: string;

  interface Running {
    child: ChildProcess;
    pid: number;
    /** `http://127.0.0.1:4123/` */
    url: string;
    port: number;
    /** The folder it says it serves, relative to the site. */
    folder: string;
    exited: Promise<number | null>;
  }

  /** Runs `quire serve` in its own process; resolves once it serves, or with its exit code and error output. */
  function serve(...args: string[]): Promise<Running | { code: number | null; stderr: string }> {
    const child = spawn(process.execPath, [cli, 'serve', '--root', shared, ...args], { cwd: shared, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`quire serve neither served nor exited:\n${stdout}${stderr}`)), 30_000);
      child.stdout?.on('data', () => {
        const m = /Serving (http:\/\/127\.0\.0\.1:(\d+)\/) from (\S+)\//.exec(stdout);
        if (!m) return;
        clearTimeout(timer);
        resolve({ child, pid: child.pid as number, url: m[1] as string, port: Number(m[2]), folder: m[3] as string, exited });
      });
      void exited.then((code) => {
        clearTimeout(timer);
        resolve({ code, stderr });
      });
    });
  }
  const running = (r: Awaited<ReturnType<typeof serve>>): Running => {
    if (!('child' in r)) throw new Error(`quire serve exited with ${r.code}:\n${r.stderr}`);
    return r;
  };
  const text = async (url: string) => (await fetch(url)).text();

  beforeAll(() => {
    shared = tempDir();
    writeFiles(shared, {
      'quire.config.yaml': 'title: Shared\n',
      'posts/2021-04-01-only.md': '---\ntitle: Only\n---\n\nFirst words.\n',
    });
  });

  afterAll(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('each builds into its own folder, with links to itself, before and after an edit', async () => {
    const a = running(await serve('--port', '0'));
    const b = running(await serve('--port', '0'));
    expect(a.folder).toBe(path.join('.quire', `serve-${a.port}`));
    expect(b.folder).toBe(path.join('.quire', `serve-${b.port}`));
    const ownLinks = async () => {
      for (const [self, other] of [[a, b], [b, a]] as const) {
        const feed = await text(`${self.url}rss.xml`);
        expect(feed).toContain(`${self.url}2021/04/only/`);
        expect(feed).not.toContain(other.url);
      }
    };
    await ownLinks();
    writeFileSync(path.join(shared, 'posts', '2021-04-01-only.md'), '---\ntitle: Only\n---\n\nEdited words.\n');
    for (const server of [a, b]) {
      await expect.poll(() => text(`${server.url}2021/04/only/`), { timeout: bound, interval: 100 }).toContain('Edited words.');
    }
    await ownLinks();
    // Ctrl-C (or SIGTERM) stops one cleanly; the other goes on serving. A port picked at random
    // is never asked for again: the folder and the writer's spare copy of it are removed.
    const stateOf = (running: Running) => path.join(shared, '.quire', 'cache', `out-${createHash('sha256').update(path.join(shared, running.folder)).digest('hex').slice(0, 16)}`);
    expect(existsSync(stateOf(a))).toBe(true);
    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect(existsSync(path.join(shared, `${a.folder}.pid`))).toBe(false);
    expect(existsSync(path.join(shared, a.folder))).toBe(false);
    expect(existsSync(stateOf(a))).toBe(false);
    expect(await text(`${b.url}2021/04/only/`)).toContain('Edited words.');
    b.child.kill('SIGTERM');
    expect(await b.exited).toBe(0);
    expect(existsSync(path.join(shared, b.folder))).toBe(false);
  });

  it('a second one on the same port (another interface) refuses at once, naming the first', async () => {
    const first = running(await serve('--port', '0'));
    const second = await serve('--host', '::1', '--port', String(first.port));
    expect(second).toMatchObject({ code: 1 });
    const { stderr } = second as { stderr: string };
    expect(stderr).toContain(`Another quire serve (process ${first.pid}) is already serving this site on port ${first.port}`);
    expect(stderr).toContain('--port');
    expect(await text(`${first.url}2021/04/only/`)).toContain('words.');

    // Killed outright, the first leaves its marker; the next server on that port takes it over.
    const marker = path.join(shared, `${first.folder}.pid`);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(readFileSync(marker, 'utf8')).toBe(String(first.pid));
    const next = running(await serve('--port', String(first.port)));
    expect(next.folder).toBe(first.folder);
    expect(readFileSync(marker, 'utf8')).toBe(String(next.pid));
    expect(await text(`${next.url}2021/04/only/`)).toContain('words.');
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
    expect(existsSync(marker)).toBe(false);
    // A port asked for by number may be asked for again: its folder stays.
    expect(existsSync(path.join(shared, next.folder, 'index.html'))).toBe(true);
  });
});
