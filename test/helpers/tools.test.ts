import { describe, expect, it } from 'vitest';
import {
  TOOL_SPECS,
  detectTool,
  isCI,
  missingReason,
  probeTool,
  toolGate,
  type ToolName,
  type ToolStatus,
} from './tools.js';

const fake = (name: ToolName, available: boolean): ToolStatus => ({
  name,
  available,
  detail: available ? `${name} 1.0` : 'ENOENT',
  aptPackages: TOOL_SPECS[name].aptPackages,
  install: `apt-get install -y --no-install-recommends ${TOOL_SPECS[name].aptPackages.join(' ')}`,
});

describe('probeTool', () => {
  it('reports a program that does not exist as missing, with its apt command', () => {
    const s = probeTool({ name: 'nope', command: 'quire-no-such-tool-xyz', args: [], aptPackages: ['nope-pkg'] });
    expect(s.available).toBe(false);
    expect(s.detail).toContain('ENOENT');
    expect(s.install).toBe('apt-get install -y --no-install-recommends nope-pkg');
  });

  it('reports a program that runs but fails its probe as missing', () => {
    const s = probeTool({
      name: 'broken',
      command: process.execPath,
      args: ['-e', 'console.error("ModuleNotFoundError: feedparser"); process.exit(1)'],
      aptPackages: ['x'],
    });
    expect(s.available).toBe(false);
    expect(s.detail).toMatch(/exited 1: ModuleNotFoundError: feedparser/);
  });

  it('reports a working program as available with its version line', () => {
    const s = probeTool({ name: 'node', command: process.execPath, args: ['--version'], aptPackages: ['nodejs'] });
    expect(s).toMatchObject({ available: true, detail: process.version });
  });

  it('uses a custom accept() for tools whose probe exits non-zero (jing)', () => {
    const spec = {
      name: 'fake-jing',
      command: process.execPath,
      args: ['-e', 'console.error("Jing version 20220510\\nusage: ..."); process.exit(2)'],
      aptPackages: ['jing'],
    };
    expect(probeTool({ ...spec, accept: TOOL_SPECS.jing.accept! }).detail).toBe('Jing version 20220510');
    expect(probeTool(spec).available).toBe(false);
  });
});

describe('isCI', () => {
  it.each([
    [{ CI: 'true' }, true],
    [{ CI: '1' }, true],
    [{ CI: 'yes' }, true],
    [{}, false],
    [{ CI: '' }, false],
    [{ CI: 'false' }, false],
    [{ CI: '0' }, false],
  ])('%j → %s', (env, want) => {
    expect(isCI(env)).toBe(want);
  });
});

describe('toolGate', () => {
  const probe = (name: ToolName): ToolStatus => fake(name, name !== 'jing' && name !== 'chromium');

  it('skips locally when a tool is missing, naming the apt packages', () => {
    const gate = toolGate(['java', 'jing', 'chromium'], { env: {}, probe });
    expect(gate.skip).toBe(true);
    expect(gate.mustFail).toBe(false);
    expect(gate.reason).toContain('jing (ENOENT)');
    expect(gate.reason).toContain('apt-get install -y --no-install-recommends jing chromium');
    expect(gate.reason).not.toContain('java');
  });

  it('fails instead of skipping under CI', () => {
    const gate = toolGate('jing', { env: { CI: 'true' }, probe });
    expect(gate.skip).toBe(false);
    expect(gate.mustFail).toBe(true);
    expect(gate.reason).toContain('jing');
  });

  it('neither skips nor fails when everything is present', () => {
    for (const env of [{}, { CI: 'true' }]) {
      const gate = toolGate(['java'], { env, probe });
      expect(gate).toMatchObject({ skip: false, mustFail: false, reason: undefined });
    }
  });

  it('missingReason is undefined only when all are available', () => {
    expect(missingReason([fake('java', true)])).toBeUndefined();
    expect(missingReason([fake('java', true), fake('jing', false)])).toMatch(/^missing tool\(s\): jing/);
  });
});

// The real machine: every tool the e2e tests need. Under CI a missing one
// fails here with the apt command; locally it is only reported.
describe('this machine', () => {
  const all: ToolName[] = ['java', 'python3-feedparser', 'jing', 'chromium'];
  const gate = toolGate(all);

  if (gate.mustFail) it('has every tool CI installs', () => expect.fail(gate.reason));

  it.each(all)('probing %s gives a usable answer', (name) => {
    const s = detectTool(name);
    expect(s.detail).not.toBe('');
    if (!s.available) console.warn(`[tools] ${name} missing: ${s.detail}; ${s.install}`);
    if (isCI()) expect(s.available, s.install).toBe(true);
  });
});
