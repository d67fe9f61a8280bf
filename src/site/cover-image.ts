/**
 * The absolute URL of a post's cover image, from its front matter's `image:` (as Jekyll, Hugo
 * and Hexo themes write it): an http(s) address as it is, a site path (`/images/x.jpg`, under
 * the base path), or a file beside the post (`cover.jpg` in its bundle). Anything else (another
 * scheme, not text) gives none: a cover is only ever shown as an image.
 */
export function coverUrl(image: unknown, pageUrl: string, origin: string, basePath: string): string | undefined {
  if (typeof image !== 'string' || image.trim() === '') return undefined;
  const value = image.trim();
  let url: URL;
  try {
    if (/^[a-z][a-z0-9+.-]*:/i.test(value)) url = new URL(value);
    else if (value.startsWith('/')) url = new URL(value.startsWith(basePath) ? value : basePath + value.slice(1), origin);
    else url = new URL(value, origin + pageUrl);
  } catch {
    return undefined;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
}
