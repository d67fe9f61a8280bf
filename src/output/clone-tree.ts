import { spawn, spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Makes `to` a copy of the folder `from` whose files are hard links to the originals: every
 * folder is new, no file content is copied. Unchanged pages of the previous build thus cost
 * nothing to "write" again; a changed page must be replaced (written under a new name and
 * renamed), never written through the link. Uses `cp -al` where available (one native process),
 * else links file by file.
 */
export function cloneWithLinks(from: string, to: string): void {
  if (process.platform === 'linux') {
    const result = spawnSync('cp', ['-al', from, to], { stdio: 'ignore' });
    if (result.status === 0) return;
    rmSync(to, { recursive: true, force: true });
  }
  const walk = (src: string, dst: string): void => {
    mkdirSync(dst, { recursive: true });
    for (const entry of readdirSync(src, { withFileTypes: true })) {
      const s = path.join(src, entry.name);
      const d = path.join(dst, entry.name);
      if (entry.isDirectory()) walk(s, d);
      else if (entry.isFile()) linkSync(s, d);
    }
  };
  walk(from, to);
}

/**
 * Deletes a folder without making the build wait: a detached `rm -rf` on POSIX systems (it
 * finishes after quire exits), a synchronous removal elsewhere. The folder is already out of
 * the way (renamed), so readers never see it half deleted.
 */
export function removeInBackground(dir: string): void {
  if (process.platform !== 'win32') {
    try {
      const child = spawn('rm', ['-rf', dir], { detached: true, stdio: 'ignore' });
      child.on('error', () => rmSync(dir, { recursive: true, force: true }));
      child.unref();
      return;
    } catch {
      // Fall through to a synchronous removal.
    }
  }
  rmSync(dir, { recursive: true, force: true });
}
