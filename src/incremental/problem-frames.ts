import type { BodyRef } from '../content/body-ref.js';

/**
 * Key: the read of the file (`BodyRef`, new each time the file is read) and the place in it
 * (line and column). Invalid: when the file is read again. A watching process reports the same
 * warnings build after build, and reading hundreds of files again for their frames would take
 * longer than the rebuild.
 */
const frames = new WeakMap<BodyRef, Map<string, string | undefined>>();

/** The frame `make()` gives for `line`:`column` in the file as `read`, made once per read. */
export function problemFrame(read: BodyRef | undefined, line: number, column: number | undefined, make: () => string | undefined): string | undefined {
  if (!read) return make();
  let known = frames.get(read);
  if (!known) frames.set(read, (known = new Map()));
  const place = `${line}:${column ?? ''}`;
  if (!known.has(place)) known.set(place, make());
  return known.get(place);
}
