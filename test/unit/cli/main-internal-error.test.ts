/** A bug in quire still exits with one of the documented codes (1), and says it is a bug. */
import { describe, expect, it, vi } from 'vitest';
import { exitCodes } from '../../../src/cli/main.js';
import { runCli } from '../../support/run-cli.js';

vi.mock('../../../src/cli/build-command.js', async (original) => ({
  ...(await original<typeof import('../../../src/cli/build-command.js')>()),
  buildCommand: () => {
    throw new TypeError('something is undefined');
  },
}));

describe('main on an unexpected exception', () => {
  it('reports an internal error and exits 1', async () => {
    const r = await runCli('build');
    expect(r.code).toBe(exitCodes.content);
    expect(r.stderr).toContain('quire: internal error: TypeError: something is undefined');
    expect(r.stderr).toContain('This is a bug in quire');
  });
});
