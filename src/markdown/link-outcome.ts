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
