import path from 'node:path';
import type { Definition, Link, Parent } from 'mdast';
import type { VFile } from 'vfile';

/** The extensions of post files, as the content stage reads them. */
const postExtensions = ['md', 'markdown', 'mdown', 'mkd'];

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
 * Returns a function that turns a link (or definition) to another post's source file
 * (`[see](./other-post.md#part)`) into a link to its page. A link to a missing post is reported
 * on the file (as a fatal message with its position), and the build turns it into an error
 * naming the file and line. A link to a draft or scheduled post becomes plain text with a
 * warning, so readers never meet a dead link and the link comes back by itself once that post is
 * published: the link is replaced in `parent` by its children, and the function returns true.
 */
export function postLinks(options: PostLinkOptions, file: VFile): (node: Link | Definition, index: number, parent: Parent) => boolean {
  return (node, index, parent) => {
    const match = /^([^?#:]*\.(?:md|markdown|mdown|mkd))(#.*)?$/i.exec(node.url);
    if (!match?.[1] || node.url.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(node.url)) return false;
    let decoded = match[1];
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      // Leave undecodable text as written; it simply will not match a post.
    }
    const source = path.posix.normalize(path.posix.join(path.posix.dirname(options.source), decoded));
    // A link to `name.md` also finds the bundle `name/index.md` (or `index.markdown`…).
    const folder = source.replace(/\.(?:md|markdown|mdown|mkd)$/i, '');
    const candidates = [source, ...postExtensions.map((ext) => `${folder}/index.${ext}`)];
    const found = candidates.find((candidate) => options.urlOf(candidate) !== undefined);
    const url = found === undefined ? undefined : options.urlOf(found);
    if (url) node.url = url + (match[2] ?? '');
    else if (candidates.some((candidate) => options.isUnpublished?.(candidate))) {
      file.message(`The link to "${node.url}" points at a draft or scheduled post; it is shown as plain text until that post is published.`,
        { place: node.position, source: 'quire', ruleId: 'LinkToUnpublished' });
      if (node.type === 'link') {
        parent.children.splice(index, 1, ...node.children);
        return true;
      }
      node.url = '';
    } else {
      const message = file.message(`The link to "${node.url}" points at a post that does not exist (looked for ${source}).`,
        { place: node.position, source: 'quire', ruleId: 'BrokenPostLink' });
      message.fatal = true;
    }
    return false;
  };
}
