import path from 'node:path';

/**
 * How a path is shown to the author: relative to the working folder when it is inside it
 * (`posts/bad.md`), absolute otherwise (never a run of `../../`).
 */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  if (relative === '') return '.';
  return relative.startsWith('..') || path.isAbsolute(relative) ? path.resolve(file) : relative;
}
