import type { Post } from '../content/post.js';
import { slugify } from '../content/slug.js';
import { postExtension } from '../content/file-name.js';
import { safeSitePath } from './permalinks.js';

/**
 * Where a page goes, as a site path: its path in the pages folder as folders
 * (`docs/setup.md` → `docs/setup/`, a bundle `docs/index.md` → `docs/`), each folder's name
 * made URL-safe and the last one the page's slug (its `slug:` when given); `404.md` is the
 * site's `404.html`. A `permalink: /old/path/` sets the whole path, as WordPress and Jekyll
 * pages keep theirs.
 */
export function pageSitePath(page: Pick<Post, 'source' | 'slug' | 'extra'>, prefix: string): string {
  const permalink = page.extra.permalink;
  if (typeof permalink === 'string' && permalink.startsWith('/')) {
    const safe = safeSitePath(permalink);
    if (safe) return safe;
  }
  const segments = page.source.slice(prefix.length).replace(postExtension, '').split('/');
  if (segments.length > 1 && segments.at(-1) === 'index') segments.pop();
  segments.pop();
  if (segments.length === 0 && page.slug === '404') return '404.html';
  return [...segments.map((segment) => slugify(segment) || 'page'), page.slug].join('/') + '/';
}
