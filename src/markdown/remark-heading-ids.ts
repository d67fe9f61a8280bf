import GithubSlugger, { slug as plainSlug } from 'github-slugger';
import type { Heading, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';

/** Ids the page templates use; a heading with the same text gets `-1` appended instead. */
export const templateIds = ['top', 'main', 'content', 'comments', 'respond', 'reply-title', 'sidebar', 'archive', 'subscribe', 'footnote-label', 'recent-posts', 'sidebar-tags', 'comments-title',
  // The comment section's reply area (partials/comments.liquid, partials/comment-form.liquid).
  'email-notes', 'reply-name', 'reply-email', 'reply-url', 'reply-message', 'isso-thread', 'disqus_thread',
  'comment-form', 'comment-status', 'comment-replying', 'comment-replying-to', 'comment-cancel-reply', 'reply-trap',
  // The search box and page.
  'site-search-words', 'search-words', 'search-status', 'search-external-words'];

/** An id an author may write after a heading (`{#v1-0}`): letters of any script, digits, `_ . : -`. */
export const ownIdPattern = /^[\p{L}\p{N}_][\p{L}\p{N}_.:-]*$/u;

/**
 * Returns a function that gives each heading of one post, called in document order, a
 * GitHub-style id from its text (`## Line length` → `line-length`; repeats become `-1`, `-2`), so
 * readers can link to sections and `#anchor` links in posts work.
 */
export function headingIds(): (heading: Heading) => void {
  const slugger = new GithubSlugger();
  for (const id of templateIds) slugger.slug(id);
  const chosen = new Set<string>(templateIds);
  return (heading) => {
    heading.data ??= {};
    const own = ownId(heading, chosen);
    // An own id is kept from the slugger too, so a later heading's text does not take it again.
    if (own) slugger.slug(own);
    // A heading of punctuation only (`### ?`) slugs to nothing; an id may not be empty.
    const text = toString(heading);
    const id = own ?? slugger.slug(plainSlug(text) === '' ? 'section' : text);
    chosen.add(id);
    heading.data.hProperties = { ...heading.data.hProperties, id };
  };
}

/**
 * An id the author chose, written after the heading's text as Hugo, kramdown and Pandoc read it
 * (`## Version 1.0 {#v1-0}`): taken off the text and used, unless another heading of the post
 * or the page template has it already.
 */
function ownId(heading: Heading, chosen: Set<string>): string | undefined {
  const last = heading.children.at(-1);
  if (last?.type !== 'text') return undefined;
  const match = /\s*\{#([^\s{}]+)\}\s*$/.exec(last.value);
  if (!match?.[1] || !ownIdPattern.test(match[1]) || chosen.has(match[1])) return undefined;
  last.value = last.value.slice(0, match.index);
  if (last.value === '') heading.children.pop();
  return match[1];
}

/** Replaces a table's obsolete `align` attribute with `align-*` classes on its cells. */
export function alignTableCells(table: Table): void {
  const align = table.align ?? [];
  table.align = null;
  for (const row of table.children) {
    row.children.forEach((cell, i) => {
      const a = align[i];
      if (a) {
        cell.data ??= {};
        cell.data.hProperties = { ...cell.data.hProperties, className: [`align-${a}`] };
      }
    });
  }
}
