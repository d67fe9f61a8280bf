/**
 * Detection of the external programs that quire's end-to-end checks need.
 *
 * Locally, a missing tool makes the tests that need it skip, with a reason
 * that names the Debian package to install. Under CI (the `CI` environment
 * variable is set) a missing tool is an error instead: CI installs every tool
 * in `.ci/run`, so a missing one means the install step is broken and a
 * silent skip would hide it.
 *
 * Usage pattern in a test file:
 *
 * ```ts
 * import { describe, it, expect } from 'vitest';
 * import { toolGate } from './tools.js';
 *
 * const gate = toolGate('java');
 * // Under CI a missing tool becomes one failing test that prints the apt
 * // command (registered only then, so a healthy run shows no extra skip).
 * // `it.runIf(gate.mustFail)(…)` works too but shows as skipped otherwise.
 * if (gate.mustFail) it('has the tools it needs', () => expect.fail(gate.reason));
 * // Locally a missing tool skips the block; under CI it still runs (and fails).
 * describe.skipIf(gate.skip)('html validity', () => {
 *   it('...', async () => { ... });
 * });
 * ```
 *
 * @module
 */
import { spawnSync } from 'node:child_process';

/** The tools this module knows how to detect. */
export type ToolName = 'java' | 'python3-feedparser' | 'jing' | 'chromium';

/** How to probe for one tool and how to install it. */
export interface ToolSpec {
  /** Short name used in messages. */
  readonly name: string;
  /** The program to run (absolute path or a name looked up on PATH). */
  readonly command: string;
  /** Arguments for a cheap probe run, e.g. `['-version']`. */
  readonly args: readonly string[];
  /**
   * Decides from the probe's exit status and output whether the tool works,
   * and returns a one-line detail (usually its version) or `undefined` if not.
   * Defaults to "exit status 0; first non-empty output line".
   */
  readonly accept?: (status: number | null, output: string) => string | undefined;
  /** The Debian package(s) that provide the tool. */
  readonly aptPackages: readonly string[];
}

/** The outcome of probing one tool. */
export interface ToolStatus {
  readonly name: string;
  readonly available: boolean;
  /** Version line when available; why it is unusable otherwise. */
  readonly detail: string;
  /** The Debian package(s) that provide it. */
  readonly aptPackages: readonly string[];
  /** The command that installs it: `apt-get install -y …`. */
  readonly install: string;
}

function firstLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      // Debian's chromium wrapper script prints a shell warning on stderr.
      .find((l) => l !== '' && !l.startsWith('/usr/bin/') && !l.startsWith('[warning]')) ?? ''
  );
}

/** Specs for the tools quire's tests use. */
export const TOOL_SPECS: Readonly<Record<ToolName, ToolSpec>> = {
  java: {
    name: 'java',
    command: 'java',
    args: ['-version'],
    aptPackages: ['default-jre-headless'],
  },
  'python3-feedparser': {
    name: 'python3-feedparser',
    // Deliberately the system interpreter, not the first python3 on PATH
    // (pyenv and venvs shadow it and lack Debian's dist-packages).
    command: '/usr/bin/python3',
    args: ['-I', '-c', 'import feedparser; print("feedparser", feedparser.__version__)'],
    aptPackages: ['python3-feedparser'],
  },
  jing: {
    name: 'jing',
    command: 'jing',
    args: [],
    // With no arguments jing prints its version and usage and exits 2.
    accept: (_status, output) => /Jing version \S+/.exec(output)?.[0],
    aptPackages: ['jing'],
  },
  chromium: {
    name: 'chromium',
    command: '/usr/bin/chromium',
    args: ['--version'],
    aptPackages: ['chromium'],
  },
};

/** Runs a probe and reports whether the tool is usable. Never throws. */
export function probeTool(spec: ToolSpec): ToolStatus {
  const aptPackages = spec.aptPackages;
  const install = `apt-get install -y --no-install-recommends ${aptPackages.join(' ')}`;
  const base = { name: spec.name, aptPackages, install };
  const result = spawnSync(spec.command, [...spec.args], {
    encoding: 'utf8',
    timeout: 30_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code ?? result.error.message;
    return { ...base, available: false, detail: `${spec.command}: ${code}` };
  }
  const output = `${result.stdout}\n${result.stderr}`;
  const accept =
    spec.accept ?? ((status: number | null, out: string) => (status === 0 ? firstLine(out) || spec.name : undefined));
  const detail = accept(result.status, output);
  if (detail === undefined) {
    return {
      ...base,
      available: false,
      detail: `${spec.command} exited ${String(result.status ?? result.signal)}: ${firstLine(output)}`,
    };
  }
  return { ...base, available: true, detail };
}

const cache = new Map<ToolName, ToolStatus>();

/** Probes one of the known tools, caching the answer for this process. */
export function detectTool(name: ToolName): ToolStatus {
  let status = cache.get(name);
  if (status === undefined) {
    status = probeTool(TOOL_SPECS[name]);
    cache.set(name, status);
  }
  return status;
}

/**
 * True when running under CI: `CI` is set to anything but `''`, `0` or
 * `false` (case-insensitive).
 */
export function isCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env['CI'];
  return v !== undefined && !['', '0', 'false'].includes(v.trim().toLowerCase());
}

/**
 * Returns `undefined` when every status is available, otherwise a reason
 * naming each missing tool and one apt command that installs them all.
 */
export function missingReason(statuses: readonly ToolStatus[]): string | undefined {
  const missing = statuses.filter((s) => !s.available);
  if (missing.length === 0) return undefined;
  const pkgs = [...new Set(missing.flatMap((s) => s.aptPackages))];
  return (
    `missing tool(s): ${missing.map((s) => `${s.name} (${s.detail})`).join('; ')}. ` +
    `Install with: apt-get update && apt-get install -y --no-install-recommends ${pkgs.join(' ')}`
  );
}

/** What a test file should do about a set of required tools. */
export interface ToolGate {
  /** The probed tools. */
  readonly statuses: readonly ToolStatus[];
  /** Why tests cannot run (missing tools + apt command), or `undefined`. */
  readonly reason: string | undefined;
  /** Skip the dependent tests: a tool is missing and this is not CI. */
  readonly skip: boolean;
  /** Fail loudly: a tool is missing and this is CI. */
  readonly mustFail: boolean;
}

/**
 * Decides skip-or-fail for tests that need the given tools.
 *
 * @param names - the tools the tests need.
 * @param options.env - environment to read `CI` from (default `process.env`).
 * @param options.probe - status source (default {@link detectTool}); tests of
 *   this module inject fakes.
 */
export function toolGate(
  names: ToolName | readonly ToolName[],
  options: { env?: NodeJS.ProcessEnv; probe?: (name: ToolName) => ToolStatus } = {},
): ToolGate {
  const list: readonly ToolName[] = typeof names === 'string' ? [names] : names;
  const probe = options.probe ?? detectTool;
  const statuses = list.map((n) => probe(n));
  const reason = missingReason(statuses);
  const ci = isCI(options.env ?? process.env);
  return { statuses, reason, skip: reason !== undefined && !ci, mustFail: reason !== undefined && ci };
}
