/**
 * The path a link's URL names on the site, when it is written as a site URL (`/a/b/?q#part` →
 * `/a/b/`), percent-decoded as the file names the build writes are; undefined for any other URL.
 * `//host/x` and `/\host/x` are other hosts to a browser. In the markdown stage, so that a change
 * here renders the posts again (the render cache is keyed by this stage's code).
 */
export function sitePathOf(url: string): string | undefined {
  if (!url.startsWith('/') || url.startsWith('//') || url.startsWith('/\\')) return undefined;
  const pathOnly = url.replace(/[?#][\s\S]*$/, '');
  try {
    return decodeURI(pathOnly);
  } catch {
    return pathOnly;
  }
}
