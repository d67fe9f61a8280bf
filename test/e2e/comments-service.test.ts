/**
 * The comment service over HTTP on loopback (issue 18): every rule refuses with its status, a
 * repeat commenter is approved automatically, hostile input is refused or stays inert, the
 * no-JavaScript round trip, CORS, signed moderation links, the admin page, and a short load run.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { createAkismet } from '../../src/comments-service/akismet.js';
import { createMailNotifier } from '../../src/comments-service/notify.js';
import type { CommentStore } from '../../src/comments-service/database.js';
import { createCommentServer, type ServiceContext } from '../../src/comments-service/server.js';
import { createService, listen } from '../../src/comments-service/service.js';
import { readSettings } from '../../src/comments-service/settings.js';
import { makeStamp, moderationSignature } from '../../src/comments-service/signing.js';
import { build } from '../../src/build.js';
import { readTree } from '../support/tree.js';
import { useTempDirs, writeFiles } from '../support/temp-dir.js';
import { runCli } from '../support/run-cli.js';

const tempDir = useTempDirs('quire-comments-service-');
const SECRET = 'a-test-secret-of-enough-length';
const ORIGIN = 'https://tiny.example';
const env = { QUIRE_COMMENTS_SECRET: SECRET };

/** A two-post site using the quire provider, with one published comment on "tea". */
function site(options: Record<string, string> = {}): string {
  const root = tempDir();
  const comments = {
    provider: 'quire', url: 'https://comments.tiny.example/', minSeconds: '2', maxLinks: '2', blockedWords: 'casino, cheap pills',
    rateLimit: '3/1m', maxRequestBytes: '70000', ...options,
  };
  writeFiles(root, {
    'quire.config.yaml': `title: Tiny\nbaseUrl: ${ORIGIN}/\ntimeZone: UTC\ncomments:\n${Object.entries(comments).map(([k, v]) => `  ${k}: ${v}\n`).join('')}`,
    'posts/2025-05-01-tea.md': '---\ntitle: Tea\n---\nA post about tea.\n',
    'posts/2025-05-02-coffee.md': '---\ntitle: Coffee\n---\nA post about coffee.\n',
    'posts/2025-05-03-closed.md': '---\ntitle: Closed\ncomments: false\n---\nNo comments here.\n',
    'comments/tea/c1.md': '---\nauthor: Priya\ndate: 2025-05-02T10:00:00Z\n---\nLovely.\n',
    'comments/coffee/k1.md': '---\nauthor: Sam\ndate: 2025-05-03T10:00:00Z\n---\nStrong.\n',
  });
  return root;
}

interface Running {
  root: string;
  base: string;
  context: ServiceContext;
  store: CommentStore;
  server: Server;
  /** The service's clock; tests move it. */
  clock: { now: number };
  logs: string[];
}

const running: Running[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    await new Promise((resolve) => { r.server.close(resolve); r.server.closeAllConnections(); });
    r.store.close();
  }
});

async function start(options: { root?: string; trustProxy?: boolean; adminToken?: string; spam?: ServiceContext['spam']; notifier?: ServiceContext['notifier'] } = {}): Promise<Running> {
  const root = options.root ?? site();
  const clock = { now: Date.parse('2026-01-01T12:00:00Z') };
  const logs: string[] = [];
  const settings = readSettings(root, undefined, env);
  const { context, store } = createService(settings, env, {
    clock: () => clock.now, log: (m) => logs.push(m), ...(options.spam ? { spam: options.spam } : {}), ...(options.notifier ? { notifier: options.notifier } : {}),
  });
  const server = createCommentServer(context, {
    siteOrigin: settings.siteOrigin, maxRequestBytes: settings.maxRequestBytes, trustProxy: options.trustProxy ?? false, language: 'en',
    ...(options.adminToken ? { adminToken: options.adminToken } : {}),
  });
  const address = await listen(server, '127.0.0.1', 0);
  const r = { root, base: `http://127.0.0.1:${address.port}`, context, store, server, clock, logs };
  running.push(r);
  return r;
}

/** A form as a reader fills it, stamped `age` seconds before the service's now. */
function form(r: Running, fields: Record<string, string> = {}, age = 10): Record<string, string> {
  return { post: 'tea', name: 'Ada', email: 'ada@example.org', website: '', body: 'Nice post.', reply_to: '', leave_empty: '', stamp: makeStamp(SECRET, r.clock.now - age * 1000), ...fields };
}

async function postJson(r: Running, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${r.base}/comments`, {
    method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers }, body: JSON.stringify(fields),
  });
  return { status: response.status, headers: response.headers, body: await response.json() as { id?: string; status?: string; message?: string; error?: string; errors?: Record<string, string> } };
}

async function postForm(r: Running, body: string | Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${r.base}/comments`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, ...headers },
    body: typeof body === 'string' ? body : new URLSearchParams(body).toString(), redirect: 'manual',
  });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

describe('the rules', () => {
  it('accepts a good comment as pending (202) and stores it durably with the sender', async () => {
    const r = await start();
    const answer = await postJson(r, form(r, { website: 'https://ada.example/' }));
    expect(answer).toMatchObject({ status: 202, body: { status: 'pending', message: 'Your comment is awaiting moderation.' } });
    const stored = r.store.get(answer.body.id!);
    expect(stored).toMatchObject({ post: 'tea', name: 'Ada', email: 'ada@example.org', url: 'https://ada.example/', body: 'Nice post.', status: 'pending', ip: '127.0.0.1' });
    expect(existsSync(path.join(r.root, 'comments/tea', `${answer.body.id}.md`))).toBe(false);
  });

  it('refuses missing fields with 400 and a message per field', async () => {
    const r = await start();
    const answer = await postJson(r, form(r, { name: '', email: 'not-an-address', body: '   ' }));
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual({ name: 'Name is required.', email: 'Email must be an address such as ada@example.org.', body: 'Comment is required.' });
  });

  it('refuses a filled honeypot with 422', async () => {
    const r = await start();
    const answer = await postJson(r, form(r, { leave_empty: 'http://spam.example/' }));
    expect(answer).toMatchObject({ status: 422, body: { errors: { leave_empty: 'This field must be left empty.' } } });
    expect(r.store.list()).toEqual([]);
  });

  it('refuses a form sent sooner than minSeconds after its stamp (422), a forged or missing stamp (400)', async () => {
    const r = await start();
    expect((await postJson(r, form(r, {}, 1))).status).toBe(422);
    expect((await postJson(r, form(r, {}, 1))).body.errors?.stamp).toMatch(/too quickly; wait 2 seconds/);
    const forged = makeStamp('another-secret-of-enough-length', r.clock.now - 60_000);
    expect((await postJson(r, form(r, { stamp: forged }))).status).toBe(400);
    expect((await postJson(r, form(r, { stamp: '' }))).status).toBe(400);
    const old = makeStamp(SECRET, r.clock.now - 2 * 24 * 3600 * 1000);
    expect((await postJson(r, form(r, { stamp: old }))).body.errors?.stamp).toBe('The form has expired; please post again.');
    expect(r.store.list()).toEqual([]);
  });

  it('refuses more links than maxLinks (422) and accepts maxLinks', async () => {
    const r = await start();
    const three = 'See https://a.example/ and https://b.example/ and [this](/x/).';
    expect(await postJson(r, form(r, { body: three }))).toMatchObject({ status: 422, body: { errors: { body: 'Comment has 3 links; at most 2 are allowed.' } } });
    expect((await postJson(r, form(r, { body: 'See https://a.example/ and www.b.example.' }))).status).toBe(202);
  });

  it('refuses a blocked word in any field (422), as a whole word only', async () => {
    const r = await start();
    expect((await postJson(r, form(r, { body: 'Visit my CASINO now' }))).status).toBe(422);
    expect((await postJson(r, form(r, { name: 'Cheap Pills', email: 'b@example.org' }))).status).toBe(422);
    expect((await postJson(r, form(r, { body: 'Occasionally, casinos…', email: 'c@example.org' }))).status).toBe(202);
  });

  it('limits each address and each email (429 with Retry-After), counting only stored comments', async () => {
    const r = await start();
    for (let i = 0; i < 3; i++) expect((await postJson(r, form(r, { email: `p${i}@example.org`, body: `Comment ${i}` }))).status).toBe(202);
    const limited = await postJson(r, form(r, { email: 'p9@example.org' }));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    r.clock.now += 61_000;
    expect((await postJson(r, form(r, { email: 'p9@example.org' }))).status).toBe(202);
  });

  it('limits per email across addresses when the proxy is trusted, and ignores a forged X-Forwarded-For otherwise', async () => {
    const trusted = await start({ trustProxy: true });
    for (let i = 0; i < 3; i++) expect((await postJson(trusted, form(trusted), { 'x-forwarded-for': `203.0.113.${i}` })).status).toBe(202);
    expect((await postJson(trusted, form(trusted), { 'x-forwarded-for': '203.0.113.99' })).status).toBe(429);
    expect(trusted.store.list().map((c) => c.ip).sort()).toEqual(['203.0.113.0', '203.0.113.1', '203.0.113.2']);
    const direct = await start();
    await postJson(direct, form(direct), { 'x-forwarded-for': '198.51.100.7' });
    expect(direct.store.list()[0]!.ip).toBe('127.0.0.1');
  });

  it('refuses a body over the size limits with 413 (request bytes, and the comment\'s 65525 characters)', async () => {
    const r = await start();
    const huge = await postJson(r, form(r, { body: 'x'.repeat(80_000) }));
    expect(huge).toMatchObject({ status: 413 });
    // The request limit of this site is 70000 bytes, so 65526 characters pass it and hit the field's.
    const long = await postJson(r, form(r, { body: 'y'.repeat(65_526) }));
    expect(long).toMatchObject({ status: 413, body: { errors: { body: 'Comment is too long (at most 65525 characters).' } } });
    expect(r.store.list()).toEqual([]);
  });
});

describe('hostile input', () => {
  it('refuses javascript: websites, line breaks in one-line fields, invalid UTF-8, unknown posts and closed posts', async () => {
    const r = await start();
    expect((await postJson(r, form(r, { website: 'javascript:alert(1)' }))).body.errors?.website).toMatch(/http or https/);
    expect((await postJson(r, form(r, { name: 'Ada\r\nBcc: victim@example.org' }))).body.errors?.name).toBe('Name must be a single line of text.');
    expect((await postJson(r, form(r, { body: 'nul \u0000 byte' }))).status).toBe(400);
    expect((await postJson(r, form(r, { name: 'n'.repeat(101) }))).body.errors?.name).toMatch(/too long/);
    expect((await postForm(r, 'post=tea&name=%C3%28&email=a%40example.org&body=hi')).status).toBe(400);
    const bad = await fetch(`${r.base}/comments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]) });
    expect(bad.status).toBe(400);
    expect((await postJson(r, form(r, { post: '../../etc' }))).body.errors?.post).toBe('There is no post "../../etc" on this site.');
    expect((await postJson(r, form(r, { post: 'closed' }))).status).toBe(403);
    expect(r.store.list()).toEqual([]);
  });

  it('follows the build on closed comments: closeAfterDays closes old posts', async () => {
    const r = await start({ root: site({ closeAfterDays: '30' }) });
    expect(await postJson(r, form(r))).toMatchObject({ status: 403, body: { errors: { post: 'Comments are closed on this post.' } } });
  });

  it('refuses a reply_to into another post, or to a comment that does not exist; accepts one to a published comment', async () => {
    const r = await start();
    expect((await postJson(r, form(r, { reply_to: 'k1' }))).body.errors?.reply_to).toMatch(/does not exist/);
    const onCoffee = await postJson(r, form(r, { post: 'coffee', email: 'z@example.org' }));
    expect((await postJson(r, form(r, { reply_to: onCoffee.body.id!, email: 'y@example.org' }))).body.errors?.reply_to)
      .toBe('The comment you are replying to belongs to another post.');
    expect((await postJson(r, form(r, { reply_to: 'c1', email: 'x@example.org' }))).status).toBe(202);
  });

  it('stores script, event handlers and javascript: links raw, and the built page shows none of them live', async () => {
    const r = await start();
    const body = 'Hello **bold** [click](javascript:alert(3))\n\n<script>alert(1)</script>\n\nand <img src=x onerror="alert(2)">';
    const answer = await postJson(r, form(r, { name: '<b onmouseover="alert(4)">Eve</b>', body }));
    expect(r.store.get(answer.body.id!)!.body).toBe(body);
    await r.context.moderation.approve(answer.body.id!);
    const result = build({ root: r.root, out: path.join(r.root, 'dist'), cache: false, now: r.clock.now });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const html = readFileSync(path.join(r.root, 'dist/2025/05/tea/index.html'), 'utf8');
    const item = html.slice(html.indexOf(`id="comment-${answer.body.id}"`));
    expect(item).toContain('<strong>bold</strong>');
    expect(item).toContain('<span class="comment-author">&lt;b onmouseover=&#34;alert(4)&#34;&gt;Eve&lt;/b&gt;</span>');
    expect(item).toContain('<p>Hello <strong>bold</strong> click</p>');
    expect(item.slice(0, item.indexOf('</li>'))).not.toMatch(/<script|<b |onerror=|javascript:|<img/i);
  });

  it('refuses posts from another site\'s pages (403) and lets only the site\'s origin read answers (CORS)', async () => {
    const r = await start();
    const foreign = await postJson(r, form(r), { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const preflight = await fetch(`${r.base}/comments`, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
    const evilPreflight = await fetch(`${r.base}/comments`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(evilPreflight.status).toBe(403);
    expect(evilPreflight.headers.get('access-control-allow-origin')).toBeNull();
    const stamp = await fetch(`${r.base}/comments/stamp`, { headers: { origin: ORIGIN } });
    expect(stamp.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(((await stamp.json()) as { stamp: string }).stamp).toMatch(/^\d+\.[A-Za-z0-9_-]{43}$/);
  });

  it('writes nothing outside comments/ and its database file', async () => {
    const root = site();
    const before = readTree(root);
    const r = await start({ root });
    await r.context.moderation.approve((await postJson(r, form(r))).body.id!);
    await postJson(r, form(r, { email: 'q@example.org' }));
    const after = readTree(root);
    const changed = [...after.keys()].filter((file) => !before.get(file)?.equals(after.get(file)!)).concat([...before.keys()].filter((f) => !after.has(f)));
    expect(changed.length).toBeGreaterThan(0);
    for (const file of changed) expect(file).toMatch(/^(comments\/tea\/[a-z0-9-]+\.md|\.quire\/comments\.db(-wal|-shm)?)$/);
  });
});

describe('moderation', () => {
  it('approves a repeat commenter automatically (201) and writes the file the build reads', async () => {
    const r = await start();
    const first = await postJson(r, form(r));
    expect(first.status).toBe(202);
    await r.context.moderation.approve(first.body.id!);
    r.clock.now += 3600_000;
    const second = await postJson(r, form(r, { email: 'ADA@example.org', body: 'Me again.' }));
    expect(second).toMatchObject({ status: 201, body: { status: 'approved' } });
    expect(readFileSync(path.join(r.root, 'comments/tea', `${second.body.id}.md`), 'utf8')).toBe(
      '---\nauthor: Ada\ndate: 2026-01-01T13:00:00Z\n---\nMe again.\n');
    // Passing the rules is still required: a known commenter's spam is refused like anyone's.
    r.clock.now += 3600_000;
    expect((await postJson(r, form(r, { body: 'casino' }))).status).toBe(422);
  });

  it('a known commenter whose file cannot be written is held (202), not failed', async () => {
    const root = site();
    rmSync(path.join(root, 'comments/coffee'), { recursive: true });
    writeFiles(root, { 'comments/coffee': 'a file where the folder should be' });
    const r = await start({ root });
    await r.context.moderation.approve((await postJson(r, form(r))).body.id!);
    r.clock.now += 3600_000;
    const answer = await postJson(r, form(r, { post: 'coffee' }));
    expect(answer).toMatchObject({ status: 202, body: { status: 'pending' } });
    expect(r.store.get(answer.body.id!)!.status).toBe('pending');
    expect(r.logs).toEqual([expect.stringMatching(new RegExp(`^Could not publish comment ${answer.body.id}: .*; it is pending\\.$`))]);
  });

  it('holds a known commenter and stores Akismet\'s spam as spam, answering both 202', async () => {
    const verdicts: string[] = [];
    const { createServer } = await import('node:http');
    const fake = createServer((request, response) => {
      let text = '';
      request.on('data', (c: Buffer) => (text += c.toString()));
      request.on('end', () => {
        const params = new URLSearchParams(text);
        verdicts.push(`${request.url} ${params.get('comment_author')} ${params.get('api_key')}`);
        response.end(params.get('comment_content')?.includes('viagra') ? 'true' : 'false');
      });
    });
    const address = await listen(fake, '127.0.0.1', 0);
    try {
      const spam = createAkismet({ key: 'k123', blog: `${ORIGIN}/`, endpoint: `http://127.0.0.1:${address.port}/1.1/` });
      const r = await start({ spam });
      const bad = await postJson(r, form(r, { body: 'Buy viagra' }));
      expect(bad.status).toBe(202);
      expect(r.store.get(bad.body.id!)!.status).toBe('spam');
      const good = await postJson(r, form(r, { email: 'g@example.org' }));
      expect(r.store.get(good.body.id!)!.status).toBe('pending');
      await r.context.moderation.approve(bad.body.id!);
      await r.context.moderation.markSpam(good.body.id!);
      expect(verdicts).toEqual(['/1.1/comment-check Ada k123', '/1.1/comment-check Ada k123', '/1.1/submit-ham Ada k123', '/1.1/submit-spam Ada k123']);
    } finally {
      fake.close();
    }
  });

  it('emails the author about each pending comment, not about approved or spam ones; a failed send is logged', async () => {
    const messages: Array<{ subject: string; text: string; to: Array<{ address: string }>; replyTo: Array<{ address: string }> }> = [];
    const transport = nodemailer.createTransport({ jsonTransport: true });
    const sendMail = transport.sendMail.bind(transport);
    transport.sendMail = (async (message: Parameters<typeof sendMail>[0]) => {
      const info = await sendMail(message);
      messages.push(JSON.parse(info.message as unknown as string));
      return info;
    }) as typeof transport.sendMail;
    const notifier = createMailNotifier({ transport, from: 'blog@tiny.example', to: 'ada@tiny.example', serviceUrl: 'https://comments.tiny.example/', secret: SECRET });
    const r = await start({ notifier });
    const first = await postJson(r, form(r));
    await expect.poll(() => messages.length).toBe(1);
    expect(messages[0]).toMatchObject({ subject: 'New comment on “Tea” from Ada', to: [{ address: 'ada@tiny.example' }], replyTo: [{ address: 'ada@example.org' }] });
    expect(messages[0]!.text).toContain(`https://comments.tiny.example/moderate?id=${first.body.id}&action=approve&sig=${moderationSignature(SECRET, 'approve', first.body.id!)}`);
    await r.context.moderation.approve(first.body.id!);
    r.clock.now += 3600_000;
    expect((await postJson(r, form(r, { body: 'Again' }))).status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(messages).toHaveLength(1);
    const failing = await start({ notifier: { pending: () => Promise.reject(new Error('SMTP is down')) } });
    const answer = await postJson(failing, form(failing));
    expect(answer.status).toBe(202);
    await expect.poll(() => failing.logs).toEqual([`Could not send the notification for comment ${answer.body.id}: SMTP is down`]);
  });

  it('signed moderation links: GET only asks, POST approves, a wrong signature is refused', async () => {
    const r = await start();
    const { body } = await postJson(r, form(r));
    const sig = moderationSignature(SECRET, 'approve', body.id!);
    const ask = await fetch(`${r.base}/moderate?id=${body.id}&action=approve&sig=${sig}`);
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain('<button type="submit">Approve</button>');
    expect(r.store.get(body.id!)!.status).toBe('pending');
    const forged = await fetch(`${r.base}/moderate`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `id=${body.id}&action=approve&sig=${moderationSignature(SECRET, 'spam', body.id!)}` });
    expect(forged.status).toBe(403);
    const done = await fetch(`${r.base}/moderate`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `id=${body.id}&action=approve&sig=${sig}` });
    expect(done.status).toBe(200);
    expect(r.store.get(body.id!)!.status).toBe('approved');
    expect(existsSync(path.join(r.root, 'comments/tea', `${body.id}.md`))).toBe(true);
  });

  it('the admin page exists only with a token, asks for it, and approves with a form from itself', async () => {
    const open = await start();
    expect((await fetch(`${open.base}/admin`)).status).toBe(404);
    const r = await start({ adminToken: 'tok-123456789' });
    expect((await fetch(`${r.base}/admin`)).status).toBe(401);
    const auth = { authorization: `Basic ${Buffer.from('me:wrong').toString('base64')}` };
    expect((await fetch(`${r.base}/admin`, { headers: auth })).status).toBe(401);
    const good = { authorization: `Basic ${Buffer.from('me:tok-123456789').toString('base64')}` };
    const { body } = await postJson(r, form(r, { name: '<i>Bob</i>' }));
    const page = await (await fetch(`${r.base}/admin`, { headers: good })).text();
    expect(page).toContain('&#60;i&#62;Bob&#60;/i&#62;');
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
    const act = (fields: string) => fetch(`${r.base}/admin`, { method: 'POST', headers: { ...good, 'content-type': 'application/x-www-form-urlencoded' }, body: fields });
    expect((await act(`id=${body.id}&action=approve&csrf=forged`)).status).toBe(403);
    expect(await (await act(`id=${body.id}&action=approve&csrf=${encodeURIComponent(csrf)}`)).text()).toContain(`Comment ${body.id} is approved.`);
    expect(r.store.get(body.id!)!.status).toBe('approved');
  });
});

describe('without JavaScript', () => {
  it('the site\'s form lands on a stamped copy (200), which posts to "awaiting moderation" with a way back', async () => {
    const r = await start();
    const first = await postForm(r, { ...form(r), stamp: '' });
    expect(first.status).toBe(200);
    expect(first.html).toContain('<h1>Post your comment</h1>');
    expect(first.html).toContain('value="Ada"');
    const fields = Object.fromEntries([...first.html.matchAll(/<input [^>]*>/g)].map(([tag]) => [/name="([^"]+)"/.exec(tag)![1]!, /value="([^"]*)"/.exec(tag)?.[1] ?? '']));
    expect(fields.stamp).toMatch(/^\d+\./);
    r.clock.now += 5000;
    const second = await postForm(r, { ...fields, body: 'Nice post.' }, { origin: r.base });
    expect(second.status).toBe(202);
    expect(second.html).toContain('Your comment is awaiting moderation.');
    expect(second.html).toContain(`<a href="${ORIGIN}/2025/05/tea/#comments">Back to “Tea”</a>`);
    expect(r.store.list('pending')).toHaveLength(1);
  });

  it('a problem shows the form again with the reader\'s text and the message, marked on the field', async () => {
    const r = await start();
    const answer = await postForm(r, form(r, { website: 'javascript:alert(1)', body: 'Keep <this> text' }));
    expect(answer.status).toBe(400);
    expect(answer.html).toContain('Keep &#60;this&#62; text</textarea>');
    expect(answer.html).toContain('aria-invalid="true" aria-describedby="website-error"');
  });

  it('a reply link opens the form ready to answer that comment', async () => {
    const r = await start();
    const page = await (await fetch(`${r.base}/comments/reply?post=tea&reply_to=c1`)).text();
    expect(page).toContain('name="reply_to" value="c1"');
    expect(page).toContain('<h1>Reply on “Tea”</h1>');
  });
});

describe('the command line', () => {
  it('pending lists, approve writes the file, spam and delete unpublish; export and import round-trip', async () => {
    const r = await start();
    const a = (await postJson(r, form(r, { name: 'Ann', body: 'First\nline two' }))).body.id!;
    // Terminal escape sequences never get in, and the listing would flatten them anyway.
    expect((await postJson(r, form(r, { name: 'Ann \u001b[31mRed' }))).status).toBe(400);
    r.clock.now += 20_000;
    const b = (await postJson(r, form(r, { email: 'b@example.org', body: 'Second' }))).body.id!;
    const pending = await runCli('comments', 'pending', '--root', r.root);
    expect(pending.code).toBe(0);
    expect(pending.stdout).toMatch(new RegExp(`\n${a}  2026-01-01 12:00  tea   Ann <ada@example.org>  First line two\n`));
    expect(pending.stdout).toMatch(new RegExp(`\n${b}  2026-01-01 12:00  tea   Ada <b@example.org>    Second\n`));
    expect(pending.stdout).not.toContain('\u001b');
    const approve = await runCli('comments', 'approve', b, '--rebuild', '--root', r.root);
    expect(approve.code).toBe(0);
    expect(approve.stdout).toMatch(new RegExp(`^Approved ${b}: .*comments/tea/${b}\\.md\\nBuilt 3 posts`));
    expect(readFileSync(path.join(r.root, 'dist/2025/05/tea/index.html'), 'utf8')).toContain(`id="comment-${b}"`);
    expect((await runCli('comments', 'spam', b, '--root', r.root)).code).toBe(0);
    expect(existsSync(path.join(r.root, 'comments/tea', `${b}.md`))).toBe(false);
    expect((await runCli('comments', 'delete', a, '--root', r.root)).code).toBe(0);
    expect(r.store.get(a)!.status).toBe('trash');
    expect(await runCli('comments', 'approve', 'nope', '--root', r.root)).toMatchObject({ code: 1, stderr: 'quire: There is no comment "nope" in the comment database.\n' });
    const exported = await runCli('comments', 'export', '--root', r.root);
    const data = JSON.parse(exported.stdout) as { comments: Array<{ id: string; status: string }> };
    expect(data.comments.map((c) => [c.id, c.status])).toEqual([[a, 'trash'], [b, 'spam']]);
    const other = site();
    writeFiles(other, { 'backup.json': exported.stdout });
    expect((await runCli('comments', 'import', path.join(other, 'backup.json'), '--root', other)).stdout).toBe('Imported 2 of 2 comments (the others were there already).\n');
    expect((await runCli('comments', 'import', path.join(other, 'backup.json'), '--root', other)).stdout).toBe('Imported 0 of 2 comments (the others were there already).\n');
    writeFiles(other, { 'bad.json': '{"format":"quire-comments","comments":[{"id":1}]}' });
    expect((await runCli('comments', 'import', path.join(other, 'bad.json'), '--root', other)).code).toBe(1);
  });

  it('serve refuses --admin without a token (exit 2), and a site without provider: quire', async () => {
    const r = site();
    delete process.env.QUIRE_COMMENTS_ADMIN_TOKEN;
    expect(await runCli('comments', 'serve', '--admin', '--port', '0', '--root', r)).toMatchObject({ code: 2, stderr: expect.stringContaining('The admin page needs a token') });
    const plain = tempDir();
    writeFiles(plain, { 'quire.config.yaml': 'title: Plain\n' });
    expect(await runCli('comments', 'serve', '--root', plain)).toMatchObject({ code: 2, stderr: expect.stringContaining('provider: quire') });
  });
});

describe('load', () => {
  it('50 concurrent posters for 2 s: no server errors, every acknowledged comment stored', async () => {
    const r = await start({ root: site({ rateLimit: '1000/1s' }), trustProxy: true });
    const acknowledged: string[] = [];
    const statuses = new Map<number, number>();
    const until = Date.now() + 2000;
    let sent = 0;
    await Promise.all(Array.from({ length: 50 }, async (_, poster) => {
      // Bounded twice: by time, and by a count no loopback run reaches in 2 s.
      for (let i = 0; i < 400 && Date.now() < until; i++) {
        sent++;
        const answer = await postJson(r, form(r, { email: `p${poster}@example.org`, body: `Poster ${poster}, comment ${i}` }), { 'x-forwarded-for': `10.0.${poster}.1` });
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status < 300) acknowledged.push(answer.body.id!);
      }
    }));
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
    expect(acknowledged.length).toBe(sent);
    const stored = new Set(r.store.list().map((c) => c.id));
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    expect(r.store.integrityCheck()).toBe('ok');
  });
});
