import type { Root, RootContent } from 'mdast';
import { visit, SKIP } from 'unist-util-visit';

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
  visit(excerpt, (node, index, parent) => {
    if ((node.type === 'footnoteReference' || node.type === 'footnoteDefinition') && parent && index !== undefined) {
      parent.children.splice(index, 1);
      return [SKIP, index];
    }
    if (node.type === 'heading' && node.data?.hProperties) delete node.data.hProperties.id;
    if ((node.type === 'link' || node.type === 'definition') && node.url.startsWith('#')) node.url = postUrl + node.url;
    return undefined;
  });
  const hasMore = marker >= 0 ? tree.children.length > marker + 1 : tree.children.length > nodes.length;
  return { excerpt, hasMore };
}
