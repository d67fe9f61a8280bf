import { describe, expect, it } from 'vitest';
import { exitCodes } from '../../../src/cli/main.js';
import { runCli } from '../../support/run-cli.js';

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
});
