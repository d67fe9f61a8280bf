/** The extensions of post files: quire's `.md` and the longer ones Jekyll and others use. */
export const postExtension = /\.(?:md|markdown|mdown|mkd)$/i;

/** Whether a file name is a bundle's post: `index.md` (or `index.markdown`, …). */
export function isBundleIndex(name: string): boolean {
  return name.startsWith('index.') && postExtension.test(name) && name.indexOf('.') === name.lastIndexOf('.');
}

/** What a post's file name says: `2008-11-06-ask-and-ye-shall-receive.md` → date and slug. */
export interface FileNameParts {
  date?: string;
  slug: string;
}

/**
 * Reads the date prefix and slug from a post's path relative to the source folder.
 * For a bundle (`2008-11-06-slug/index.md`) the folder's name is used.
 */
export function parseFileName(relativePath: string): FileNameParts {
  const segments = relativePath.split('/');
  let name = segments.pop() ?? '';
  if (isBundleIndex(name) && segments.length > 0) name = segments.pop() ?? name;
  name = name.replace(postExtension, '');
  const match = /^(\d{4}-\d{2}-\d{2})-(.+)$/.exec(name);
  return match?.[1] && match[2] ? { date: match[1], slug: match[2] } : { slug: name };
}
