import path from 'node:path';

/**
 * What a link to `source` turns into: the post's URL, or a marker for unpublished or missing
 * posts. Its own module: a build checks cached renderings with it without loading the
 * markdown pipeline.
 */
export function linkOutcome(
  source: string,
  urlOf: (source: string) => string | undefined,
  isUnpublished: (source: string) => boolean,
): string {
  return urlOf(source) ?? (isUnpublished(source) ? '!unpublished' : '!missing');
}

/**
 * The source path a link's resolved path names, as the model keys posts and pages: a page's
 * link to a post goes out of the pages folder and into the posts folder (`../posts/x.md`),
 * which is the post `x.md`. `postsDir` is the posts folder's absolute path.
 */
export function sourceKey(postsDir: string): (source: string) => string {
  const dir = postsDir.split(path.sep).join('/');
  return (source) => (source.startsWith('../') ? path.posix.relative(dir, path.posix.join(dir, source)) : source);
}
