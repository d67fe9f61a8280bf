import GithubSlugger from 'github-slugger';
import type { Heading, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';

/** Ids the page templates use; a heading with the same text gets `-1` appended instead. */
export const templateIds = ['top', 'main', 'content', 'comments', 'respond', 'reply-title', 'sidebar', 'archive', 'subscribe', 'footnote-label', 'recent-posts', 'sidebar-tags', 'comments-title',
  // The comment section's reply area (partials/comments.liquid).
  'email-notes', 'reply-name', 'reply-email', 'reply-url', 'reply-message', 'isso-thread', 'disqus_thread'];

/**
 * Returns a function that gives each heading of one post, called in document order, a
 * GitHub-style id from its text (`## Line length` → `line-length`; repeats become `-1`, `-2`), so
 * readers can link to sections and `#anchor` links in posts work.
 */
export function headingIds(): (heading: Heading) => void {
  const slugger = new GithubSlugger();
  for (const id of templateIds) slugger.slug(id);
  return (heading) => {
    heading.data ??= {};
    heading.data.hProperties = { ...heading.data.hProperties, id: slugger.slug(toString(heading)) };
  };
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
