import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodes } from '../../../src/cli/main.js';
import { runCli } from '../../support/run-cli.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs('quire-main-');

const run = runCli;

describe('main', () => {
  it('prints the package version for --version and exits 0', async () => {
    const { version } = (await import('../../../package.json', { with: { type: 'json' } })).default as { version: string };
    const r = await run('--version');
    expect(r.code).toBe(exitCodes.ok);
    expect(r.stdout.trim()).toBe(version);
  });

  it('shows the build options in --help and exits 0', async () => {
    const r = await run('build', '--help');
    expect(r.code).toBe(0);
    for (const option of ['--src', '--out', '--config', '--drafts', '--base-url']) expect(r.stdout).toContain(option);
  });

  it.each([[['build', '--bogus']], [['bogus']], [['build', '--out']], [['build', 'extra-arg']]])(
    'exits 2 for wrong usage: %j',
    async (args) => {
      const r = await run(...args);
      expect(r.code).toBe(exitCodes.usage);
      expect(r.stderr).not.toBe('');
    },
  );

  it('exits 2 with the usage when no command is given', async () => {
    const r = await run();
    expect(r.code).toBe(exitCodes.usage);
  });

  it('exits 1, not with a code of its own, when the operating system refuses a file, and says so without calling it a bug', async () => {
    const file = path.join(tempDir(), 'not-a-folder');
    writeFileSync(file, '');
    const r = await run('build', '--root', file, '--quiet');
    expect(r.code).toBe(exitCodes.content);
    expect(r.stderr).toMatch(/^quire: ENOTDIR: /);
    expect(r.stderr).not.toContain('internal error');
  });
});
