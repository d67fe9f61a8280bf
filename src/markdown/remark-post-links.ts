import path from 'node:path';
import type { Link, Definition, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/** What the link plugin needs to know about the site. */
export interface PostLinkOptions {
  /** The linking post's path relative to the source folder. */
  source: string;
  /** Finds a post's URL by its source path. */
  urlOf: (source: string) => string | undefined;
}

/**
 * Turns links to other posts' source files (`[see](./other-post.md#part)`) into links to their
 * pages. A link to a missing post is reported on the file (as a fatal message with its position),
 * and the build turns it into an error naming the file and line.
 */
export function remarkPostLinks(options: PostLinkOptions) {
  return (tree: Root, file: VFile): void => {
    visit(tree, (node) => {
      if (node.type !== 'link' && node.type !== 'definition') return;
      const target = node as Link | Definition;
      const match = /^([^?#:]*\.md)(#.*)?$/i.exec(target.url);
      if (!match?.[1] || target.url.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(target.url)) return;
      let decoded = match[1];
      try {
        decoded = decodeURIComponent(decoded);
      } catch {
        // Leave undecodable text as written; it simply will not match a post.
      }
      const source = path.posix.normalize(path.posix.join(path.posix.dirname(options.source), decoded));
      const url = options.urlOf(source) ?? options.urlOf(`${source.replace(/\.md$/i, '')}/index.md`);
      if (url) target.url = url + (match[2] ?? '');
      else {
        const message = file.message(`The link to "${target.url}" points at a post that does not exist (looked for ${source}).`, node);
        message.fatal = true;
      }
    });
  };
}
