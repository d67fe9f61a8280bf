import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimServeFolder, ServeFolderBusy, serveFolder, serveMarker } from '../../../src/serve/serve-folder.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs('quire-serve-folder-');

/** The id of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('serve folders', () => {
  it('gives each port its own folder, with the marker beside it', () => {
    const root = tempDir();
    expect(serveFolder(root, 4000)).toBe(path.join(root, '.quire', 'serve-4000'));
    expect(serveFolder(root, 4001)).not.toBe(serveFolder(root, 4000));
    expect(serveMarker(serveFolder(root, 4000))).toBe(path.join(root, '.quire', 'serve-4000.pid'));
  });

  it('claims a free folder with this process id, and gives it up on release', () => {
    const out = serveFolder(tempDir(), 4000);
    const release = claimServeFolder(out, 4000);
    expect(readFileSync(serveMarker(out), 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(serveMarker(out))).toBe(false);
  });

  it('takes over the marker of a process that no longer runs', () => {
    const out = serveFolder(tempDir(), 4000);
    claimServeFolder(out, 4000);
    const dead = deadPid();
    writeFileSync(serveMarker(out), String(dead));
    const release = claimServeFolder(out, 4000);
    expect(readFileSync(serveMarker(out), 'utf8')).toBe(String(process.pid));
    release();
  });

  it('refuses a folder a live process serves from, naming it, its port and the way out', () => {
    const out = serveFolder(tempDir(), 4123);
    claimServeFolder(out, 4123);
    // The parent of this test process is alive and is not this process.
    writeFileSync(serveMarker(out), String(process.ppid));
    let error: unknown;
    try {
      claimServeFolder(out, 4123);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ServeFolderBusy);
    expect((error as ServeFolderBusy).pid).toBe(process.ppid);
    const message = (error as Error).message;
    expect(message).toContain(`process ${process.ppid}`);
    expect(message).toContain('port 4123');
    expect(message).toContain('--port');
    expect(message).toContain('serve-4123.pid');
    expect(readFileSync(serveMarker(out), 'utf8')).toBe(String(process.ppid));
  });
});
