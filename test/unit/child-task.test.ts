import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runChildTask } from '../../src/child-task.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'quire-child-'));
function task(name: string, source: string): URL {
  const file = path.join(dir, name);
  writeFileSync(file, source);
  return pathToFileURL(file);
}

describe('runChildTask', () => {
  it('returns what the async task resolved to, given its input', () => {
    const double = task('double.mjs', 'export default async (input) => { await new Promise((r) => setTimeout(r, 5)); return { twice: input.n * 2, pid: process.pid }; };');
    const out = runChildTask<{ twice: number; pid: number }>(double, { n: 21 });
    expect(out.twice).toBe(42);
    expect(out.pid).not.toBe(process.pid);
  });

  it('throws the task\'s own message when it fails', () => {
    const failing = task('failing.mjs', 'export default async () => { throw new Error("the photo is not an image"); };');
    expect(() => runChildTask(failing, null)).toThrow(/^the photo is not an image$/);
  });

  it('runs a TypeScript task from the sources', () => {
    const typed = task('typed.ts', 'export default async (input: { s: string }): Promise<string> => input.s.toUpperCase();');
    expect(runChildTask<string>(new URL(typed.href.replace(/\.ts$/, '.js')), { s: 'quire' })).toBe('QUIRE');
  });
});
