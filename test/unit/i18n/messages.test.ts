/**
 * The theme's language files against English's, read from the files themselves (not through
 * quire's loader): the same keys, each message of its kind, the same placeholders, and the
 * plural forms of each language as `Intl.PluralRules` names them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkMessages, closest, messageKeys, messageKinds, placeholders } from '../../../src/i18n/messages.js';

const dir = fileURLToPath(new URL('../../../templates/i18n/', import.meta.url));
const read = (lang: string) => JSON.parse(readFileSync(path.join(dir, `${lang}.json`), 'utf8')) as Record<string, string | Record<string, string>>;
const english = read('en');
const languages = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();
/** Every placeholder of a message, all forms together, each once. */
const namesIn = (message: string | Record<string, string>) =>
  [...new Set(typeof message === 'string' ? placeholders(message) : Object.values(message).flatMap(placeholders))].sort();

describe('the theme\'s language files', () => {
  it('ships at least the languages quire promises', () => {
    expect(languages).toEqual(expect.arrayContaining(['en', 'fr', 'de', 'es', 'pt', 'it', 'nl', 'pl', 'ja', 'zh', 'ar', 'he']));
  });

  it('English has exactly the messages the theme uses, in the order messages.ts lists them', () => {
    expect(Object.keys(english)).toEqual(messageKeys);
  });

  describe.each(languages)('%s', (lang) => {
    const messages = read(lang);
    const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories as string[];

    it('has exactly the keys of English, no missing, no extra', () => {
      expect(Object.keys(messages).sort()).toEqual(Object.keys(english).sort());
    });

    it('gives each message the placeholders English has', () => {
      const differing = Object.keys(english).filter((key) => {
        const own = messages[key];
        const base = english[key] as string | Record<string, string>;
        if (own === undefined) return true;
        // A plural form may leave the number out ("One response", "ردّان"); every other placeholder stays.
        return messageKinds[key as keyof typeof messageKinds] === 'plural'
          ? namesIn(own).filter((n) => n !== 'count').join() !== namesIn(base).filter((n) => n !== 'count').join()
          : namesIn(own).join() !== namesIn(base).join();
      });
      expect(differing).toEqual([]);
    });

    it('keeps the slots of slot messages once each, in English\'s order (the theme puts markup there)', () => {
      const slotKeys = Object.keys(english).filter((key) => messageKinds[key as keyof typeof messageKinds] === 'slots');
      expect(slotKeys.length).toBeGreaterThan(5);
      for (const key of slotKeys) expect(placeholders(messages[key] as string), key).toEqual(placeholders(english[key] as string));
    });

    it('gives plural messages exactly the plural forms of the language, with {count} in "other"', () => {
      for (const key of Object.keys(english).filter((k) => messageKinds[k as keyof typeof messageKinds] === 'plural')) {
        const forms = messages[key] as Record<string, string>;
        expect(Object.keys(forms).sort(), key).toEqual([...categories].sort());
        expect(forms['other'], key).toContain('{count}');
      }
    });

    it('gives every other message as text, with no leftover braces or blank values', () => {
      for (const [key, value] of Object.entries(messages)) {
        const texts = typeof value === 'string' ? [value] : Object.values(value);
        for (const text of texts) {
          expect(text.trim(), key).not.toBe('');
          expect(text.replace(/\{[A-Za-z]+\}/g, ''), key).not.toMatch(/[{}]/);
        }
      }
    });

    it('passes quire\'s own check of language files', () => {
      expect(checkMessages(messages, english, lang)).toEqual([]);
    });
  });

  it('translates, outside English, what a reader reads (a file that copied English would fail)', () => {
    for (const lang of languages.filter((l) => l !== 'en')) {
      const messages = read(lang);
      const same = Object.keys(english).filter((key) => JSON.stringify(messages[key]) === JSON.stringify(english[key]));
      // Arrows, "{taxonomy}: {term}" and the few words languages borrow (Home, Tags, Website, Name…).
      expect(same.length, `${lang}: ${same.join(', ')}`).toBeLessThanOrEqual(10);
    }
  });
});

describe('checkMessages', () => {
  const base = read('en');

  it('names an unknown key, with the close match as the hint', () => {
    expect(checkMessages({ leaveReplly: 'Say something' }, base, 'en', 'strings.')).toEqual([
      { key: 'leaveReplly', message: 'The theme has no string "strings.leaveReplly".', hint: 'Did you mean "strings.leaveReply"? The README lists every string.' },
    ]);
    expect(checkMessages({ zzzzzz: 'x' }, base, 'en')[0]?.hint).toBe('The README lists every string.');
  });

  it('refuses a placeholder the message does not fill in, and names the ones it has', () => {
    expect(checkMessages({ replyTo: 'Answer {name}' }, base, 'en')).toEqual([
      { key: 'replyTo', message: '"replyTo" has {name}, which this string does not fill in.', hint: 'It has {author}.' },
    ]);
  });

  it('keeps slots in place: missing or moved, the theme could not put its markup there', () => {
    expect(checkMessages({ byline: 'by someone' }, base, 'en').map((p) => p.key)).toEqual(['byline']);
    expect(checkMessages({ notFoundHelp: 'See {tags}, {home} or {archive}.' }, base, 'en').map((p) => p.key)).toEqual(['notFoundHelp']);
    expect(checkMessages({ byline: 'written by {authors}' }, base, 'en')).toEqual([]);
  });

  it('takes a plural message as one text, or forms of the language with "other"', () => {
    expect(checkMessages({ commentsLink: 'Comments: {count}' }, base, 'en')).toEqual([]);
    expect(checkMessages({ commentsLink: { one: 'Jeden', few: '{count} komentarze', other: '{count}' } }, base, 'pl')).toEqual([]);
    expect(checkMessages({ commentsLink: { one: 'one', few: '{count}', other: '{count}' } }, base, 'en')).toEqual([
      { key: 'commentsLink.few', message: '"commentsLink.few": "few" is not a plural form in en.', hint: 'Its forms are one, other.' },
    ]);
    expect(checkMessages({ commentsLink: { one: '{count} comment' } }, base, 'en').map((p) => p.message)).toEqual([
      '"commentsLink" needs an "other" form, for every number the others leave out.',
    ]);
  });

  it('wants text where the theme shows text', () => {
    expect(checkMessages({ leaveReply: 3, home: { one: 'x', other: 'y' } }, base, 'en').map((p) => p.message)).toEqual([
      '"leaveReply" must be text, not a number.', '"home" must be text, not a mapping.',
    ]);
  });
});

describe('closest', () => {
  it('finds a typo, and nothing for a word that resembles no key', () => {
    expect(closest('leavereply', messageKeys)).toBe('leaveReply');
    expect(closest('olderPost', messageKeys)).toBe('olderPosts');
    expect(closest('banana', messageKeys)).toBeUndefined();
  });
});
