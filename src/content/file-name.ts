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
  if (name === 'index.md' && segments.length > 0) name = segments.pop() ?? name;
  name = name.replace(/\.md$/, '');
  const match = /^(\d{4}-\d{2}-\d{2})-(.+)$/.exec(name);
  return match?.[1] && match[2] ? { date: match[1], slug: match[2] } : { slug: name };
}
