/**
 * A reader posts a comment in Debian's chromium (issue 18, "done when" 1): the sample blog is
 * built with `comments.provider: quire` and served on loopback beside the comment service; a
 * reader fills the form on a post with JavaScript (posted in place, "awaiting moderation", the
 * page stays) and without (the service's confirmation page, then the thanks page and back to the
 * post). `quire comments pending` lists both, `approve` writes the file, and the rebuilt post
 * shows it under "2 responses to …" with its anchor. The reply area and the service's form page have
 * no axe-core violations.
 *
 * Without chromium the suite is skipped locally; under CI it fails (see test/helpers/tools.ts).
 */
import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import type { CommentStore } from '../../src/comments-service/database.js';
import { createCommentServer } from '../../src/comments-service/server.js';
import { createService, listen } from '../../src/comments-service/service.js';
import { readSettings } from '../../src/comments-service/settings.js';
import { toolGate } from '../helpers/tools.js';
import { runCli } from '../support/run-cli.js';
import { useTempDirs, writeFiles } from '../support/temp-dir.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const tempDir = useTempDirs('quire-comments-browser-');
const gate = toolGate(['chromium']);
const env = { QUIRE_COMMENTS_SECRET: 'browser-test-secret-long-enough' };
const POST = '2023/02/hello-marginalia/';

/** Serves the built site read-only (`/dir/` → `dir/index.html`). */
function staticServer(root: string): Server {
  return createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const file = path.join(root, decodeURIComponent(url.pathname), url.pathname.endsWith('/') ? 'index.html' : '');
    if (!file.startsWith(root) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      response.writeHead(404).end();
      return;
    }
    const type = file.endsWith('.css') ? 'text/css' : file.endsWith('.html') ? 'text/html; charset=utf-8' : 'application/octet-stream';
    response.writeHead(200, { 'content-type': type }).end(readFileSync(file));
  });
}

if (gate.mustFail) it('has the tools it needs (chromium)', () => expect.fail(gate.reason));

describe.skipIf(gate.skip)('a reader comments in chromium', () => {
  let browser: Browser;
  let root: string;
  let store: CommentStore;
  let site: Server;
  let service: Server;
  let siteUrl: string;
  let serviceUrl: string;
  const rebuild = () => {
    const result = build({ root, out: path.join(root, 'dist'), cache: false });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  };

  beforeAll(async () => {
    root = tempDir();
    // Both servers listen first, so the config can name their ports; the service's handler is
    // attached once the config it reads exists.
    site = staticServer(path.join(root, 'dist'));
    service = createServer();
    const [sitePort, servicePort] = [(await listen(site, '127.0.0.1', 0)).port, (await listen(service, '127.0.0.1', 0)).port];
    siteUrl = `http://127.0.0.1:${sitePort}/`;
    serviceUrl = `http://127.0.0.1:${servicePort}/`;
    const config = readFileSync(path.join(repo, 'quire.config.yaml'), 'utf8')
      .replace(/^baseUrl: .*$/m, `baseUrl: ${siteUrl}`)
      .replace('  provider: none\n', `  provider: quire\n  url: ${serviceUrl}\n  minSeconds: 1\n  rateLimit: 10/1m\n`);
    writeFiles(root, { 'quire.config.yaml': config });
    for (const dir of ['posts', 'pages', 'comments']) cpSync(path.join(repo, dir), path.join(root, dir), { recursive: true });
    rebuild();
    const settings = readSettings(root, undefined, env);
    const created = createService(settings, env);
    store = created.store;
    const handler = createCommentServer(created.context, { siteOrigin: settings.siteOrigin, maxRequestBytes: settings.maxRequestBytes, trustProxy: false, language: 'en' });
    service.on('request', (request, response) => handler.emit('request', request, response));
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  });

  afterAll(async () => {
    await browser?.close();
    site?.close();
    service?.closeAllConnections();
    service?.close();
    store?.close();
  });

  it('with JavaScript: posts in place and says the comment awaits moderation, without leaving the page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${siteUrl}${POST}`);
    expect(await page.locator('#reply-trap').isVisible()).toBe(false);
    // The reply link of the post's comment sets the form to answer it.
    const [existing] = readdirSync(path.join(root, 'comments/hello-marginalia')).map((f) => f.slice(0, -3));
    await page.locator(`#comment-${existing} .comment-reply-link`).click();
    expect(await page.locator('#comment-replying').isVisible()).toBe(true);
    expect(await page.locator('#comment-replying-to').textContent()).toMatch(/^Replying to .+\.$/);
    expect(page.url()).toBe(`${siteUrl}${POST}`);
    await page.getByLabel('Name').fill('Jo Script');
    await page.getByLabel('Email').fill('jo@example.org');
    await page.getByLabel('Comment').fill('Posted with *JavaScript*.');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await expect.poll(() => page.locator('#comment-status').textContent(), { timeout: 10_000 }).toBe('Your comment is awaiting moderation.');
    expect(page.url()).toBe(`${siteUrl}${POST}`);
    expect(await page.getByLabel('Comment').inputValue()).toBe('');
    await page.addScriptTag({ content: axe.source });
    const violations = await page.evaluate(`axe.run('#respond', { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations.map((v) => v.id))`);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    expect(store.list('pending').map((c) => [c.name, c.replyTo])).toEqual([['Jo Script', existing]]);
    expect(await page.locator('#comment-replying').isVisible()).toBe(false);
    await context.close();
  });

  it('without JavaScript: the service\'s confirmation page, then "awaiting moderation" and a link back to the post', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${siteUrl}${POST}`);
    await page.getByLabel('Name').fill('Nora Plain');
    await page.getByLabel('Email').fill('nora@example.org');
    await page.getByLabel('Comment').fill('Posted without scripts.');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Post your comment');
    expect(await page.getByLabel('Comment (required)').inputValue()).toBe('Posted without scripts.');
    await page.waitForTimeout(1200);
    await page.getByRole('button', { name: 'Post comment' }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toBe('Thank you. Your comment is awaiting moderation.');
    await page.getByRole('link', { name: /Back to/ }).click();
    expect(page.url()).toBe(`${siteUrl}${POST}#comments`);
    expect(store.list('pending').map((c) => c.name)).toEqual(['Jo Script', 'Nora Plain']);
    await context.close();
  });

  it('the service\'s own form page has no axe-core violations', async () => {
    // The service's pages forbid every script; axe is injected past that policy.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const [existing] = readdirSync(path.join(root, 'comments/hello-marginalia')).map((f) => f.slice(0, -3));
    await page.goto(`${serviceUrl}comments/reply?post=hello-marginalia&reply_to=${existing}`);
    expect(await page.locator('h1').textContent()).toBe('Reply on “Hello, Marginalia”');
    await page.addScriptTag({ content: axe.source });
    const violations = await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations.map((v) => v.id))`);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('pending lists both; approve writes the file; the rebuilt post shows "2 responses" and the comment\'s anchor', async () => {
    const pending = await runCli('comments', 'pending', '--root', root);
    expect(pending.stdout).toMatch(/Jo Script <jo@example\.org>\s+Posted with \*JavaScript\*\./);
    expect(pending.stdout).toMatch(/Nora Plain <nora@example\.org>\s+Posted without scripts\./);
    const id = store.list('pending')[0]!.id;
    expect((await runCli('comments', 'approve', id, '--root', root)).code).toBe(0);
    rebuild();
    const page = await browser.newPage();
    await page.goto(`${siteUrl}${POST}#comment-${id}`);
    expect(await page.locator('#comments-title').textContent()).toBe('2 responses to “Hello, Marginalia”');
    expect(await page.locator(`#comment-${id} .comment-content`).innerHTML()).toContain('Posted with <em>JavaScript</em>.');
    // Threaded under the comment it answers.
    expect(await page.locator(`.comment-list > li > ol.children > #comment-${id}`).count()).toBe(1);
    await page.close();
  });
});
