import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** True while a process with this id runs (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes an exclusive lock file holding this process's id. A lock left by a process that no
 * longer runs (killed mid-build) is taken over. Returns a release function, or the id of the
 * live process that holds the lock.
 */
export function acquireLock(file: string): { release: () => void } | { heldBy: number } {
  // The lock sits beside the output folder, whose parent may not exist yet (`--out build/site`).
  mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return { release: () => rmSync(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readSafe(file), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) return { heldBy: holder };
      rmSync(file, { force: true });
    }
  }
  return { heldBy: Number.parseInt(readSafe(file), 10) };
}

function readSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
