import { createHash } from 'node:crypto';
import type { SearchPlan } from '../site/search-plan.js';
import type { SitePost } from '../site/site-post.js';

/** One document as the search index takes it (Pagefind's custom record). */
export interface SearchRecord {
  url: string;
  /** The title, then the body's text: what the words are found in and the excerpt is cut from. */
  content: string;
  language: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}

/** One index of the site's search (see `SearchPlan`), named by everything its records are made from. */
export interface SearchShard {
  /** Its folder in the output, from the site root (`pagefind/0/`). */
  bundle: string;
  key: string;
  documents: readonly SitePost[];
}

/**
 * The site's search indexes, each with its key: a hash of its documents' URLs, titles, dates,
 * terms' titles and bodies (by `bodyKeyOf`, a hash of the body's HTML), the language and `version`
 * (the indexer's). An index whose key is unchanged need not be made again.
 */
export function searchShards(plan: SearchPlan, language: string, bodyKeyOf: (source: string) => string, version: string): SearchShard[] {
  return plan.bundles.map((_bundle, i) => searchShard(plan, i, language, bodyKeyOf, version));
}

/** Shard `i` of `searchShards`, which needs the bodies of its own documents only. */
export function searchShard(plan: SearchPlan, i: number, language: string, bodyKeyOf: (source: string) => string, version: string): SearchShard {
  const { documents, fields: described } = shardsOf(plan)[i] as { documents: readonly SitePost[]; fields: string };
  const bundle = plan.bundles[i] as string;
  // Each field with its length before it, so no two lists of fields give one text; the
  // documents' count is in `described`, so where the bodies' keys end is known too.
  return { bundle, key: createHash('sha256').update(fields([version, language, bundle, described, ...documents.map((doc) => bodyKeyOf(doc.source))])).digest('hex'), documents };
}

/**
 * Each shard's documents, and a hash of what its key takes of them besides their bodies. A
 * watching process makes the keys on every save, and keeps the model (and its plan) while no
 * document's metadata changes: only the bodies' keys are then looked at again.
 * Key: the plan, by identity. Invalid: never (the model is read-only: a plan is replaced, not changed).
 */
const shardParts = new WeakMap<SearchPlan, ReadonlyArray<{ documents: readonly SitePost[]; fields: string }>>();

function shardsOf(plan: SearchPlan): ReadonlyArray<{ documents: readonly SitePost[]; fields: string }> {
  let parts = shardParts.get(plan);
  if (parts) return parts;
  const groups = plan.bundles.map(() => [] as SitePost[]);
  for (const doc of plan.documents) groups[plan.shardOf(doc)]?.push(doc);
  parts = groups.map((documents) => {
    const described = createHash('sha256').update(fields([String(documents.length)]));
    for (const doc of documents) {
      // Of the terms only what the index holds: their titles; with the counts of taxonomies and
      // terms, where one document's fields end is known.
      const taxonomies = Object.entries(doc.terms);
      const parts = [doc.url, doc.title, doc.date, doc.dateText, String(taxonomies.length)];
      for (const [taxonomy, terms] of taxonomies) parts.push(taxonomy, String(terms.length), ...terms.map((term) => term.title));
      described.update(fields(parts));
    }
    return { documents, fields: described.digest('hex') };
  });
  shardParts.set(plan, parts);
  return parts;
}

function fields(parts: readonly string[]): string {
  let text = '';
  for (const part of parts) text += `${part.length}:${part}`;
  return text;
}

/** The record of a document, from its body's HTML. */
export function searchRecord(doc: SitePost, html: string, language: string): SearchRecord {
  return textRecord(doc, htmlText(html), language);
}

/** The record of a document, from its body's text (`htmlText` of its HTML). */
export function textRecord(doc: SitePost, text: string, language: string): SearchRecord {
  const meta: Record<string, string> = { title: doc.title };
  if (doc.date !== '') {
    meta.date = doc.dateText;
    meta.datetime = doc.date;
  }
  const filters: Record<string, string[]> = {};
  for (const [taxonomy, terms] of Object.entries(doc.terms)) {
    if (terms.length > 0) filters[taxonomy] = terms.map((term) => term.title);
  }
  return { url: doc.url, content: `${doc.title}\n${text}`, language, meta, filters };
}

/** Elements whose content is no text a reader searches for. */
const hidden = /<(script|style|template|svg|math)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
/** Elements that end a run of text: their words must not run into the next. */
const breaks = /<\/?(?:address|article|aside|blockquote|br|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|li|ol|p|pre|section|table|td|th|tr|ul)\b[^>]*>/gi;
const tags = /<[^>]*>/g;
const named: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0' };

/**
 * The text of a body's HTML, as a reader sees it, in one line per block. Bodies are quire's
 * own output (hast-util-to-html, sanitized), so tags are well formed and the only character
 * references are numeric or the five of XML; an unknown named one is kept as written.
 */
export function htmlText(html: string): string {
  return html
    .replace(hidden, ' ')
    .replace(breaks, '\n')
    .replace(tags, '')
    .replace(/&(?:#x([0-9a-f]+)|#(\d+)|([a-z]+));/gi, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
      if (name !== undefined) return named[name] ?? whole;
      const code = Number.parseInt(hex ?? dec ?? '', hex ? 16 : 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
    })
    .replace(/[ \t\r\f\v]+/g, ' ')
    .replace(/ ?\n[\s]*/g, '\n')
    .trim();
}
