/**
 * Normalises an absolute http(s) URL of a folder (a site's base URL, a comment server):
 * no query or fragment, and a path ending in `/`. Undefined for anything else.
 */
export function normaliseFolderUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    url.search = '';
    url.hash = '';
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    return url.href;
  } catch {
    return undefined;
  }
}
