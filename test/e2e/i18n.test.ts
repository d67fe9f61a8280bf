/**
 * The default theme in the reader's language, end to end: a small site with every kind of page
 * (posts with 0, 1, 2, 5 and 22 comments, a closed post, a series, categories with a child,
 * two authors, pagination, a page, an alias, the 404 page), built in French, German, Polish and
 * Japanese with each comment provider. No English string of the theme is left in any page: the
 * list comes from templates/i18n/en.json itself, less what a language's own file writes the
 * same way (German "Name"). Plural forms are checked against the words a reader expects, not
 * against quire's own choice; Arabic gets `dir="rtl"`; a site's `strings` and its own language
 * file win over the theme's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DomUtils } from 'htmlparser2';
import { Liquid } from 'liquidjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { build } from '../../src/build.js';
import { formatReport } from '../../src/diagnostics/format-report.js';
import { all, attr, hasClass, one, parseHtml, text, type Document, type Element } from '../support/html.js';
import { useTempDirs, writeFiles } from '../support/temp-dir.js';

const i18nDir = fileURLToPath(new URL('../../templates/i18n/', import.meta.url));
const stylesheet = fileURLToPath(new URL('../../templates/assets/style.css', import.meta.url));
type Messages = Record<string, string | Record<string, string>>;
const messagesOf = (lang: string) => JSON.parse(readFileSync(path.join(i18nDir, `${lang}.json`), 'utf8')) as Messages;
const english = messagesOf('en');
const NOW = Date.parse('2026-01-01T00:00:00Z');
const tempDir = useTempDirs('quire-i18n-');

afterEach(() => vi.restoreAllMocks());

/** Comment counts by post slug; `zamknieta` is closed and has none. */
const counts: Record<string, number> = { zero: 0, jeden: 1, dwa: 2, piec: 5, dwadziescia: 22 };

const providers: Record<string, string> = {
  quire: 'comments:\n  provider: quire\n  url: https://komentarze.example/\n',
  none: 'comments:\n  provider: none\n',
  giscus: 'comments:\n  provider: giscus\n  repo: a/b\n  repoId: R\n  category: C\n  categoryId: D\n',
  utterances: 'comments:\n  provider: utterances\n  repo: a/b\n',
  disqus: 'comments:\n  provider: disqus\n  shortname: zeszyt\n',
  isso: 'comments:\n  provider: isso\n  url: https://komentarze.example/\n',
  form: 'comments:\n  provider: form\n  action: https://komentarze.example/form\n',
};

/** A site in `language` with every kind of page the theme has; content in words of no theme string. */
function site(language: string, extra = providers.quire ?? '', files: Record<string, string> = {}): string {
  const root = tempDir();
  const post = (date: string, title: string, front = '') =>
    `---\ntitle: ${title}\ndate: ${date}\n${front}---\nAkapit pierwszy.\n\n<!-- more -->\n\nAkapit drugi.\n`;
  const comments: Record<string, string> = {};
  for (const [slug, n] of Object.entries(counts)) {
    for (let i = 0; i < n; i++) {
      comments[`comments/${slug}/k${i}.md`] = `---\nauthor: Ola ${i}\ndate: 2024-03-${String(10 + (i % 18)).padStart(2, '0')}T10:${String(i).padStart(2, '0')}:00Z\n---\nDobre.\n`;
    }
  }
  writeFiles(root, {
    'quire.config.yaml': [
      'title: Zeszyt', 'description: Notatki', `language: ${language}`, 'baseUrl: https://zeszyt.example/', 'timeZone: UTC', 'postsPerPage: 2',
      'authors:', '  zofia: { name: Zofia Nowak, bio: Pisze. }', '  jan: { name: Jan Kowal }',
      'taxonomies:', '  - tags', '  - { name: categories, hierarchical: true }', '  - { name: series, ordered: true }',
      extra,
    ].join('\n'),
    'posts/2024-03-09-zero.md': post('2024-03-09', 'Zero', 'tags: [kawa]\ncategories: [Kuchnia/Desery]\nseries: Cykl\nauthor: zofia\nupdated: 2024-04-01\n'),
    'posts/2024-03-08-jeden.md': post('2024-03-08', 'Jeden', 'tags: [kawa, herbata]\ncategories: [Kuchnia]\nseries: Cykl\nauthor: jan\naliases: [/stare/jeden.html]\n'),
    'posts/2024-02-07-dwa.md': post('2024-02-07', 'Dwa', 'tags: [herbata]\nauthor: [zofia, jan]\n'),
    'posts/2024-02-06-piec.md': post('2024-02-06', 'Pięć'),
    'posts/2023-12-05-dwadziescia.md': post('2023-12-05', 'Dwadzieścia'),
    'posts/2023-11-04-zamknieta.md': post('2023-11-04', 'Zamknięta', 'comments: false\n'),
    'pages/o-mnie.md': '---\ntitle: O mnie\nupdated: 2024-05-01\n---\nAkapit.\n',
    ...comments,
    ...files,
  });
  return root;
}

/** Builds `root`, failing the test on any problem, and returns every HTML page parsed, by path. */
function built(root: string): Map<string, { html: string; doc: Document }> {
  const out = path.join(root, 'dist');
  const result = build({ root, out, cache: false, now: NOW });
  expect(result.ok, formatReport(result.diagnostics)).toBe(true);
  const pages = new Map<string, { html: string; doc: Document }>();
  for (const file of readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'))) {
    const html = readFileSync(path.join(out, file), 'utf8');
    pages.set(file.split(path.sep).join('/'), { html, doc: parseHtml(html) });
  }
  return pages;
}

/**
 * What a page says outside the posts' and comments' own words: its text, labels and meta
 * descriptions, and the texts its scripts show (their string literals with a space in them:
 * "Posting your comment…", not "comment-form").
 */
function themeTexts(doc: Document): string[] {
  const texts: string[] = [];
  const content = new Set(['post-body', 'excerpt', 'comment-content']);
  const shownMeta = new Set(['description', 'og:title', 'og:description']);
  const walk = (nodes: Document['children']) => {
    for (const node of nodes) {
      if (node.type === 'text') texts.push(node.data);
      if (!('attribs' in node)) continue;
      const el = node as Element;
      if ((attr(el, 'class') ?? '').split(/\s+/).some((c) => content.has(c))) continue;
      if (el.name === 'script') {
        if (attr(el, 'type') !== 'application/ld+json') {
          texts.push(...(DomUtils.textContent(el).match(/"(?:[^"\\\n]|\\.)*"/g) ?? []).filter((literal) => literal.includes(' ')));
        }
        continue;
      }
      for (const name of ['aria-label', 'title', 'alt', 'placeholder']) {
        const value = attr(el, name);
        if (value !== undefined) texts.push(value);
      }
      if (el.name === 'meta' && shownMeta.has(attr(el, 'name') ?? attr(el, 'property') ?? '')) texts.push(attr(el, 'content') ?? '');
      walk(el.children);
    }
  };
  walk(doc.children);
  return texts;
}

const forms = (message: string | Record<string, string> | undefined) =>
  message === undefined ? [] : typeof message === 'string' ? [message] : Object.values(message);

/**
 * The English words of each theme string that a language writes otherwise: each message's
 * text between its placeholders ("Posts tagged “", "”"), keeping those with a letter, less any
 * that the language itself writes so ("Page" of "Page {number} sur {total}", "Site" of "Site web").
 */
function englishFragments(lang: string): Map<string, string> {
  const own = Object.values(messagesOf(lang)).flatMap(forms).join('\n');
  const fragments = new Map<string, string>();
  for (const [key, message] of Object.entries(english)) {
    for (const form of forms(message)) {
      for (const piece of form.split(/\{[A-Za-z]+\}/)) {
        const fragment = piece.trim();
        if (/\p{L}/u.test(fragment) && !wordPattern(fragment).test(own)) fragments.set(fragment, key);
      }
    }
  }
  return fragments;
}

const wordPattern = (fragment: string) => new RegExp(`(?<![\\p{L}\\p{N}])${fragment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u');

const postPage = (pages: Map<string, { doc: Document }>, slug: string) => {
  const file = [...pages.keys()].find((f) => /^\d{4}\/\d{2}\//.test(f) && f.endsWith(`/${slug}/index.html`));
  if (!file) throw new Error(`no page for ${slug}`);
  return (pages.get(file) as { doc: Document }).doc;
};
const commentsHeading = (doc: Document) => text(one(one(doc, 'section', (el) => attr(el, 'id') === 'comments'), 'h2'));
/** The "N comments" link of each post on the home page and its later pages, by post title. */
const commentLinks = (pages: Map<string, { doc: Document }>) => {
  const links = new Map<string, string>();
  for (const [file, { doc }] of pages) {
    if (file !== 'index.html' && !file.startsWith('page/')) continue;
    for (const summary of all(doc, 'article', hasClass('post-summary'))) {
      const link = all(summary, 'a', hasClass('comments-link'))[0];
      links.set(text(one(summary, 'h2')), link ? text(link) : '');
    }
  }
  return links;
};

/** What readers of each language expect, written here by hand: headings and links for 0, 1, 2, 5 and 22 comments. */
const expected: Record<string, { headings: string[]; links: string[]; date: string; month: string; readingTime: string; pageOf: string }> = {
  fr: {
    headings: ['Aucun commentaire pour l’instant', 'Une réponse à « Jeden »', '2 réponses à « Dwa »', '5 réponses à « Pięć »', '22 réponses à « Dwadzieścia »'],
    links: ['Laisser un commentaire', '1 commentaire', '2 commentaires', '5 commentaires', '22 commentaires'],
    date: '9 mars 2024', month: 'mars 2024', readingTime: '1 min de lecture', pageOf: 'Page 1 sur 3',
  },
  de: {
    headings: ['Noch keine Kommentare', 'Ein Kommentar zu „Jeden“', '2 Kommentare zu „Dwa“', '5 Kommentare zu „Pięć“', '22 Kommentare zu „Dwadzieścia“'],
    links: ['Schreibe einen Kommentar', '1 Kommentar', '2 Kommentare', '5 Kommentare', '22 Kommentare'],
    date: '9. März 2024', month: 'März 2024', readingTime: '1 Min. Lesezeit', pageOf: 'Seite 1 von 3',
  },
  pl: {
    headings: ['Nie ma jeszcze komentarzy', 'Jeden komentarz do „Jeden”', '2 komentarze do „Dwa”', '5 komentarzy do „Pięć”', '22 komentarze do „Dwadzieścia”'],
    links: ['Dodaj komentarz', '1 komentarz', '2 komentarze', '5 komentarzy', '22 komentarze'],
    date: '9 marca 2024', month: 'marzec 2024', readingTime: '1 min czytania', pageOf: 'Strona 1 z 3',
  },
  ja: {
    headings: ['まだコメントはありません', '「Jeden」への1件のコメント', '「Dwa」への2件のコメント', '「Pięć」への5件のコメント', '「Dwadzieścia」への22件のコメント'],
    links: ['コメントする', '1件のコメント', '2件のコメント', '5件のコメント', '22件のコメント'],
    date: '2024年3月9日', month: '2024年3月', readingTime: '1分で読めます', pageOf: '1 / 3 ページ',
  },
};
const titles = ['Zero', 'Jeden', 'Dwa', 'Pięć', 'Dwadzieścia'];

describe.each(Object.keys(expected))('a site in %s', (lang) => {
  const want = expected[lang] as (typeof expected)[string];
  let pages: Map<string, { html: string; doc: Document }>;
  const byProvider = new Map<string, Map<string, { html: string; doc: Document }>>();

  beforeAll(() => {
    const fallback = vi.spyOn(Liquid.prototype, 'renderFileSync');
    for (const [name, extra] of Object.entries(providers)) byProvider.set(name, built(site(lang, extra)));
    // Every page in every language is still rendered by the compiled templates.
    expect(fallback.mock.calls.map(([file]) => file)).toEqual([]);
    fallback.mockRestore();
    pages = byProvider.get('quire') as typeof pages;
  });

  it('builds every kind of page the theme has', () => {
    expect([...pages.keys()]).toEqual(expect.arrayContaining([
      'index.html', 'page/2/index.html', 'archive/index.html', 'archive/2024/index.html', 'archive/2024/03/index.html',
      'tags/index.html', 'tags/kawa/index.html', 'categories/index.html', 'categories/kuchnia/desery/index.html', 'series/cykl/index.html',
      'authors/zofia/index.html', 'o-mnie/index.html', 'stare/jeden.html', '404.html',
    ]));
  });

  it('leaves no English string of the theme in any page, with any comment provider', () => {
    const fragments = englishFragments(lang);
    // What is looked for: most of the theme's strings, not just a handful left after the exclusions.
    expect(fragments.size).toBeGreaterThan(80);
    const found: string[] = [];
    for (const [provider, built] of byProvider) {
      for (const [file, { doc }] of built) {
        const texts = themeTexts(doc).join('\n');
        for (const [fragment, key] of fragments) {
          const at = wordPattern(fragment).exec(texts)?.index;
          if (at !== undefined) found.push(`${provider} ${file}: "${fragment}" (${key}) in …${texts.slice(Math.max(0, at - 30), at + 30)}…`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('finds English strings where a page has them (the check above can fail)', () => {
    const fragments = englishFragments(lang);
    const englishSite = built(site('en'));
    const texts = themeTexts((englishSite.get('index.html') as { doc: Document }).doc).join('\n');
    expect([...fragments.keys()].filter((fragment) => wordPattern(fragment).test(texts))).toEqual(expect.arrayContaining(['Older posts', 'Continue reading', 'Recent posts']));
  });

  it('titles the comments of 0, 1, 2, 5 and 22 comments with the plural form a reader expects', () => {
    // (The page's no-break spaces, as in « Jeden », read as spaces here.)
    expect(Object.keys(counts).map((slug) => commentsHeading(postPage(pages, slug)))).toEqual(want.headings);
    const links = commentLinks(pages);
    expect(titles.map((title) => links.get(title))).toEqual(want.links);
  });

  it('says "Comments" and that they are closed on a closed post, in the language', () => {
    const doc = postPage(pages, 'zamknieta');
    const own = messagesOf(lang);
    expect(commentsHeading(doc)).toBe(own.commentsTitle);
    expect(text(one(doc, 'p', hasClass('comments-closed')))).toBe(own.commentsClosed);
  });

  it('writes dates, months, reading time and page numbers in the language', () => {
    const home = (pages.get('index.html') as { doc: Document }).doc;
    expect(text(one(home, 'time'))).toBe(want.date);
    expect(text(one(home, 'span', hasClass('reading-time')))).toBe(want.readingTime);
    expect(text(one(home, 'span', hasClass('page-number')))).toBe(want.pageOf);
    const archive = (pages.get('archive/index.html') as { doc: Document }).doc;
    expect(all(archive, 'h3').map(text)).toContain(`${want.month} (2)`);
  });

  it('labels the reply form and each reply link in the language, and its script speaks it too', () => {
    const own = messagesOf(lang);
    const { doc, html } = [...pages].find(([file]) => file.includes('/dwa/'))?.[1] as { doc: Document; html: string };
    const form = one(doc, 'form', (el) => attr(el, 'id') === 'comment-form');
    expect(all(form, 'label').map(text)).toEqual([`${own.nameLabel as string} *`, `${own.emailLabel as string} *`, own.websiteLabel, `${own.commentLabel as string} *`, own.trapLabel]);
    expect(text(one(doc, 'h3', (el) => attr(el, 'id') === 'reply-title'))).toBe(own.leaveReply);
    expect(all(doc, 'a', hasClass('comment-reply-link')).map((a) => attr(a, 'aria-label'))).toEqual([
      (own.replyTo as string).replace('{author}', 'Ola 0'), (own.replyTo as string).replace('{author}', 'Ola 1'),
    ]);
    expect(html).toContain(`status.textContent = ${JSON.stringify(own.postingComment)};`);
    const [before, after] = (own.replyingTo as string).split('{author}') as [string, string];
    expect(html).toContain([before && JSON.stringify(before), 'author', after && JSON.stringify(after)].filter(Boolean).join(' + '));
  });
});

it('chooses Polish plural forms one, few, many, few for 1, 2, 5 and 22, as CLDR says', () => {
  expect([1, 2, 5, 22].map((n) => new Intl.PluralRules('pl').select(n))).toEqual(['one', 'few', 'many', 'few']);
});

describe('right to left', () => {
  it('gives an Arabic site dir="rtl" on every page, in Arabic, and leaves English without it', () => {
    const pages = built(site('ar'));
    for (const [file, { doc }] of pages) {
      const html = one(doc, 'html');
      expect([file, attr(html, 'lang'), attr(html, 'dir')]).toEqual([file, 'ar', 'rtl']);
    }
    const home = (pages.get('index.html') as { doc: Document }).doc;
    expect(text(one(home, 'a', (el) => attr(el, 'rel') === 'next'))).toBe('مقالات أقدم ←');
    expect(attr(one(built(site('he')).get('404.html')?.doc as Document, 'html'), 'dir')).toBe('rtl');
    expect(attr(one(built(site('en')).get('index.html')?.doc as Document, 'html'), 'dir')).toBeUndefined();
  });

  it('styles the theme with logical properties, so it works mirrored (only code and markdown\'s own table alignment stay physical)', () => {
    const css = readFileSync(stylesheet, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    const physical = css.split('\n').filter((line) => /(?:^|[\s{;-])(?:left|right)\s*:|(?:margin|padding|border)-(?:left|right)|text-align:\s*(?:left|right)|float:\s*(?:left|right)/.test(line));
    expect(physical).toEqual(['.align-left { text-align: left; }', '.align-right { text-align: right; }']);
  });
});

describe('a site\'s own words', () => {
  it('uses the config\'s strings over the language file\'s, and a plural form per category', () => {
    const pages = built(site('en', `${providers.none ?? ''}strings:\n  leaveReply: Say something\n  commentsLink: { one: One note, other: "{count} notes" }\n`));
    const doc = postPage(pages, 'dwa');
    expect(text(one(doc, 'h3', (el) => attr(el, 'id') === 'reply-title'))).toBe('Say something');
    expect(DomUtils.textContent(doc)).not.toContain('Leave a reply');
    const links = commentLinks(pages);
    expect([links.get('Jeden'), links.get('Dwa')]).toEqual(['One note', '2 notes']);
  });

  it('reads the site\'s own templates/i18n/<language>.json before the theme\'s, for a language quire does not ship too', () => {
    const pages = built(site('sv', providers.none, {
      'templates/i18n/sv.json': JSON.stringify({ olderPosts: 'Äldre inlägg', commentsLink: { one: '{count} kommentar', other: '{count} kommentarer' } }),
    }));
    const home = (pages.get('index.html') as { doc: Document }).doc;
    expect(text(one(home, 'a', (el) => attr(el, 'rel') === 'next'))).toBe('Äldre inlägg →');
    expect(commentLinks(pages).get('Jeden')).toBe('1 kommentar');
    // What the file leaves out is English.
    expect(text(one(home, 'a', hasClass('skip-link')))).toBe('Skip to content');
  });

  it('fails the build on an unknown string in the config, or in a site language file, naming it and the close match', () => {
    const errors = (root: string) => {
      const result = build({ root, out: path.join(root, 'dist'), cache: false, now: NOW });
      expect(result.ok).toBe(false);
      return result.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.message, d.hint, path.basename(d.file ?? '')]);
    };
    expect(errors(site('en', `${providers.none ?? ''}strings:\n  leaveReplly: Say something\n`))).toEqual([
      ['ConfigInvalid', 'The theme has no string "strings.leaveReplly".', 'Did you mean "strings.leaveReply"? The README lists every string.', 'quire.config.yaml'],
    ]);
    expect(errors(site('en-GB', providers.none, { 'templates/i18n/en.json': '{ "olderPost": "Back" }' }))).toEqual([
      ['LanguageFile', 'The theme has no string "olderPost".', 'Did you mean "olderPosts"? The README lists every string.', 'en.json'],
    ]);
  });
});
