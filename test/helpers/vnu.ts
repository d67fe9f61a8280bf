/**
 * Runs the W3C Nu HTML Checker (vnu.jar from the `vnu-jar` package) over many
 * HTML files in a single Java process and returns its messages as data.
 *
 * Facts about vnu this module relies on (checked against vnu 26.9.27):
 * - `--format json` writes one JSON object `{version, messages: [...]}` to
 *   stderr; `--stdout` moves it to stdout (used here, so JVM warnings on
 *   stderr cannot corrupt it).
 * - Exit status is 1 when any error was found and 0 otherwise.
 * - Each message has `type` (`error`, `info`, `non-document-error`), `url`
 *   as a percent-encoded `file:/…` URL, `lastLine`/`firstColumn`/
 *   `lastColumn` (1-based; `firstLine` only when it differs from
 *   `lastLine`), `message` and `extract`.
 * - A path that does not exist is skipped SILENTLY (no message, exit 0), and
 *   a directory argument makes vnu check every file in it as HTML (CSS, text,
 *   …) unless `--skip-non-html` is given. So this module checks paths itself
 *   and expands directories to their `.html` files.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles } from './link-walk.js';

/** One problem reported by vnu. */
export interface VnuMessage {
  /** Absolute path of the checked file. */
  readonly file: string;
  /** 1-based line of the problem, when vnu gives one. */
  readonly line: number | undefined;
  /** 1-based first column, when vnu gives one. */
  readonly column: number | undefined;
  /** vnu's message type: `error`, `info` (warnings have subType `warning`), `non-document-error`. */
  readonly type: string;
  readonly subType: string | undefined;
  readonly message: string;
  /** A snippet of the source around the problem. */
  readonly extract: string | undefined;
}

/** Options for {@link runVnu}. */
export interface VnuOptions {
  /** Report only errors (vnu's `--errors-only`). Default `true`. */
  readonly errorsOnly?: boolean;
  /** Java executable. Default `java` on PATH. */
  readonly java?: string;
  /** Extra vnu arguments, e.g. `['--filterpattern', '.*lang.*']`. */
  readonly extraArgs?: readonly string[];
  /** Kill vnu after this many milliseconds. Default 5 minutes. */
  readonly timeoutMs?: number;
}

/** Absolute path of `vnu.jar` inside the installed `vnu-jar` package. */
export function vnuJarPath(): string {
  // The package's main module exports the jar path (as a String object).
  const require = createRequire(import.meta.url);
  const exported: unknown = require('vnu-jar');
  const jar = String(exported);
  if (!jar.endsWith('.jar')) throw new Error(`vnu-jar exported an unexpected value: ${jar}`);
  return jar;
}

interface RawVnuMessage {
  type?: string;
  subType?: string;
  url?: string;
  firstLine?: number;
  lastLine?: number;
  firstColumn?: number;
  message?: string;
  extract?: string;
}

/**
 * Parses vnu's `--format json` output into {@link VnuMessage}s.
 * @throws if `text` holds no vnu JSON object.
 */
export function parseVnuJson(text: string): VnuMessage[] {
  const start = text.indexOf('{"');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) throw new Error(`no JSON in vnu output: ${text.slice(0, 500)}`);
  const parsed = JSON.parse(text.slice(start, end + 1)) as { messages?: RawVnuMessage[] };
  if (!Array.isArray(parsed.messages)) throw new Error(`vnu JSON has no messages array: ${text.slice(0, 500)}`);
  return parsed.messages.map((m) => {
    let file = m.url ?? '';
    if (file.startsWith('file:')) file = fileURLToPath(file);
    return {
      file,
      line: m.firstLine ?? m.lastLine,
      column: m.firstColumn,
      type: m.type ?? 'unknown',
      subType: m.subType,
      message: m.message ?? '',
      extract: m.extract,
    };
  });
}

/**
 * Checks HTML files with vnu in ONE Java process (start-up costs about a
 * second; a site of 30 pages takes about 1.5 s in total).
 *
 * @param paths - HTML files and/or directories; a directory contributes
 *   every `*.html` file below it.
 * @returns every message, in vnu's order; empty means valid.
 * @throws if a path does not exist, if there is nothing to check, or if vnu
 *   fails without producing its JSON report.
 */
export async function runVnu(paths: readonly string[], options: VnuOptions = {}): Promise<VnuMessage[]> {
  const files: string[] = [];
  for (const p of paths) {
    const abs = path.resolve(p);
    const st = await stat(abs).catch(() => undefined);
    if (st === undefined) throw new Error(`runVnu: no such file or directory: ${abs}`);
    if (st.isDirectory()) {
      for (const rel of await listFiles(abs)) if (rel.endsWith('.html')) files.push(path.join(abs, rel));
    } else {
      files.push(abs);
    }
  }
  if (files.length === 0) throw new Error(`runVnu: no HTML files in ${paths.join(', ')}`);

  const args = ['-jar', vnuJarPath(), '--format', 'json', '--stdout'];
  if (options.errorsOnly ?? true) args.push('--errors-only');
  // Files are absolute paths, so none can be mistaken for an option.
  args.push(...(options.extraArgs ?? []), ...files);

  const { status, stdout, stderr } = await new Promise<{ status: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(options.java ?? 'java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`runVnu: cannot start java (${e.message}); install: apt-get install -y default-jre-headless`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({
          status: code,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
        });
      });
    },
  );
  let messages: VnuMessage[];
  try {
    messages = parseVnuJson(stdout);
  } catch (e) {
    throw new Error(`runVnu: vnu exited ${String(status)} without a JSON report.\nstderr: ${stderr}\nstdout: ${stdout}`, {
      cause: e,
    });
  }
  if (status !== 0 && status !== 1) throw new Error(`runVnu: vnu exited ${String(status)}\n${stderr}`);
  if (status === 1 && !messages.some((m) => m.type !== 'info')) {
    throw new Error(`runVnu: vnu exited 1 but reported no error\n${stderr}`);
  }
  return messages;
}

/** Formats messages one per line as `file:line:col: message`, paths relative to `root`. */
export function formatVnuMessages(messages: readonly VnuMessage[], root = process.cwd()): string {
  return messages
    .map((m) => `${path.relative(root, m.file)}:${m.line ?? '?'}:${m.column ?? '?'}: ${m.type}: ${m.message}`)
    .join('\n');
}
