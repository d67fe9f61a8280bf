import { describe, expect, it, vi } from 'vitest';
import { exitCodes, main } from '../../../src/cli/main.js';

/** Runs the CLI in-process, capturing what it writes. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(['node', 'quire', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

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
