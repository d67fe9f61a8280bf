import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';

/**
 * Makes relative link and image URLs in a post root-relative (`marbled.svg` on
 * `/2025/04/marbled/` becomes `/2025/04/marbled/marbled.svg`), so the same HTML works on the
 * post page, in excerpts on listing pages and (with the origin added) in feeds.
 * In-page `#anchors` are left alone here; excerpts point them at the post separately.
 */
export function remarkResolveUrls(options: { pageUrl: string }) {
  return (tree: Root): void => {
    visit(tree, (node) => {
      if (node.type === 'link' || node.type === 'image' || node.type === 'definition') {
        node.url = resolveUrl(node.url, options.pageUrl);
      }
    });
  };
}

/** Resolves `url` against a page's URL path when it is relative; leaves all other URLs as written. */
export function resolveUrl(url: string, pageUrl: string): string {
  if (url === '' || url.startsWith('#') || url.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  const resolved = new URL(url, `https://quire.invalid${pageUrl}`);
  return resolved.pathname + resolved.search + resolved.hash;
}
