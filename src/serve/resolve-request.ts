/**
 * Maps a request target to a file of the built site, refusing anything that could leave it.
 * Pure (no file system access), so every hostile form can be unit-tested.
 *
 * @module
 */
import path from 'node:path';

/** Where a request leads. */
export type RequestTarget =
  /** A path inside the site folder (it may not exist). */
  | { kind: 'path'; file: string; trailingSlash: boolean; canonical: string; search: string }
  /** Somewhere else on this server: send the browser there (`/blog` → `/blog/`). */
  | { kind: 'redirect'; location: string }
  /** Outside the base path: the site's 404 page. */
  | { kind: 'missing' }
  /** A malformed or hostile request. */
  | { kind: 'refused'; status: 400 | 403; reason: string };

/**
 * Resolves `rawUrl` (the request target as sent, e.g. `/blog/2024/03/post/?x=1`) against the
 * site folder `siteDir` served under `basePath` (`/` or `/blog/`).
 *
 * The path is percent-decoded exactly once (so `%252e%252e%252f` stays the harmless name
 * `%2e%2e%2f`), then refused when it holds NUL, a backslash, a `.` or `..` segment (raw or
 * encoded), or resolves outside `siteDir`.
 */
export function resolveRequest(rawUrl: string, siteDir: string, basePath: string): RequestTarget {
  if (!rawUrl.startsWith('/')) return { kind: 'refused', status: 400, reason: 'The request target must be a path.' };
  const cut = rawUrl.search(/[?#]/);
  const rawPath = cut === -1 ? rawUrl : rawUrl.slice(0, cut);
  const search = cut === -1 || rawUrl[cut] === '#' ? '' : rawUrl.slice(cut).replace(/#.*$/s, '');
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { kind: 'refused', status: 400, reason: 'The path is not valid percent-encoded UTF-8.' };
  }
  if (/[\0-\x1f\x7f\\]/.test(decoded)) return { kind: 'refused', status: 400, reason: 'The path holds a control character or a backslash.' };
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return { kind: 'refused', status: 403, reason: 'Relative path segments are refused.' };
  if (process.platform === 'win32' && segments.some((s) => s.includes(':'))) {
    return { kind: 'refused', status: 400, reason: 'A colon in a path is refused.' };
  }

  let base = basePath;
  try {
    base = decodeURIComponent(basePath);
  } catch {
    // The base path came from a URL object, so it is well-formed; keep it as written otherwise.
  }
  if (!base.endsWith('/')) base += '/';
  if (base !== '/') {
    if (decoded === '/' || decoded === base.slice(0, -1)) return { kind: 'redirect', location: encodePath(base) + search };
    if (!decoded.startsWith(base)) return { kind: 'missing' };
  }
  const parts = decoded.slice(base.length).split('/').filter((s) => s !== '');
  const root = path.resolve(siteDir);
  const file = path.resolve(root, ...parts);
  if (file !== root && !file.startsWith(root + path.sep)) return { kind: 'refused', status: 403, reason: 'The path leads outside the site.' };
  // The canonical form starts with exactly one slash: `//evil.example/` must never become a Location.
  const canonical = encodePath(base + parts.join('/'));
  return { kind: 'path', file, trailingSlash: decoded.endsWith('/'), canonical, search };
}

/** Percent-encodes each segment of a decoded path. */
function encodePath(decoded: string): string {
  return decoded.split('/').map((s) => encodeURIComponent(s)).join('/');
}
