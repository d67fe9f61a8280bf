import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkMessages, messageKeys, messageKinds,
  type FormatKey, type Message, type MessageKey, type MessageProblem, type Messages, type PluralForms, type PluralKey, type SlotsKey, type TextKey,
} from './messages.js';

/** The default theme's language files, `templates/i18n/<language>.json`. */
const builtinI18nDir = fileURLToPath(new URL('../../templates/i18n/', import.meta.url));

/** Values a message is filled in with; numbers are written in the site's language. */
export type Values = Readonly<Record<string, string | number>>;

/**
 * A message split around its slots, for a template to put markup between: `before`, then
 * `after<Slot>` after each slot but the last (`afterHome`), then `after`.
 */
export type Pieces = Readonly<Record<string, string>>;

/** What templates see as `t`: every text message as a string, every slots message as pieces. */
export type TemplateStrings = Readonly<Record<TextKey, string> & Record<SlotsKey, Pieces>>;

/** The site's language as the theme speaks it. */
export interface Locale {
  /** The site's BCP 47 tag (`fr-CA`), used for `Intl`. */
  language: string;
  /** Writing direction: `rtl` for Arabic, Hebrew, Persian, Urdu and other right-to-left scripts. */
  dir: 'ltr' | 'rtl';
  /** The strings templates get as `t`. */
  t: TemplateStrings;
  text(key: TextKey): string;
  format(key: FormatKey, values: Values): string;
  /** A message with `values` filled in, split around the placeholders left (see `Pieces`). */
  pieces(key: FormatKey | SlotsKey, values?: Values): Pieces;
  /** The form of a plural message for `count` (`{count}` and `values` filled in). */
  plural(key: PluralKey, count: number, values?: Values): string;
  /** A plural message's forms and the language whose plural rules pick among them, for a script in the page. */
  forms(key: PluralKey): { language: string; forms: PluralForms };
  /** A hash of every message and the language: equal keys, equal output. */
  key: string;
}

/** A problem in a site's own language file. */
export interface LocaleProblem extends MessageProblem {
  file: string;
}

/**
 * The languages whose files are looked at for a tag, most specific first, English last:
 * `fr-CA` → fr-CA, fr-Latn, fr, en; `zh-TW` → zh-TW, zh-Hant, zh, en.
 */
export function languageChain(tag: string): string[] {
  const locale = new Intl.Locale(tag);
  const parts = locale.baseName.split('-');
  const chain: string[] = [];
  for (let n = parts.length; n >= 1; n--) chain.push(parts.slice(0, n).join('-'));
  const script = locale.maximize().script;
  const withScript = script ? `${locale.language}-${script}` : undefined;
  // A region stands for a script where a language has several (zh-TW is written zh-Hant).
  if (withScript && parts.length > 1 && !chain.includes(withScript)) chain.splice(chain.length - 1, 0, withScript);
  if (!chain.includes('en')) chain.push('en');
  return chain;
}

/** Scripts written right to left (ISO 15924). */
const rtlScripts = new Set(['Arab', 'Hebr', 'Syrc', 'Thaa', 'Nkoo', 'Adlm', 'Rohg', 'Mand', 'Mend', 'Samr', 'Yezi', 'Armi', 'Phnx', 'Avst']);

/** `rtl` for a language written right to left (by its script, given or likely: ar, he, fa, ur, ps, yi…). */
export function directionOf(tag: string): 'ltr' | 'rtl' {
  const script = new Intl.Locale(tag).maximize().script;
  return script !== undefined && rtlScripts.has(script) ? 'rtl' : 'ltr';
}

interface Source {
  /** The language the file is for (`fr`), or the site's for its `strings`. */
  language: string;
  messages: Readonly<Record<string, unknown>>;
}

/** Key: a hash of the language files' and the config's strings as read. Invalid: when any differs (at most 50 kept). */
const built = new Map<string, Locale>();

/**
 * The site's locale: for each message, the first of the config's `strings`, then the language
 * files of `languageChain(language)`, each looked for in `siteDirs` (a site's own
 * `templates/i18n/`) before the theme's; English's file has every message. A site's files are
 * checked (see `checkMessages`): what is wrong in them is left out and reported.
 */
export function loadLocale(language: string, strings: Messages = {}, siteDirs: readonly string[] = []): { locale: Locale; problems: LocaleProblem[] } {
  const problems: LocaleProblem[] = [];
  const english = readTheme('en');
  const sources: Source[] = [];
  const contents: string[] = [language];
  // The config's strings were checked with the config (see `validateConfig`); here what is wrong is only left out.
  const usable = (raw: Readonly<Record<string, unknown>>, lang: string, file?: string): Record<string, unknown> => {
    const found = checkMessages(raw, english, lang);
    if (file !== undefined) for (const problem of found) problems.push({ ...problem, file });
    const bad = new Set(found.map((problem) => problem.key.split('.')[0]));
    return Object.fromEntries(Object.entries(raw).filter(([key]) => !bad.has(key)));
  };
  if (Object.keys(strings).length > 0) {
    sources.push({ language, messages: usable(strings, language) });
    contents.push(JSON.stringify(strings));
  }
  for (const lang of languageChain(language)) {
    for (const dir of siteDirs) {
      const file = path.join(dir, `${lang}.json`);
      if (!existsSync(file)) continue;
      const text = readFileSync(file, 'utf8');
      contents.push(file, text);
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (error) {
        problems.push({ file, key: '', message: `This language file is not valid JSON: ${(error as Error).message}.`, hint: 'Write one "key": "text" pair per message, as the theme\'s templates/i18n/en.json does.' });
        continue;
      }
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        problems.push({ file, key: '', message: 'A language file must hold one object of messages by key.', hint: 'Write { "leaveReply": "…" }, as the theme\'s templates/i18n/en.json does.' });
        continue;
      }
      sources.push({ language: lang, messages: usable(raw as Record<string, unknown>, lang, file) });
    }
    const theme = lang === 'en' ? english : readThemeIfAny(lang);
    if (theme) {
      sources.push({ language: lang, messages: theme });
      contents.push(`theme:${lang}`, themeTexts.get(lang) ?? '');
    }
  }
  const cacheKey = createHash('sha256').update(contents.join('\0')).digest('hex');
  let locale = built.get(cacheKey);
  if (!locale) {
    locale = makeLocale(language, sources);
    if (built.size > 50) built.clear();
    built.set(cacheKey, locale);
  }
  return { locale, problems };
}

/** The theme's own language files, by language. Key: the language. Invalid: never (the theme ships with quire's code). */
const themeTexts = new Map<string, string>();
/** The same files parsed (null: the theme has none for the language). Key: the language. Invalid: never. */
const themeFiles = new Map<string, Messages | null>();

/** The theme's file for a language, or null when it ships none. */
function readThemeIfAny(lang: string): Messages | null {
  let messages = themeFiles.get(lang);
  if (messages === undefined) {
    const file = path.join(builtinI18nDir, `${lang}.json`);
    if (existsSync(file)) {
      const text = readFileSync(file, 'utf8');
      themeTexts.set(lang, text);
      messages = JSON.parse(text) as Messages;
    } else messages = null;
    themeFiles.set(lang, messages);
  }
  return messages;
}

/** The theme's English strings: every message, the model for the others. */
export function englishMessages(): Messages {
  return readTheme('en');
}

function readTheme(lang: string): Messages {
  const messages = readThemeIfAny(lang);
  if (!messages) throw new Error(`The theme has no ${lang}.json in ${builtinI18nDir}.`);
  return messages;
}

function primary(tag: string): string {
  return tag.split('-')[0]?.toLowerCase() ?? tag;
}

function makeLocale(language: string, sources: readonly Source[]): Locale {
  const siteRules = new Intl.PluralRules(language);
  const rules = new Map<string, Intl.PluralRules>();
  // A form is chosen by the site's rules when the message is in the site's language (fr for
  // fr-CA), else by the rules of the language it is written in (English, as the fallback).
  const rulesOf = (lang: string) => {
    if (primary(lang) === primary(language)) return siteRules;
    let known = rules.get(lang);
    if (!known) rules.set(lang, (known = new Intl.PluralRules(lang)));
    return known;
  };
  const resolved = new Map<MessageKey, { message: Message; rules: Intl.PluralRules }>();
  for (const key of messageKeys) {
    const source = sources.find((s) => Object.hasOwn(s.messages, key));
    if (!source) throw new Error(`No language file has the message "${key}".`);
    resolved.set(key, { message: source.messages[key] as Message, rules: rulesOf(source.language) });
  }
  const numbers = new Intl.NumberFormat(language, { useGrouping: false });
  const fill = (message: string, values: Values): string =>
    message.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => {
      const value = values[name];
      return value === undefined ? whole : typeof value === 'number' ? numbers.format(value) : value;
    });
  const textOf = (key: MessageKey): string => {
    const { message } = resolved.get(key) as { message: Message };
    return typeof message === 'string' ? message : (message['other'] ?? '');
  };
  const pieces = (key: MessageKey, values: Values = {}): Pieces => split(textOf(key), (name) => {
    const value = values[name];
    return value === undefined ? undefined : typeof value === 'number' ? numbers.format(value) : value;
  });
  const t: Record<string, string | Pieces> = {};
  for (const key of messageKeys) {
    if (messageKinds[key] === 'text') t[key] = textOf(key);
    else if (messageKinds[key] === 'slots') t[key] = pieces(key);
  }
  const key = createHash('sha256').update(JSON.stringify([language, [...resolved].map(([k, v]) => [k, v.message])])).digest('hex');
  return {
    language,
    dir: directionOf(language),
    t: t as TemplateStrings,
    text: textOf,
    format: (k, values) => fill(textOf(k), values),
    pieces,
    plural: (k, count, values = {}) => {
      const { message, rules: select } = resolved.get(k) as { message: Message; rules: Intl.PluralRules };
      const form = typeof message === 'string' ? message : (message[select.select(count)] ?? message['other'] ?? '');
      return fill(form, { ...values, count });
    },
    forms: (k) => {
      const { message, rules: select } = resolved.get(k) as { message: Message; rules: Intl.PluralRules };
      return { language: select.resolvedOptions().locale, forms: typeof message === 'string' ? { other: message } : message };
    },
    key,
  };
}

/**
 * Splits a message around the placeholders `valueOf` has no value for (see `Pieces`); values are
 * put in as they are, never read as placeholders themselves.
 */
function split(message: string, valueOf: (name: string) => string | undefined): Pieces {
  const texts: string[] = [];
  const slots: string[] = [];
  let text = '';
  for (const token of message.split(/(\{[A-Za-z]+\})/)) {
    const placeholder = /^\{([A-Za-z]+)\}$/.exec(token)?.[1];
    const value = placeholder === undefined ? token : valueOf(placeholder);
    if (value !== undefined) text += value;
    else {
      texts.push(text);
      slots.push(placeholder as string);
      text = '';
    }
  }
  texts.push(text);
  const out: Record<string, string> = { before: texts[0] ?? '', after: '' };
  slots.forEach((slot, i) => {
    out[i === slots.length - 1 ? 'after' : `after${slot.charAt(0).toUpperCase()}${slot.slice(1)}`] = texts[i + 1] ?? '';
  });
  return out;
}

/** The locale of a site's config with the theme's files only (no site language files). */
export function configLocale(config: { language: string; strings?: Messages }): Locale {
  return loadLocale(config.language, config.strings ?? {}).locale;
}
