/**
 * The site's side of the comment service (issue 18): the sample blog built with
 * `comments.provider: quire` has the "Leave a reply" form posting to the service with labelled
 * fields, the post id, a hidden honeypot, the in-place script and a reply link on each comment;
 * its post page and the service's own pages pass the Nu HTML Checker; bad provider options fail.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { adminPage, formPage, messagePage, moderatePage, thanksPage } from '../../src/comments-service/pages.js';
import { toolGate } from '../helpers/tools.js';
import { formatVnuMessages, runVnu } from '../helpers/vnu.js';
import { FIXED_NOW } from '../support/clock.js';
import { all, attr, one, readPage, text, type Document } from '../support/html.js';
import { useTempDirs } from '../support/temp-dir.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const tempDir = useTempDirs('quire-comments-site-');
const vnuGate = toolGate('java');
const SERVICE = 'https://comments.marginalia.example/';
const POST_PATH = '2024/03/glue-paper-patience/';

/** The sample blog with the quire provider. */
function sample(provider: string): string {
  const root = tempDir();
  for (const dir of ['posts', 'pages', 'comments']) cpSync(path.join(repo, dir), path.join(root, dir), { recursive: true });
  const config = readFileSync(path.join(repo, 'quire.config.yaml'), 'utf8');
  expect(config).toContain('  provider: none\n');
  writeFileSync(path.join(root, 'quire.config.yaml'), config.replace('  provider: none\n', provider));
  return root;
}

describe('comments.provider: quire on the sample blog', () => {
  let root: string;
  let page: Document;
  let file: string;
  beforeAll(() => {
    root = sample(`  provider: quire\n  url: ${SERVICE}\n  minSeconds: 4\n`);
    const result = build({ root, out: path.join(root, 'dist'), now: FIXED_NOW, cache: false });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    file = path.join(root, 'dist', POST_PATH, 'index.html');
    page = readPage(path.join(root, 'dist'), `${POST_PATH}index.html`).doc;
  });

  it('"Leave a reply" is a POST form to the service, with labelled name, email, website and comment, and the post id', () => {
    const form = one(page, 'form', (el) => attr(el, 'id') === 'comment-form');
    expect(form.attribs).toMatchObject({ method: 'post', action: `${SERVICE}comments`, 'data-stamp-url': `${SERVICE}comments/stamp`, 'data-min-seconds': '4' });
    for (const [name, required] of [['name', true], ['email', true], ['website', false], ['body', true]] as const) {
      const control = one(form, '*', (el) => attr(el, 'name') === name);
      const label = one(form, 'label', (el) => attr(el, 'for') === attr(control, 'id'));
      expect(text(label).length).toBeGreaterThan(0);
      expect(control.attribs.required !== undefined).toBe(required);
    }
    expect(one(form, 'input', (el) => attr(el, 'name') === 'post').attribs).toMatchObject({ type: 'hidden', value: 'glue-paper-patience' });
    const trap = one(form, 'input', (el) => attr(el, 'name') === 'leave_empty');
    expect(trap.parent && 'attribs' in trap.parent ? trap.parent.attribs.hidden : undefined).toBe('');
    expect(one(form, 'p', (el) => attr(el, 'role') === 'status')).toBeDefined();
    expect(text(form)).toContain('Your email address will not be published.');
    expect(text(one(page, 'h3', (el) => attr(el, 'id') === 'reply-title'))).toBe('Leave a reply');
  });

  it('each comment has a reply link that works without JavaScript (the service\'s form for that comment)', () => {
    const links = all(page, 'a', (el) => attr(el, 'class') === 'comment-reply-link');
    const ids = readdirIds(path.join(root, 'comments/glue-paper-patience'));
    expect(links.map((l) => attr(l, 'data-reply-to')).sort()).toEqual(ids);
    for (const link of links) {
      expect(attr(link, 'href')).toBe(`${SERVICE}comments/reply?post=glue-paper-patience&reply_to=${attr(link, 'data-reply-to')}`);
    }
  });

  it('has the in-place script, which posts with fetch and falls back to the plain form', () => {
    const scripts = all(page, 'script').map((s) => text(s));
    const script = scripts.find((s) => s.includes('comment-form'));
    expect(script).toContain('fetch(form.action, { method: "POST"');
    expect(script).toContain('form.submit()');
  });

  it.skipIf(vnuGate.skip)('the post page and every page of the service pass the Nu HTML Checker', async () => {
    const dir = path.join(root, 'service-pages');
    mkdirSync(dir);
    const post = { title: 'Glue, Paper & “Patience”', url: `https://marginalia.example.org/${POST_PATH}` };
    const values = { post: 'glue-paper-patience', name: 'Ada <b>', email: 'ada@example.org', website: '', body: 'Text with </textarea> & more', replyTo: 'c1a2b3' };
    const comment = { id: 'c9', post: 'glue-paper-patience', name: 'Eve "<x>"', email: 'e@example.org', url: 'https://e.example/', body: '<script>x</script>', replyTo: '', status: 'pending' as const, createdAt: 0, ip: '', userAgent: '', note: '' };
    const pages: Record<string, string> = {
      'form.html': formPage({ values, errors: {}, stamp: '1.abc', post, heading: 'Post your comment', intro: 'Check your comment and post it.' }),
      'errors.html': formPage({ values, errors: { name: 'Name is required.', body: 'Comment is too long.' }, stamp: '1.abc', post, heading: 'Please check your comment', intro: 'Something needs fixing.' }),
      'thanks.html': thanksPage(post, 'pending'),
      'message.html': messagePage('Comment not received', 'Too many.', post),
      'moderate.html': moderatePage(comment, 'approve', 'sig', 'Glue'),
      'admin.html': adminPage([comment], 'csrf', 'Comment c8 is approved.'),
      'admin-empty.html': adminPage([], 'csrf'),
    };
    for (const [name, html] of Object.entries(pages)) writeFileSync(path.join(dir, name), html);
    const messages = await runVnu([file, dir]);
    expect(messages, formatVnuMessages(messages)).toEqual([]);
  });
});

function readdirIds(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)).sort();
}

describe('provider options', () => {
  it('a quire provider without url, or with a bad one or a bad number, fails the build with the key named', () => {
    for (const [options, expected] of [
      ['', 'The quire comment provider needs "comments.url".'],
      ['  url: ftp://x.example/\n', '"comments.url" must be the http(s) address of the quire comment service, not "ftp://x.example/".'],
      [`  url: ${SERVICE}\n  minSeconds: soon\n`, '"comments.minSeconds" must be a whole number, not "soon".'],
      [`  url: ${SERVICE}\n  rateLimit: lots\n`, '"comments.rateLimit" must be limits such as "1/15s, 5/1h", not "lots".'],
    ]) {
      const root = sample(`  provider: quire\n${options}`);
      const result = build({ root, out: path.join(root, 'dist'), now: FIXED_NOW, cache: false });
      expect(result.diagnostics.map((d) => d.message)).toContain(expected);
    }
  });
});
