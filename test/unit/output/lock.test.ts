import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireLock, isAlive } from '../../../src/output/lock.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs('quire-lock-');

/** The id of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(child.stdout);
  expect(isAlive(pid)).toBe(false);
  return pid;
}

describe('acquireLock', () => {
  const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  afterAll(() => {
    live.kill();
  });

  it('takes a free lock, writes its pid, and removes the file on release', () => {
    const file = path.join(tempDir(), 'out.lock');
    const held = acquireLock(file);
    if (!('release' in held)) throw new Error('expected the lock');
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
    held.release();
    expect(existsSync(file)).toBe(false);
  });

  it('is blocked by a live holder and names its pid', () => {
    const file = path.join(tempDir(), 'out.lock');
    const pid = live.pid;
    if (pid === undefined) throw new Error('no child pid');
    writeFileSync(file, String(pid));
    expect(acquireLock(file)).toEqual({ heldBy: pid });
    expect(readFileSync(file, 'utf8')).toBe(String(pid));
  });

  it('takes over a lock left by a process that no longer runs', () => {
    const file = path.join(tempDir(), 'out.lock');
    writeFileSync(file, String(deadPid()));
    const held = acquireLock(file);
    expect('release' in held).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
    if ('release' in held) held.release();
  });

  it('takes over a lock file with garbage in it', () => {
    const file = path.join(tempDir(), 'out.lock');
    writeFileSync(file, 'not a pid');
    const held = acquireLock(file);
    expect('release' in held).toBe(true);
    if ('release' in held) held.release();
  });

  it('creates the folder of the lock when it does not exist yet', () => {
    const file = path.join(tempDir(), 'not', 'yet', '.out.lock');
    const held = acquireLock(file);
    expect('release' in held).toBe(true);
    if ('release' in held) held.release();
  });
});

describe('isAlive', () => {
  it('knows this process runs and an exited one does not', () => {
    expect(isAlive(process.pid)).toBe(true);
    expect(isAlive(deadPid())).toBe(false);
  });
});
