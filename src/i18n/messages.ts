/**
 * The messages of the default theme: every text it shows a reader, by key, and what kind of
 * message each is. The words themselves are in `templates/i18n/<language>.json`, English in
 * `en.json`; this file says how each one is used, so that a language file or a site's
 * `strings` can be checked against it.
 *
 * - `text`: plain text, given to templates as `t.<key>`.
 * - `slots`: text around markup the template puts in (a link, a `<time>`): given to templates as
 *   pieces, `t.<key>.before`, then `t.<key>.after<Slot>` between two slots, and `t.<key>.after`.
 *   A translation keeps the slots, in the order English has them.
 * - `format`: text with values (`{year}`), filled in by quire's code.
 * - `plural`: one form per plural category of the language (`one`, `few`, `other`…, as
 *   `Intl.PluralRules` names them), `{count}` the number; filled in by quire's code.
 */
export const messageKinds = {
  // The page frame (layouts/base.liquid) and the sidebar.
  skipToContent: 'text',
  siteMenu: 'text',
  subscribe: 'text',
  publishedWith: 'text',
  sidebar: 'text',
  rssFeed: 'text',
  atomFeed: 'text',
  jsonFeed: 'text',
  recentPosts: 'text',
  allOfYear: 'format',
  allTags: 'plural',
  // The default menu, and the indexes.
  home: 'text',
  archive: 'text',
  tags: 'text',
  categories: 'text',
  noPosts: 'text',
  noTags: 'text',
  // Listings: home, archive, terms, authors.
  pageNumber: 'format',
  pagedTitle: 'format',
  pageOf: 'format',
  pages: 'text',
  newerPosts: 'text',
  olderPosts: 'text',
  backArrow: 'text',
  forwardArrow: 'text',
  archiveDescription: 'format',
  postsFromYear: 'format',
  postsFromMonth: 'format',
  tagsDescription: 'format',
  categoriesDescription: 'format',
  taxonomyDescription: 'format',
  postsTagged: 'format',
  postsInCategory: 'format',
  termHeading: 'format',
  postsBy: 'format',
  postCount: 'plural',
  inParent: 'slots',
  subcategories: 'text',
  neighbouringPeriods: 'text',
  // A post in a listing and on its own page.
  byline: 'slots',
  updated: 'slots',
  readingTime: 'plural',
  continueReading: 'text',
  continueReadingTitle: 'slots',
  partOf: 'format',
  categoriesLabel: 'text',
  tagsLabel: 'text',
  morePosts: 'text',
  previousPost: 'text',
  nextPost: 'text',
  // Comments.
  commentsTitle: 'text',
  noComments: 'text',
  commentsHeading: 'plural',
  leaveComment: 'text',
  commentsLink: 'plural',
  leaveReply: 'text',
  reply: 'text',
  replyTo: 'format',
  replies: 'text',
  noscriptService: 'format',
  disqusNoscript: 'slots',
  disqusLink: 'text',
  commentNotes: 'slots',
  nameLabel: 'text',
  emailLabel: 'text',
  websiteLabel: 'text',
  commentLabel: 'text',
  trapLabel: 'text',
  postComment: 'text',
  cancelReply: 'text',
  postingComment: 'text',
  replyingTo: 'format',
  noCommentService: 'text',
  commentsClosed: 'text',
  commentsFeed: 'text',
  // The 404 page and redirects.
  notFound: 'text',
  notFoundDescription: 'text',
  notFoundText: 'text',
  notFoundHelp: 'slots',
  homePage: 'text',
  archiveLink: 'text',
  tagsLink: 'text',
  moved: 'slots',
  // Feeds.
  feedTagged: 'format',
  feedInTerm: 'format',
  feedBy: 'format',
  commentsFeedTitle: 'format',
  commentsFeedDescription: 'format',
  commentFeedItem: 'format',
  // Search: the box on every page, and the search page (whose script fills in the results).
  search: 'text',
  searchLabel: 'text',
  searchDescription: 'format',
  searchResults: 'plural',
  searchNone: 'format',
  searchLoading: 'text',
  searchFailed: 'text',
  searchNoScript: 'slots',
} as const satisfies Record<string, MessageKind>;

export type MessageKind = 'text' | 'slots' | 'format' | 'plural';
export type MessageKey = keyof typeof messageKinds;
type KeyOf<K extends MessageKind> = { [Key in MessageKey]: (typeof messageKinds)[Key] extends K ? Key : never }[MessageKey];
export type TextKey = KeyOf<'text'>;
export type SlotsKey = KeyOf<'slots'>;
export type FormatKey = KeyOf<'format'>;
export type PluralKey = KeyOf<'plural'>;

/** Plural forms by category (`one`, `other`…). */
export type PluralForms = Readonly<Record<string, string>>;
/** A message as a language file or a site's `strings` gives it. */
export type Message = string | PluralForms;
/** Messages by key: a whole language file, or some of them. */
export type Messages = Readonly<Partial<Record<MessageKey, Message>>>;

export const messageKeys = Object.keys(messageKinds) as MessageKey[];

function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(messageKinds, key);
}

/** The `{name}`s of a message, in order, as often as they appear. */
export function placeholders(message: string): string[] {
  return [...message.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1] as string);
}

/** A problem with one message, for the caller to report where the message came from. */
export interface MessageProblem {
  /** The key, or `key.form` for a plural form. */
  key: string;
  message: string;
  hint?: string;
}

/**
 * Checks messages against English's (`english`): every key known, each message of its kind
 * (text, or plural forms of the language's categories), using only the placeholders English's
 * has, slots kept once each in English's order. Missing keys are not problems here: they fall
 * back (see `resolveMessages`).
 */
export function checkMessages(raw: Readonly<Record<string, unknown>>, english: Messages, language: string, prefix = ''): MessageProblem[] {
  const problems: MessageProblem[] = [];
  const named = (key: string) => `"${prefix}${key}"`;
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories as string[];
  for (const [key, value] of Object.entries(raw)) {
    if (!isMessageKey(key)) {
      const near = closest(key, messageKeys);
      problems.push({ key, message: `The theme has no string ${named(key)}.`, hint: near ? `Did you mean "${prefix}${near}"? The README lists every string.` : 'The README lists every string.' });
      continue;
    }
    const kind = messageKinds[key];
    const base = english[key];
    const known = placeholders(typeof base === 'string' ? base : Object.values(base ?? {}).join(' '));
    const checkText = (text: string, at: string): void => {
      const unknown = placeholders(text).filter((name) => !known.includes(name));
      if (unknown.length > 0) {
        problems.push({ key: at, message: `${named(at)} has {${unknown[0] as string}}, which this string does not fill in.`,
          hint: known.length > 0 ? `It has ${known.map((name) => `{${name}}`).join(', ')}.` : 'It takes no {placeholders}.' });
      }
      if (kind === 'slots' && placeholders(text).join() !== known.join()) {
        problems.push({ key: at, message: `${named(at)} must have ${known.map((name) => `{${name}}`).join(', ')}, once each and in that order: the theme puts markup there.` });
      }
    };
    if (kind !== 'plural') {
      if (typeof value === 'string') checkText(value, key);
      else problems.push({ key, message: `${named(key)} must be text, not ${describeValue(value)}.` });
      continue;
    }
    // A plural message may be one text for every number, or a form per category.
    if (typeof value === 'string') {
      checkText(value, key);
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push({ key, message: `${named(key)} must be text, or a form per plural category such as { one: …, other: … }.` });
      continue;
    }
    for (const [form, text] of Object.entries(value as Record<string, unknown>)) {
      if (!categories.includes(form)) {
        problems.push({ key: `${key}.${form}`, message: `${named(`${key}.${form}`)}: "${form}" is not a plural form in ${language}.`, hint: `Its forms are ${categories.join(', ')}.` });
      } else if (typeof text !== 'string') problems.push({ key: `${key}.${form}`, message: `${named(`${key}.${form}`)} must be text.` });
      else checkText(text, `${key}.${form}`);
    }
    if (!Object.hasOwn(value, 'other')) problems.push({ key, message: `${named(key)} needs an "other" form, for every number the others leave out.` });
  }
  return problems;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

/** The candidate nearest to `word` by edit distance, if any is near enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length] as number;
}
