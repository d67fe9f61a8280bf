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
  /** True for a post that exists but is left out of this build (a draft or a scheduled post). */
  isUnpublished?: (source: string) => boolean;
}

/**
 * Turns links to other posts' source files (`[see](./other-post.md#part)`) into links to their
 * pages. A link to a missing post is reported on the file (as a fatal message with its position),
 * and the build turns it into an error naming the file and line. A link to a draft or scheduled
 * post becomes plain text with a warning, so readers never meet a dead link and the link comes
 * back by itself once that post is published.
 */
export function remarkPostLinks(options: PostLinkOptions) {
  return (tree: Root, file: VFile): void => {
    visit(tree, (node, index, parent) => {
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
      const bundle = `${source.replace(/\.md$/i, '')}/index.md`;
      const url = options.urlOf(source) ?? options.urlOf(bundle);
      if (url) target.url = url + (match[2] ?? '');
      else if (options.isUnpublished?.(source) || options.isUnpublished?.(bundle)) {
        file.message(`The link to "${target.url}" points at a draft or scheduled post; it is shown as plain text until that post is published.`, node);
        if (node.type === 'link' && parent && index !== undefined) parent.children.splice(index, 1, ...node.children);
        else target.url = '';
      } else {
        const message = file.message(`The link to "${target.url}" points at a post that does not exist (looked for ${source}).`, node);
        message.fatal = true;
      }
    });
  };
}
