import type { Post } from '../content/post.js';

/** Where a page lives: its URL path (with the site's base path) and its file in the output folder. */
export interface Location {
  /** URL path from the host's root, e.g. `/blog/2008/11/slug/`. */
  readonly url: string;
  /** File path inside the output folder, `/`-separated, e.g. `2008/11/slug/index.html`. */
  readonly outputPath: string;
}

/** Joins the base path (`/` or `/blog/`) and a site path (`2008/11/` or ``) into a location. */
export function locate(basePath: string, sitePath: string): Location {
  const clean = sitePath.replace(/^\/+/, '');
  return { url: basePath + clean, outputPath: clean.endsWith('/') || clean === '' ? `${clean}index.html` : clean };
}

/**
 * Expands the permalink pattern for a post. The date parts come from the post's date in the
 * site's time zone (its ISO string is already in that zone). Slugs are URL-safe by construction,
 * so the result cannot leave the output folder.
 */
export function postPath(pattern: string, post: Pick<Post, 'date' | 'slug'>): string {
  const [year, month, day] = [post.date.slice(0, 4), post.date.slice(5, 7), post.date.slice(8, 10)];
  return pattern
    .replaceAll(':year', year)
    .replaceAll(':month', month)
    .replaceAll(':day', day)
    .replaceAll(':slug', post.slug)
    .replace(/\/{2,}/g, '/');
}

/** Names Windows refuses for a file or folder, with or without an extension. */
const windowsReserved = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;

/**
 * Normalises an author-given site path (an alias) and refuses any that could escape the output
 * folder or cannot be written on every system: `..` segments (also percent-encoded), backslashes,
 * schemes, control characters, characters Windows forbids in names (`<>:"|?*`), segments ending
 * in a dot or space, and reserved device names (`con`, `nul.html`, `com1`).
 * Returns the path without the leading `/`, ending in `/` for folders, or undefined when unsafe.
 */
export function safeSitePath(value: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(value.trim());
  } catch {
    return undefined;
  }
  if (/[\\\0?#]/.test(decoded) || /^[a-z][a-z0-9+.-]*:/i.test(decoded) || decoded.startsWith('//')) return undefined;
  if (/[\u0000-\u001F\u007F<>:"|*]/.test(decoded)) return undefined;
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.length === 0 || segments.some((s) => s === '..' || /^\.+$/.test(s) || /[. ]$/.test(s) || windowsReserved.test(s))) return undefined;
  const last = segments.at(-1) ?? '';
  const isFile = /\.[a-z0-9]{1,8}$/i.test(last) && !decoded.endsWith('/');
  return isFile ? segments.join('/') : `${segments.join('/')}/`;
}

/** The most UTF-8 bytes in one file or folder name on common file systems (ext4, APFS, Btrfs). */
const maxNameBytes = 255;
/** The most bytes in a site path: far below the 4,096 of a whole path on Linux, which also holds the output folder's own path. */
const maxPathBytes = 1024;

/** Why the file system could not write this site path (a name or the whole path too long), if it could not. */
export function pathTooLong(sitePath: string): string | undefined {
  const long = sitePath.split('/').find((segment) => Buffer.byteLength(segment) > maxNameBytes);
  if (long !== undefined) {
    return `its part "${long.slice(0, 24)}…" is ${Buffer.byteLength(long)} bytes long, and file systems allow at most ${maxNameBytes} in a file or folder name`;
  }
  const bytes = Buffer.byteLength(sitePath);
  return bytes > maxPathBytes ? `it is ${bytes} bytes long, and quire writes paths of at most ${maxPathBytes}` : undefined;
}
