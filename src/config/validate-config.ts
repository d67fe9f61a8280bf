import { DateTime } from 'luxon';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { checkProviderOptions } from './comment-providers.js';
import { defaultConfig, type CommentProvider, type PluginEntry, type SiteConfig } from './site-config.js';
import { normaliseFolderUrl } from './folder-url.js';
import { readAuthors, readMenu, readTaxonomies } from './content-model-config.js';
import { readImages } from './images-config.js';
import { readSearch } from './search-config.js';
import { describe, isRecord } from './values.js';
import { englishMessages } from '../i18n/locale.js';
import { checkMessages, type Messages } from '../i18n/messages.js';

/** Locates a config key (dotted path) in the file, for error positions. */
export type Locate = (path: string) => { line: number; column: number } | undefined;

const providers: CommentProvider[] = ['none', 'giscus', 'utterances', 'disqus', 'isso', 'form', 'quire'];
const topKeys = new Set([
  'title', 'description', 'author', 'baseUrl', 'language', 'timeZone', 'postsPerPage', 'permalink',
  'feedLimit', 'rawHtml', 'comments', 'dirs', 'markdown', 'templates', 'authors', 'menu', 'taxonomies', 'strings',
  'images', 'search',
]);
const parsers = ['auto', 'native', 'remark'];

/**
 * Checks a parsed config object against the schema and fills defaults.
 * Every problem becomes a diagnostic pointing at the key in `file`.
 */
export function validateConfig(
  raw: unknown,
  file: string,
  locate: Locate = () => undefined,
): { config: SiteConfig; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const config: SiteConfig = structuredClone(defaultConfig);
  const fail = (path: string, message: string, hint?: string): void => {
    diagnostics.push(diagnostic('error', 'ConfigInvalid', { file, ...locate(path) }, message, hint));
  };
  if (raw === null || raw === undefined) return { config, diagnostics };
  if (!isRecord(raw)) {
    fail('', 'The config must be a mapping of keys to values.', 'Write one `key: value` per line, e.g. `title: My Blog`.');
    return { config, diagnostics };
  }
  for (const key of Object.keys(raw)) {
    if (!topKeys.has(key)) {
      diagnostics.push(
        diagnostic('warning', 'ConfigUnknownKey', { file, ...locate(key) }, `Unknown config key "${key}".`,
          `Known keys: ${[...topKeys].join(', ')}.`),
      );
    }
  }
  const str = (key: string, value: unknown): string | undefined => {
    if (value === undefined) return undefined;
    if (typeof value === 'string') return value;
    fail(key, `"${key}" must be text, not ${describe(value)}.`, `Quote the value: ${key}: "${String(value)}"`);
    return undefined;
  };
  const int = (key: string, value: unknown, min: number): number | undefined => {
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min) return value;
    fail(key, `"${key}" must be a whole number of at least ${min}, not ${describe(value)}.`);
    return undefined;
  };

  config.title = str('title', raw.title) ?? config.title;
  config.description = str('description', raw.description) ?? config.description;

  if (typeof raw.author === 'string') config.author = { name: raw.author };
  else if (isRecord(raw.author)) {
    const name = str('author.name', raw.author.name);
    if (!name) fail('author', 'The author needs a name.', 'author: { name: "Ada Quill", email: "ada@example.com" }');
    config.author = { name: name ?? config.author.name };
    const email = str('author.email', raw.author.email);
    const url = str('author.url', raw.author.url);
    if (email) config.author.email = email;
    if (url) config.author.url = url;
  } else if (raw.author !== undefined) fail('author', 'The author must be a name or { name, email, url }.');

  const baseUrl = str('baseUrl', raw.baseUrl);
  if (baseUrl !== undefined) {
    const normalised = normaliseFolderUrl(baseUrl);
    if (normalised) config.baseUrl = normalised;
    else fail('baseUrl', `"baseUrl" must be an absolute http(s) URL, not "${baseUrl}".`, 'baseUrl: https://example.com/');
  }

  const language = str('language', raw.language);
  if (language !== undefined) {
    if (isLanguage(language)) config.language = language;
    else fail('language', `"${language}" is not a language tag.`, 'Use a BCP 47 tag such as en, en-GB, fr or zh-Hans.');
  }

  if (raw.strings !== undefined) readStrings(raw.strings, config, fail);

  const timeZone = str('timeZone', raw.timeZone);
  if (timeZone !== undefined) {
    if (DateTime.local().setZone(timeZone).isValid) config.timeZone = timeZone;
    else fail('timeZone', `"${timeZone}" is not a known time zone.`, 'Use an IANA name such as Europe/London, America/New_York or UTC.');
  }

  config.postsPerPage = int('postsPerPage', raw.postsPerPage, 1) ?? config.postsPerPage;
  config.feedLimit = int('feedLimit', raw.feedLimit, 1) ?? config.feedLimit;

  const permalink = str('permalink', raw.permalink);
  if (permalink !== undefined) {
    if (/^\/([^?#\\]*\/)?$/.test(permalink) && permalink.includes(':slug') && !/(^|\/)\.\.?(\/|$)/.test(permalink)) {
      config.permalink = permalink;
    } else {
      fail('permalink', `The permalink pattern "${permalink}" cannot be used.`,
        'It must start and end with "/" and contain :slug, e.g. /:year/:month/:slug/');
    }
  }

  if (raw.rawHtml !== undefined) {
    if (typeof raw.rawHtml === 'boolean') config.rawHtml = raw.rawHtml;
    else fail('rawHtml', `"rawHtml" must be true or false, not ${describe(raw.rawHtml)}.`);
  }

  if (raw.comments !== undefined) {
    const warn = (path: string, message: string, hint?: string): void => {
      diagnostics.push(diagnostic('warning', 'ConfigUnknownKey', { file, ...locate(path) }, message, hint));
    };
    readComments(raw.comments, config, fail, int, warn);
  }
  if (raw.dirs !== undefined) {
    if (!isRecord(raw.dirs)) fail('dirs', '"dirs" must be a mapping such as { posts: posts }.');
    else {
      for (const key of ['posts', 'pages', 'comments', 'static', 'templates'] as const) {
        const value = str(`dirs.${key}`, raw.dirs[key]);
        if (value !== undefined) config.dirs[key] = value;
      }
    }
  }
  if (raw.authors !== undefined) config.authors = readAuthors(raw.authors, fail);
  if (raw.menu !== undefined) config.menu = readMenu(raw.menu, fail);
  if (raw.taxonomies !== undefined) config.taxonomies = readTaxonomies(raw.taxonomies, fail);
  if (raw.markdown !== undefined) readMarkdown(raw.markdown, config, fail);
  if (raw.templates !== undefined) readTemplates(raw.templates, config, fail);
  if (raw.images !== undefined) config.images = readImages(raw.images, fail);
  if (raw.search !== undefined) config.search = readSearch(raw.search, fail);
  return { config, diagnostics };
}

type Fail = (path: string, message: string, hint?: string) => void;

/** `markdown: { parser, remarkPlugins, rehypePlugins, sanitize }`. */
function readMarkdown(raw: unknown, config: SiteConfig, fail: Fail): void {
  if (!isRecord(raw)) {
    fail('markdown', '"markdown" must be a mapping such as { remarkPlugins: [remark-math] }.');
    return;
  }
  const known = ['parser', 'remarkPlugins', 'rehypePlugins', 'sanitize'];
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) fail(`markdown.${key}`, `Unknown key "markdown.${key}".`, `Known keys: ${known.join(', ')}.`);
  }
  if (raw.parser !== undefined) {
    if (typeof raw.parser === 'string' && parsers.includes(raw.parser)) config.markdown.parser = raw.parser as SiteConfig['markdown']['parser'];
    else fail('markdown.parser', `Unknown markdown parser ${describe(raw.parser)}.`, `Use one of: ${parsers.join(', ')}.`);
  }
  for (const key of ['remarkPlugins', 'rehypePlugins'] as const) {
    const list = raw[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      fail(`markdown.${key}`, `"markdown.${key}" must be a list of plugins.`, `${key}: [remark-math]`);
      continue;
    }
    const entries: PluginEntry[] = [];
    list.forEach((entry: unknown, i) => {
      const ref = Array.isArray(entry) ? entry[0] : entry;
      const isRef = (typeof ref === 'string' && ref.trim() !== '') || typeof ref === 'function';
      if (!isRef || (Array.isArray(entry) && entry.length > 2)) {
        fail(`markdown.${key}.${i}`, `Plugin ${i + 1} of "markdown.${key}" must be a plugin, a package name, or [plugin, options].`,
          'Import the plugin and list it, or name its package: remarkPlugins: [remark-math, [remark-toc, { heading: contents }]]');
      } else entries.push(entry as PluginEntry);
    });
    config.markdown[key] = entries;
  }
  if (raw.sanitize !== undefined) {
    const s = raw.sanitize;
    const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
    const okAttributes = (v: unknown) => isRecord(v) && Object.values(v).every((list) => Array.isArray(list)
      && list.every((a: unknown) => typeof a === 'string' || (Array.isArray(a) && typeof a[0] === 'string')));
    if (!isRecord(s) || (s.tagNames !== undefined && !strings(s.tagNames)) || (s.attributes !== undefined && !okAttributes(s.attributes))
      || (s.protocols !== undefined && !(isRecord(s.protocols) && Object.values(s.protocols).every(strings)))
      || Object.keys(s).some((k) => !['tagNames', 'attributes', 'protocols'].includes(k))) {
      fail('markdown.sanitize', '"markdown.sanitize" must be { tagNames, attributes, protocols } as hast-util-sanitize writes them.',
        'sanitize: { attributes: { span: [className, style] } }');
    } else config.markdown.sanitize = s as SiteConfig['markdown']['sanitize'];
  }
}

/**
 * `strings: { leaveReply: Say something, commentsLink: { one: …, other: … } }`: the theme's
 * strings in the site's words, each checked against English's (see `checkMessages`).
 */
function readStrings(raw: unknown, config: SiteConfig, fail: Fail): void {
  if (!isRecord(raw)) {
    fail('strings', '"strings" must be a mapping of the theme\'s strings by key.', 'strings: { leaveReply: "Say something" }');
    return;
  }
  const problems = checkMessages(raw, englishMessages(), config.language, 'strings.');
  for (const problem of problems) fail(`strings.${problem.key}`, problem.message, problem.hint);
  const bad = new Set(problems.map((problem) => problem.key.split('.')[0]));
  config.strings = Object.fromEntries(Object.entries(raw).filter(([key]) => !bad.has(key))) as Messages;
}

/** `templates: { filters, tags }`: functions, so only a config written in code has them. */
function readTemplates(raw: unknown, config: SiteConfig, fail: Fail): void {
  if (!isRecord(raw) || Object.keys(raw).some((k) => k !== 'filters' && k !== 'tags')) {
    fail('templates', '"templates" must be { filters, tags }.', 'In quire.config.ts: templates: { filters: { shout: (s) => String(s).toUpperCase() } }');
    return;
  }
  if (raw.filters !== undefined) {
    if (isRecord(raw.filters) && Object.values(raw.filters).every((f) => typeof f === 'function')) {
      config.templates.filters = raw.filters as SiteConfig['templates']['filters'];
    } else fail('templates.filters', '"templates.filters" must map names to functions.', 'Write the config in code (quire.config.ts) to give functions.');
  }
  if (raw.tags !== undefined) {
    if (isRecord(raw.tags) && Object.values(raw.tags).every((t) => typeof t === 'function' || (isRecord(t) && typeof t.render === 'function'))) {
      config.templates.tags = raw.tags;
    } else fail('templates.tags', '"templates.tags" must map names to LiquidJS tags ({ parse, render } or a Tag class).');
  }
}

function readComments(
  raw: unknown,
  config: SiteConfig,
  fail: (path: string, message: string, hint?: string) => void,
  int: (key: string, value: unknown, min: number) => number | undefined,
  warn: (path: string, message: string, hint?: string) => void,
): void {
  if (typeof raw === 'boolean') {
    config.comments.enabled = raw;
    return;
  }
  if (!isRecord(raw)) {
    fail('comments', '"comments" must be true, false or a mapping such as { provider: giscus }.');
    return;
  }
  if (raw.enabled !== undefined) {
    if (typeof raw.enabled === 'boolean') config.comments.enabled = raw.enabled;
    else fail('comments.enabled', '"comments.enabled" must be true or false.');
  }
  if (raw.provider !== undefined) {
    if (typeof raw.provider === 'string' && (providers as string[]).includes(raw.provider)) {
      config.comments.provider = raw.provider as CommentProvider;
    } else {
      fail('comments.provider', `Unknown comment provider ${describe(raw.provider)}.`, `Use one of: ${providers.join(', ')}.`);
    }
  }
  config.comments.closeAfterDays = int('comments.closeAfterDays', raw.closeAfterDays, 0) ?? 0;
  config.comments.feedLimit = int('comments.feedLimit', raw.feedLimit, 1) ?? config.comments.feedLimit;
  for (const [key, value] of Object.entries(raw)) {
    if (['enabled', 'provider', 'closeAfterDays', 'feedLimit'].includes(key)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      config.comments.options[key] = String(value);
    } else {
      fail(`comments.${key}`, `"comments.${key}" must be a single value.`);
    }
  }
  // Each provider's embed needs its own options (giscus: repo, repoId, category, categoryId; ...).
  for (const problem of checkProviderOptions(config.comments)) {
    (problem.severity === 'error' ? fail : warn)(`comments.${problem.key}`, problem.message, problem.hint);
  }
}


function isLanguage(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}
