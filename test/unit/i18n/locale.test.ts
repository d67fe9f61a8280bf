import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configLocale, directionOf, languageChain, loadLocale } from '../../../src/i18n/locale.js';
import { useTempDirs, writeFiles } from '../../support/temp-dir.js';

const tempDir = useTempDirs('quire-locale-');
const locale = (language: string, strings = {}) => loadLocale(language, strings).locale;

describe('languageChain', () => {
  it('goes from the most specific tag to the language, then English', () => {
    expect(languageChain('fr-CA')).toEqual(['fr-CA', 'fr-Latn', 'fr', 'en']);
    expect(languageChain('zh-TW')).toEqual(['zh-TW', 'zh-Hant', 'zh', 'en']);
    expect(languageChain('en-GB')).toEqual(['en-GB', 'en-Latn', 'en']);
    expect(languageChain('zh-Hant-HK')).toEqual(['zh-Hant-HK', 'zh-Hant', 'zh', 'en']);
    expect(languageChain('ar-u-nu-arab')).toEqual(['ar', 'en']);
    expect(languageChain('en')).toEqual(['en']);
  });
});

describe('directionOf', () => {
  it.each([['ar', 'rtl'], ['he', 'rtl'], ['fa', 'rtl'], ['ur', 'rtl'], ['ar-EG', 'rtl'], ['yi', 'rtl'], ['en', 'ltr'], ['ja', 'ltr'], ['az-Arab', 'rtl'], ['az', 'ltr']])(
    '%s is written %s',
    (tag, dir) => expect(directionOf(tag)).toBe(dir),
  );
});

describe('loadLocale', () => {
  it('speaks English by default, as the theme always did', () => {
    const en = locale('en');
    expect(en.t.leaveReply).toBe('Leave a reply');
    expect(en.t.byline).toEqual({ before: 'by ', after: '' });
    expect(en.t.notFoundHelp).toEqual({ before: 'Try the ', afterHome: ', the ', afterArchive: ' or the ', after: '.' });
    expect(en.plural('commentsHeading', 1, { title: 'Tea' })).toBe('One response to “Tea”');
    expect(en.plural('commentsHeading', 12, { title: 'Tea' })).toBe('12 responses to “Tea”');
    expect(en.plural('commentsHeading', 1234, { title: 'Tea' })).toBe('1234 responses to “Tea”');
    expect(en.dir).toBe('ltr');
  });

  it('falls back from fr-CA to fr, and from a language quire does not ship to English', () => {
    expect(locale('fr-CA').t.leaveReply).toBe('Laisser un commentaire');
    expect(locale('fr-CA').language).toBe('fr-CA');
    expect(locale('sv').t.leaveReply).toBe('Leave a reply');
    expect(locale('pt-BR').text('home')).toBe('Início');
  });

  it('chooses plural forms by the language\'s rules: Polish one, few, many', () => {
    const pl = locale('pl');
    expect([1, 2, 5, 12, 22, 25, 101, 104].map((n) => pl.plural('commentsLink', n))).toEqual([
      '1 komentarz', '2 komentarze', '5 komentarzy', '12 komentarzy', '22 komentarze', '25 komentarzy', '101 komentarzy', '104 komentarze',
    ]);
  });

  it('chooses Arabic\'s six forms, the zero, one and two forms without the number', () => {
    const ar = locale('ar');
    expect([0, 1, 2, 3, 11, 100].map((n) => ar.plural('commentsLink', n))).toEqual([
      'لا توجد تعليقات', 'تعليق واحد', 'تعليقان', '3 تعليقات', '11 تعليقًا', '100 تعليق',
    ]);
    expect(ar.dir).toBe('rtl');
    expect(ar.t.backArrow).toBe('→');
  });

  it('takes English\'s rules for English words, whatever the site\'s language', () => {
    // Korean (no file of its own) has one plural form; English text still says "1 comment", not "1 comments".
    expect(new Intl.PluralRules('ko').select(1)).toBe('other');
    expect(locale('ko').plural('commentsLink', 1)).toBe('1 comment');
    expect(locale('ko').plural('commentsLink', 3)).toBe('3 comments');
  });

  it('puts the site\'s strings first, as text or plural forms', () => {
    const fr = locale('fr', { leaveReply: 'Dites quelque chose', commentsLink: { one: 'Un mot', other: '{count} mots' } });
    expect(fr.t.leaveReply).toBe('Dites quelque chose');
    expect(fr.plural('commentsLink', 1)).toBe('Un mot');
    expect(fr.plural('commentsLink', 7)).toBe('7 mots');
    // French rules pick "many" for a million, which the site left out: its "other" stands in.
    expect(fr.plural('commentsLink', 1_000_000)).toBe('1000000 mots');
    expect(locale('fr').plural('commentsLink', 1_000_000)).toBe('1000000 de commentaires');
    expect(fr.key).not.toBe(locale('fr').key);
  });

  it('leaves out what is wrong in the site\'s strings (the config reports it)', () => {
    const { locale: en, problems } = loadLocale('en', { byline: 'by nobody', leaveReply: 'Say it' } as never);
    expect(problems).toEqual([]);
    expect(en.t.byline).toEqual({ before: 'by ', after: '' });
    expect(en.t.leaveReply).toBe('Say it');
  });

  it('splits a message around the slots its values leave, never reading a value as a placeholder', () => {
    const en = locale('en');
    expect(en.pieces('partOf', { part: 2, total: 5 })).toEqual({ before: 'Part 2 of 5 in ', after: '' });
    expect(en.format('postsTagged', { tag: '{site}' })).toBe('Posts tagged “{site}”');
    expect(en.pieces('moved', {})).toEqual({ before: 'This page has moved to ', after: '.' });
    expect(locale('ja').pieces('partOf', { part: 2, total: 5 })).toEqual({ before: '', after: '（全5回中 第2回）' });
  });

  it('reads a site\'s own language file before the theme\'s, checked, and a file for a language quire does not ship', () => {
    const dir = path.join(tempDir(), 'i18n');
    writeFiles(dir, {
      'fr.json': JSON.stringify({ leaveReply: 'Un mot ?', leaveRepli: 'x', replyTo: 'À {qui}' }),
      'sv.json': JSON.stringify({ leaveReply: 'Lämna ett svar', commentsLink: { one: '{count} kommentar', other: '{count} kommentarer' } }),
      'de.json': '{ not json',
    });
    const fr = loadLocale('fr', {}, [dir]);
    expect(fr.locale.t.leaveReply).toBe('Un mot ?');
    expect(fr.locale.t.subscribe).toBe('S’abonner');
    expect(fr.locale.format('replyTo', { author: 'Ada' })).toBe('Répondre à Ada');
    expect(fr.problems.map((p) => [path.basename(p.file), p.key, p.hint])).toEqual([
      ['fr.json', 'leaveRepli', 'Did you mean "leaveReply"? The README lists every string.'],
      ['fr.json', 'replyTo', 'It has {author}.'],
    ]);
    const sv = loadLocale('sv-SE', {}, [dir]).locale;
    expect(sv.t.leaveReply).toBe('Lämna ett svar');
    expect(sv.plural('commentsLink', 1)).toBe('1 kommentar');
    expect(sv.t.subscribe).toBe('Subscribe');
    expect(loadLocale('de', {}, [dir]).problems[0]?.message).toMatch(/^This language file is not valid JSON/);
    expect(loadLocale('de', {}, [dir]).locale.t.leaveReply).toBe('Schreibe einen Kommentar');
  });

  it('gives the same locale for the same config, so builds can compare it by identity', () => {
    expect(configLocale({ language: 'de', strings: {} })).toBe(configLocale({ language: 'de' }));
  });
});
