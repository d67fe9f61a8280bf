import GithubSlugger from 'github-slugger';
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';

/** Ids the page templates use; a heading with the same text gets `-1` appended instead. */
export const templateIds = ['top', 'main', 'content', 'comments', 'respond', 'reply-title', 'sidebar', 'archive', 'subscribe', 'footnote-label', 'recent-posts', 'sidebar-tags', 'comments-title',
  // The comment section's reply area (partials/comments.liquid).
  'email-notes', 'reply-name', 'reply-email', 'reply-url', 'reply-message', 'isso-thread', 'disqus_thread'];

/**
 * Gives every heading a GitHub-style id from its text (`## Line length` → `line-length`;
 * repeats become `-1`, `-2`), so readers can link to sections and `#anchor` links in posts work.
 * Tables lose the obsolete `align` attribute in favour of `align-*` classes.
 */
export function remarkHeadingIds() {
  return (tree: Root): void => {
    const slugger = new GithubSlugger();
    for (const id of templateIds) slugger.slug(id);
    visit(tree, (node) => {
      if (node.type === 'heading') {
        node.data ??= {};
        node.data.hProperties = { ...node.data.hProperties, id: slugger.slug(toString(node)) };
      } else if (node.type === 'table') {
        const align = node.align ?? [];
        node.align = null;
        for (const row of node.children) {
          row.children.forEach((cell, i) => {
            const a = align[i];
            if (a) {
              cell.data ??= {};
              cell.data.hProperties = { ...cell.data.hProperties, className: [`align-${a}`] };
            }
          });
        }
      }
    });
  };
}
