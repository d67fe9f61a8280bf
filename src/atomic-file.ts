import { renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Writes a file so that a reader sees either the old contents or the new, never a part: the
 * data go to a temporary file beside it (named for this process), which then replaces it.
 */
export function writeFileAtomic(file: string, data: string | NodeJS.ArrayBufferView): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, data);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
