import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/site-config.js';
import { validateConfig } from '../../../src/config/validate-config.js';

const errorsOf = (raw: unknown) => validateConfig(raw, 'quire.config.yaml').diagnostics.filter((d) => d.severity === 'error');

describe('validateConfig', () => {
  it('fills every default for an empty config', () => {
    expect(validateConfig(null, 'c').config).toEqual(defaultConfig);
    expect(validateConfig({}, 'c').diagnostics).toEqual([]);
  });

  it('reads a full config', () => {
    const { config, diagnostics } = validateConfig({
      title: 'T', description: 'D', author: { name: 'Ada', email: 'a@x.org', url: 'https://x.org/' },
      baseUrl: 'https://example.com/blog', language: 'fr', timeZone: 'America/New_York', postsPerPage: 3,
      permalink: '/:year/:slug/', feedLimit: 5, rawHtml: true, comments: { closeAfterDays: 30 },
      dirs: { posts: 'content' },
    }, 'c');
    expect(diagnostics).toEqual([]);
    expect(config).toMatchObject({
      title: 'T', author: { name: 'Ada', email: 'a@x.org', url: 'https://x.org/' }, baseUrl: 'https://example.com/blog/',
      language: 'fr', timeZone: 'America/New_York', postsPerPage: 3, permalink: '/:year/:slug/', feedLimit: 5, rawHtml: true,
      dirs: { posts: 'content', static: 'static' },
    });
    expect(config.comments).toMatchObject({ closeAfterDays: 30 });
  });

  it.each([
    ['https://example.com', 'https://example.com/'],
    ['https://example.com/blog', 'https://example.com/blog/'],
    ['https://example.com/blog/?q=1#x', 'https://example.com/blog/'],
    ['http://localhost:4000', 'http://localhost:4000/'],
  ])('normalises the base URL %s to %s', (baseUrl, expected) => {
    expect(validateConfig({ baseUrl }, 'c').config.baseUrl).toBe(expected);
  });

  it.each([
    [{ baseUrl: 'example.com/blog' }, 'baseUrl'],
    [{ baseUrl: '/blog/' }, 'baseUrl'],
    [{ baseUrl: 'ftp://example.com/' }, 'baseUrl'],
    [{ baseUrl: 'javascript:alert(1)' }, 'baseUrl'],
    [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
    [{ timeZone: 'EST+5' }, 'timeZone'],
    [{ language: 'not a language' }, 'language'],
    [{ postsPerPage: 0 }, 'postsPerPage'],
    [{ postsPerPage: 2.5 }, 'postsPerPage'],
    [{ postsPerPage: '10' }, 'postsPerPage'],
    [{ permalink: '/:year/:month/' }, 'permalink'],
    [{ permalink: ':slug' }, 'permalink'],
    [{ permalink: '/../:slug/' }, 'permalink'],
    [{ permalink: '/a\\:slug/' }, 'permalink'],
    [{ rawHtml: 'yes' }, 'rawHtml'],
    [{ title: 2024 }, 'title'],
    [{ author: 3 }, 'author'],
    [{ comments: { provider: 'myspace' } }, 'comments.provider'],
  ])('rejects %j and points at the key', (raw, key) => {
    const located: string[] = [];
    const { diagnostics } = validateConfig(raw, 'quire.config.yaml', (path) => {
      located.push(path);
      return { line: 7, column: 1 };
    });
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'ConfigInvalid', file: 'quire.config.yaml', line: 7 });
    expect(located).toContain(key);
  });

  it('warns about an unknown key without failing', () => {
    const { diagnostics } = validateConfig({ titel: 'typo' }, 'c');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'warning', code: 'ConfigUnknownKey' });
  });

  it('refuses a config that is not a mapping', () => {
    expect(errorsOf(['a', 'b'])).toHaveLength(1);
    expect(errorsOf('just text')).toHaveLength(1);
  });
});

describe('validateConfig: strings', () => {
  it('keeps the site\'s own wording of the theme\'s strings, text or plural forms', () => {
    const strings = { leaveReply: 'Say something', commentsLink: { one: 'One word', other: '{count} words' } };
    const { config, diagnostics } = validateConfig({ strings }, 'c');
    expect(diagnostics).toEqual([]);
    expect(config.strings).toEqual(strings);
    expect(validateConfig({}, 'c').config.strings).toEqual({});
  });

  it('refuses an unknown string, naming it and the close match', () => {
    const errors = errorsOf({ strings: { leaveReplly: 'Say something', olderPost: 'Back' } });
    expect(errors.map((d) => [d.message, d.hint])).toEqual([
      ['The theme has no string "strings.leaveReplly".', 'Did you mean "strings.leaveReply"? The README lists every string.'],
      ['The theme has no string "strings.olderPost".', 'Did you mean "strings.olderPosts"? The README lists every string.'],
    ]);
  });

  it('points at the key of the string in the file', () => {
    const located: string[] = [];
    validateConfig({ strings: { replyTo: 'Answer {name}' } }, 'quire.config.yaml', (path) => {
      located.push(path);
      return { line: 3, column: 3 };
    });
    expect(located).toContain('strings.replyTo');
  });

  it('refuses placeholders the string does not fill in, plural forms the language does not have, and a mapping that is not one', () => {
    expect(errorsOf({ strings: { replyTo: 'Answer {name}' } }).map((d) => d.hint)).toEqual(['It has {author}.']);
    expect(errorsOf({ language: 'ja', strings: { commentsLink: { one: '1件', other: '{count}件' } } }).map((d) => d.message)).toEqual([
      '"strings.commentsLink.one": "one" is not a plural form in ja.',
    ]);
    expect(errorsOf({ language: 'pl', strings: { commentsLink: { one: 'Jeden', few: '{count} komentarze', many: '{count} komentarzy', other: '{count}' } } })).toEqual([]);
    expect(errorsOf({ strings: 'Say something' }).map((d) => d.message)).toEqual(['"strings" must be a mapping of the theme\'s strings by key.']);
  });

  it('leaves a refused string out, keeping the others', () => {
    const { config } = validateConfig({ strings: { leaveReply: 'Say it', byline: 'by nobody' } }, 'c');
    expect(config.strings).toEqual({ leaveReply: 'Say it' });
  });
});
