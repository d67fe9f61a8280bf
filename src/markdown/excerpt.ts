import type { Parent, Root, RootContent } from 'mdast';

const moreMarker = /^<!--\s*more\s*-->$/i;

/**
 * Picks a post's excerpt from its (already transformed) tree: everything before
 * `<!-- more -->`, else the first paragraph. Returns a new tree made listing-safe: no heading
 * ids (a listing shows many excerpts on one page, and ids must be unique), no footnote
 * references (their notes are not part of the excerpt), and `#anchors` pointing at the post.
 */
export function extractExcerpt(tree: Root, postUrl: string): { excerpt: Root; hasMore: boolean } {
  const marker = tree.children.findIndex((node) => node.type === 'html' && moreMarker.test(node.value.trim()));
  let nodes: RootContent[];
  if (marker >= 0) nodes = tree.children.slice(0, marker);
  else {
    const first = tree.children.find((node) => node.type === 'paragraph');
    nodes = first ? [first] : [];
  }
  const excerpt: Root = { type: 'root', children: structuredClone(nodes) };
  makeListingSafe(excerpt, postUrl);
  const hasMore = marker >= 0 ? tree.children.length > marker + 1 : tree.children.length > nodes.length;
  return { excerpt, hasMore };
}

/** The listing-safe changes above, made in place. */
function makeListingSafe(parent: Parent, postUrl: string): void {
  const children = parent.children;
  for (let i = 0; i < children.length; i++) {
    const node = children[i] as RootContent;
    if (node.type === 'footnoteReference' || node.type === 'footnoteDefinition') {
      children.splice(i--, 1);
      continue;
    }
    if (node.type === 'heading' && node.data?.hProperties) delete node.data.hProperties.id;
    if ((node.type === 'link' || node.type === 'definition') && node.url.startsWith('#')) node.url = postUrl + node.url;
    if ('children' in node) makeListingSafe(node, postUrl);
  }
}
