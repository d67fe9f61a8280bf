/**
 * Comments (issue 4), end to end: the sample blog's stored comments, headings and counts; a
 * hostile comment with raw HTML switched on; every provider's reply area, checked against what
 * its documentation asks for and by the Nu HTML Checker; orphans failing the build; and
 * `quire comments add` followed by a build.
 *
 * Expectations about the sample come from the files in `comments/` and `posts/`, read here
 * directly, not from quire's model.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { build, type BuildResult } from '../../src/build.js';
import { main } from '../../src/cli/main.js';
import { parseWithFeedparser, parseWithNode } from '../helpers/feeds.js';
import { toolGate } from '../helpers/tools.js';
import { formatVnuMessages, runVnu } from '../helpers/vnu.js';
import { all, attr, hasClass, one, readPage, text, type Document, type Element } from '../support/html.js';
import { useTempDirs, writeFiles } from '../support/temp-dir.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const NOW = Date.parse('2026-01-01T00:00:00Z');
const tempDir = useTempDirs('quire-comments-e2e-');
const vnuGate = toolGate('java');

/** The sample's stored comments per post slug, counted from the files. */
function sampleCounts(): Map<string, number> {
  const dir = path.join(repoRoot, 'comments');
  return new Map(readdirSync(dir).map((slug) => [slug, readdirSync(path.join(dir, slug)).filter((f) => f.endsWith('.md')).length]));
}

const commentsSection = (doc: Document) => one(doc, 'section', (el) => attr(el, 'id') === 'comments');
const heading = (doc: Document) => text(one(commentsSection(doc), 'h2'));
/** Ids of the `<li class="comment">` directly inside `list`, in order. */
const childIds = (list: Element) =>
  list.children.filter((c): c is Element => 'name' in c && c.name === 'li').map((li) => attr(li, 'id'));
const commentItem = (doc: Document, id: string) => one(doc, 'li', (el) => attr(el, 'id') === `comment-${id}`);

/** A one-post site in a temp folder, for the checks that need their own config or comments. */
function tinySite(config: string, files: Record<string, string> = {}): string {
  const root = tempDir();
  writeFiles(root, {
    'quire.config.yaml': `title: Tiny\nbaseUrl: https://tiny.example/\ntimeZone: UTC\n${config}`,
    'posts/2025-05-01-tea.md': '---\ntitle: Tea & “Biscuits”\n---\nA post about tea.[^1]\n\n[^1]: A footnote of the post.\n',
    ...files,
  });
  return root;
}

describe('the sample blog', () => {
  let result: BuildResult;
  let out: string;
  const page = (slug: string) => {
    const file = readdirSync(out, { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith(`/${slug}/index.html`) && !f.startsWith('tags'));
    if (!file) throw new Error(`no page for ${slug}`);
    return readPage(out, file).doc;
  };

  beforeAll(() => {
    out = path.join(tempDir(), 'dist');
    result = build({ root: repoRoot, out, now: NOW });
  });

  it('builds without errors', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('has posts with zero, one and several comments, and shows the three kinds of heading', () => {
    const counts = sampleCounts();
    expect(counts.get('hello-marginalia')).toBe(1);
    expect(counts.get('glue-paper-patience')).toBe(4);
    expect(heading(page('hello-marginalia'))).toBe('One response to “Hello, Marginalia”');
    expect(heading(page('glue-paper-patience'))).toBe('4 responses to “Glue, Paper & “Patience” 📚”');
    expect(heading(page('css-for-long-reading'))).toBe('No comments yet');
  });

  it('threads the reply chain under its parent, oldest first, with permalinks and dates', () => {
    const doc = page('glue-paper-patience');
    const list = one(commentsSection(doc), 'ol', hasClass('comment-list'));
    expect(childIds(list)).toEqual(['comment-c1a2b3', 'comment-wk-41']);
    const first = commentItem(doc, 'c1a2b3');
    const replies = one(first, 'ol', hasClass('children'));
    expect(childIds(replies)).toEqual(['comment-d4e5f6']);
    expect(childIds(one(commentItem(doc, 'd4e5f6'), 'ol', hasClass('children')))).toEqual(['comment-g7h8i9']);
    expect(attr(one(first, 'a', hasClass('comment-permalink')), 'href')).toBe('#comment-c1a2b3');
    // 08:02 in India is 02:32 in London (the site's zone), still 10 March.
    const time = one(first, 'time');
    expect(attr(time, 'datetime')).toBe('2024-03-10T02:32:00+00:00');
    expect(text(time)).toBe('March 10, 2024');
    const author = one(first, 'a', hasClass('comment-author'));
    expect(attr(author, 'href')).toBe('https://paperandthread.example.org/');
    expect(attr(author, 'rel')).toBe('nofollow ugc');
    // Ada's reply has no url: her name is plain text (the first meta in the item is its own).
    const ownMeta = one(commentItem(doc, 'd4e5f6'), 'p', hasClass('comment-meta'));
    expect(all(ownMeta, 'a', hasClass('comment-author'))).toHaveLength(0);
    expect(text(one(ownMeta, 'span', hasClass('comment-author')))).toBe('Ada Quill');
  });

  it('shows "Comments are closed." and no reply area on a post with comments: false', () => {
    const doc = page('a-cafe-in-lisbon');
    const section = commentsSection(doc);
    expect(text(one(section, 'p', hasClass('comments-closed')))).toBe('Comments are closed.');
    expect(all(section, 'div', (el) => attr(el, 'id') === 'respond')).toEqual([]);
  });

  it('gives an open post the placeholder with the post\'s id, URL and title', () => {
    const widget = one(page('hello-marginalia'), 'div', (el) => attr(el, 'data-quire-comments') !== undefined);
    expect(attr(widget, 'data-post-id')).toBe('hello-marginalia');
    expect(attr(widget, 'data-post-url')).toBe('https://marginalia.example.org/2023/02/hello-marginalia/');
    expect(attr(widget, 'data-post-title')).toBe('Hello, Marginalia');
  });

  it('shows comment counts beside each post on the home, archive and tag pages', () => {
    const counts = sampleCounts();
    const expected = (slug: string, closed: boolean) => {
      const n = counts.get(slug) ?? 0;
      return n === 0 ? (closed ? undefined : 'Leave a comment') : n === 1 ? '1 comment' : `${n} comments`;
    };
    let checked = 0;
    for (const file of ['index.html', 'page/2/index.html', 'archive/2024/index.html', 'tags/bookbinding/index.html']) {
      const { doc } = readPage(out, file);
      for (const summary of all(doc, 'article', hasClass('post-summary'))) {
        const href = attr(one(summary, 'a'), 'href') ?? '';
        const slug = href.split('/').at(-2) ?? '';
        const link = all(summary, 'a', hasClass('comments-link'))[0];
        expect(link && text(link), `${file}: ${slug}`).toBe(expected(slug, slug === 'a-cafe-in-lisbon'));
        if (link) expect(attr(link, 'href')).toBe(`${href}#comments`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('writes /comments.xml: every sample comment, newest first, linking to its anchor', async () => {
    const file = path.join(out, 'comments.xml');
    const feed = await parseWithNode(file);
    const total = [...sampleCounts().values()].reduce((a, b) => a + b, 0);
    expect(feed.items).toHaveLength(Math.min(total, 20));
    expect(feed.items[0]?.title).toBe('Comment on “Marbling My Own Endpapers” by Tomas Reyes');
    expect(feed.items[0]?.url).toBe('https://marginalia.example.org/2025/04/marbled-endpapers/#comment-q2w3e4');
    const xml = readFileSync(file, 'utf8');
    expect(xml).toContain('<guid isPermaLink="false">tag:marginalia.example.org,2025-04-24:comments/marbled-endpapers/q2w3e4</guid>');
    expect(xml).toContain('<pubDate>Thu, 24 Apr 2025 01:10:00 GMT</pubDate>');
    expect(xml).toContain('<description>&lt;p&gt;I had no idea');
  });

  const feedparserGate = toolGate('python3-feedparser');
  it.skipIf(feedparserGate.skip)('/comments.xml is well-formed RSS 2.0 for feedparser, dates understood', async () => {
    const parsed = await parseWithFeedparser(path.join(out, 'comments.xml'));
    expect(parsed.bozo).toBe(false);
    expect(parsed.version).toBe('rss20');
    for (const entry of parsed.entries) expect(entry.publishedParsed).not.toBeNull();
  });

  if (vnuGate.mustFail) it('has java for the Nu HTML Checker', () => expect.fail(vnuGate.reason));
  it.skipIf(vnuGate.skip)('post pages pass the Nu HTML Checker', async () => {
    const files = readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => /^\d{4}\/\d{2}\/[^/]+\/index\.html$/.test(f));
    expect(files.length).toBe(result.posts);
    const messages = await runVnu(files.map((f) => path.join(out, f)));
    expect(messages, formatVnuMessages(messages)).toEqual([]);
  });
});

describe('a hostile comment', () => {
  it('loses <script>, onerror=, javascript: links and <iframe> even with rawHtml: true; links get rel="nofollow ugc"', () => {
    const hostile = [
      '---', 'author: "<script>alert(1)</script>Mallory"', 'date: 2025-05-02T10:00:00Z', 'url: https://mallory.example/', '---',
      'Hi <script>alert(document.cookie)</script> there.',
      '',
      '<img src=x onerror="alert(1)">',
      '',
      '[free prize](javascript:alert(1)) and [a real link](https://ok.example/)',
      '',
      '<iframe src="https://evil.example/"></iframe>',
      '',
    ].join('\n');
    const root = tinySite('rawHtml: true\n', { 'comments/tea/m4ll0ry.md': hostile });
    const result = build({ root, out: 'dist', now: NOW });
    expect(result.ok).toBe(true);
    const { doc } = readPage(path.join(root, 'dist'), '2025/05/tea/index.html');
    const item = commentItem(doc, 'm4ll0ry');
    expect(all(item, 'script')).toEqual([]);
    expect(all(item, 'iframe')).toEqual([]);
    expect(all(item, 'img')).toEqual([]);
    const content = one(item, 'div', hasClass('comment-content'));
    for (const el of all(content, '*')) {
      for (const [name, value] of Object.entries(el.attribs)) {
        expect(name).not.toMatch(/^on/i);
        expect(value).not.toMatch(/javascript:/i);
      }
    }
    const links = all(content, 'a');
    expect(links.map((a) => [attr(a, 'href'), attr(a, 'rel')])).toEqual([['https://ok.example/', 'nofollow ugc']]);
    expect(text(content)).toContain('free prize');
    // The author's name is text, escaped, not markup.
    expect(text(one(item, 'a', hasClass('comment-author')))).toBe('<script>alert(1)</script>Mallory');
    // The post's own footnote keeps its ids; the comment adds none.
    expect(all(content, '*', (el) => el.attribs.id !== undefined)).toEqual([]);
  });
});

describe('comment providers', () => {
  const providers: Record<string, string> = {
    none: 'provider: none',
    giscus: 'provider: giscus\n  repo: ada/marginalia\n  repoId: R_kgDOabc\n  category: Comments\n  categoryId: DIC_kwDOabc',
    utterances: 'provider: utterances\n  repo: ada/marginalia',
    disqus: 'provider: disqus\n  shortname: marginalia',
    isso: 'provider: isso\n  url: https://comments.tiny.example/',
    form: 'provider: form\n  action: https://api.staticman.example/v3/entry/github/ada/marginalia/main/comments',
  };
  const pages = new Map<string, { file: string; doc: Document; html: string }>();

  beforeAll(() => {
    for (const [name, settings] of Object.entries(providers)) {
      const root = tinySite(`comments:\n  ${settings}\n`, { 'comments/tea/c1.md': '---\nauthor: Ann\ndate: 2025-05-02\n---\nFirst!\n' });
      const result = build({ root, out: 'dist', now: NOW });
      expect(result.diagnostics.filter((d) => d.severity === 'error'), name).toEqual([]);
      const file = path.join(root, 'dist/2025/05/tea/index.html');
      const { doc, html } = readPage(root, 'dist/2025/05/tea/index.html');
      pages.set(name, { file, doc, html });
    }
  });
  const reply = (name: string) => one(pages.get(name)?.doc as Document, 'div', (el) => attr(el, 'id') === 'respond');

  it('every provider page still lists the stored comment (no JavaScript needed to read it)', () => {
    for (const [name, { doc }] of pages) {
      expect(heading(doc), name).toBe('One response to “Tea & “Biscuits””');
      expect(text(one(commentItem(doc, 'c1'), 'div', hasClass('comment-content'))), name).toBe('First!');
    }
  });

  it('giscus: the client.js script with data-repo, data-repo-id, data-category, data-category-id, data-mapping, crossorigin, async', () => {
    const script = one(reply('giscus'), 'script');
    expect(script.attribs).toMatchObject({
      src: 'https://giscus.app/client.js', 'data-repo': 'ada/marginalia', 'data-repo-id': 'R_kgDOabc', 'data-category': 'Comments',
      'data-category-id': 'DIC_kwDOabc', 'data-mapping': 'pathname', crossorigin: 'anonymous', async: '',
    });
    expect(all(reply('giscus'), 'div', hasClass('giscus'))).toHaveLength(1);
  });

  it('utterances: the client.js script with repo and issue-term (as data-*), theme, crossorigin, async', () => {
    const script = one(reply('utterances'), 'script');
    expect(script.attribs).toMatchObject({
      src: 'https://utteranc.es/client.js', 'data-repo': 'ada/marginalia', 'data-issue-term': 'pathname', 'data-theme': 'github-light',
      crossorigin: 'anonymous', async: '',
    });
    // What utterances' client.js does with them: strips a leading "data-" from each attribute name.
    const read = Object.fromEntries(Object.entries(script.attribs).map(([k, v]) => [k.replace(/^data-/, ''), v]));
    expect(read).toMatchObject({ repo: 'ada/marginalia', 'issue-term': 'pathname' });
  });

  it('Disqus: div#disqus_thread, disqus_config with this.page.url and this.page.identifier, and <shortname>.disqus.com/embed.js', () => {
    const area = reply('disqus');
    expect(all(area, 'div', (el) => attr(el, 'id') === 'disqus_thread')).toHaveLength(1);
    const code = text(one(area, 'script'));
    expect(code).toContain('var disqus_config = function () {');
    expect(code).toContain('this.page.url = "https://tiny.example/2025/05/tea/";');
    expect(code).toContain('this.page.identifier = "tea";');
    expect(code).toContain('"https://marginalia.disqus.com/embed.js"');
  });

  it('Isso: script[data-isso][src=…/js/embed.min.js] and section#isso-thread with data-isso-id and data-title', () => {
    const area = reply('isso');
    expect(one(area, 'script').attribs).toMatchObject({ 'data-isso': 'https://comments.tiny.example/', src: 'https://comments.tiny.example/js/embed.min.js' });
    const thread = one(area, 'section', (el) => attr(el, 'id') === 'isso-thread');
    expect(thread.attribs).toMatchObject({ 'data-isso-id': '/2025/05/tea/', 'data-title': 'Tea & “Biscuits”' });
  });

  it('form: a real POST form with labelled name, email, website and comment fields, the slug, and the email note', () => {
    const form = one(reply('form'), 'form');
    expect(form.attribs).toMatchObject({ method: 'post', action: 'https://api.staticman.example/v3/entry/github/ada/marginalia/main/comments' });
    const labelled = (name: string) => {
      const control = one(form, '*', (el) => attr(el, 'name') === name);
      const label = one(form, 'label', (el) => attr(el, 'for') === attr(control, 'id'));
      return [control.name, attr(control, 'type') ?? '', text(label).replace(/ \*$/, '')];
    };
    expect(labelled('fields[name]')).toEqual(['input', 'text', 'Name']);
    expect(labelled('fields[email]')).toEqual(['input', 'email', 'Email']);
    expect(labelled('fields[url]')).toEqual(['input', 'url', 'Website']);
    expect(labelled('fields[message]')).toEqual(['textarea', '', 'Comment']);
    expect(one(form, 'input', (el) => attr(el, 'name') === 'options[slug]').attribs).toMatchObject({ type: 'hidden', value: 'tea' });
    expect(text(form)).toContain('Your email address will not be published.');
    expect(all(reply('form'), 'script')).toEqual([]);
  });

  it('none: the accessible placeholder with the post\'s id, URL and title', () => {
    const widget = one(reply('none'), 'div', hasClass('comment-widget'));
    expect(widget.attribs).toMatchObject({ 'data-post-id': 'tea', 'data-post-url': 'https://tiny.example/2025/05/tea/', 'data-post-title': 'Tea & “Biscuits”' });
    expect(widget.attribs['data-quire-comments']).toBe('');
    expect(text(widget)).not.toBe('');
  });

  if (vnuGate.mustFail) it('has java for the Nu HTML Checker', () => expect.fail(vnuGate.reason));
  it.skipIf(vnuGate.skip)('every provider\'s post page passes the Nu HTML Checker', async () => {
    const messages = await runVnu([...pages.values()].map((p) => p.file));
    expect(messages, formatVnuMessages(messages)).toEqual([]);
  });
});

describe('orphans and moderation', () => {
  it('a comment on a missing post fails the build (exit 1) with CommentOrphan naming the file', async () => {
    const root = tinySite('', { 'comments/no-such-post/c9.md': '---\nauthor: Ann\ndate: 2025-05-02\n---\nHello?\n' });
    const result = build({ root, out: 'dist', now: NOW });
    expect(result.ok).toBe(false);
    const orphan = result.diagnostics.find((d) => d.code === 'CommentOrphan');
    expect(orphan?.severity).toBe('error');
    expect(orphan?.file?.endsWith(path.join('comments', 'no-such-post', 'c9.md'))).toBe(true);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['node', 'quire', 'build', '--root', root, '--out', path.join(root, 'dist')])).toBe(1);
      expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toContain(path.join('no-such-post', 'c9.md'));
    } finally {
      stderr.mockRestore();
    }
  });

  it('`quire comments add` writes a comment file that the next build shows', async () => {
    const root = tinySite('');
    const bodyFile = path.join(root, 'body.md');
    writeFileSync(bodyFile, 'Lovely *tea*. See [my blog](https://zed.example/).\n');
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let code: number;
    let printed: string;
    try {
      code = await main(['node', 'quire', 'comments', 'add', 'tea', '--author', 'Zed: "the" #1', '--url', 'https://zed.example',
        '--file', bodyFile, '--date', '2025-05-03T09:00:00Z', '--root', root]);
      printed = stdout.mock.calls.map((c) => String(c[0])).join('').trim();
    } finally {
      stdout.mockRestore();
    }
    expect(code).toBe(0);
    const id = path.basename(printed, '.md');
    expect(id).toMatch(/^[a-z0-9-]+$/);
    expect(readFileSync(path.resolve(printed), 'utf8')).toContain('Lovely *tea*.');

    const result = build({ root, out: 'dist', now: NOW });
    expect(result.ok).toBe(true);
    const { doc } = readPage(path.join(root, 'dist'), '2025/05/tea/index.html');
    expect(heading(doc)).toBe('One response to “Tea & “Biscuits””');
    const item = commentItem(doc, id);
    expect(text(one(item, 'a', hasClass('comment-author')))).toBe('Zed: "the" #1');
    expect(one(item, 'em').children.length).toBe(1);
    expect(Date.parse(attr(one(item, 'time'), 'datetime') ?? '')).toBe(Date.parse('2025-05-03T09:00:00Z'));
  });

  it('`quire comments add` on an unknown post exits 1 naming it, and writes nothing', async () => {
    const root = tinySite('');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const code = await main(['node', 'quire', 'comments', 'add', 'coffee', '--author', 'Zed', '--file', path.join(root, 'posts/2025-05-01-tea.md'), '--root', root]);
      expect(code).toBe(1);
      expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toContain('"coffee"');
    } finally {
      stderr.mockRestore();
    }
    expect(readdirSync(root)).not.toContain('comments');
  });
});
