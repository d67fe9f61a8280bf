import type { BodyRef } from '../content/body-ref.js';

/**
 * Key: the read of the file (`BodyRef`, new each time the file is read) and the problem (by
 * identity). Invalid: when the file is read again. A watching process reports the same warnings
 * build after build, and reading hundreds of files again for their frames would take longer
 * than the rebuild.
 */
const frames = new WeakMap<object, WeakMap<object, string | undefined>>();

/** The frame `make()` gives for `problem` in the file as `read`, made once. */
export function problemFrame(read: BodyRef | undefined, problem: object, make: () => string | undefined): string | undefined {
  if (!read) return make();
  let known = frames.get(read);
  if (!known) frames.set(read, (known = new WeakMap()));
  if (!known.has(problem)) known.set(problem, make());
  return known.get(problem);
}
