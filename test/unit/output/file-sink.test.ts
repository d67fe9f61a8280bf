/**
 * The writer's sink as a build uses it: the compiled one, whose worker writes while the caller
 * goes on (from the TypeScript sources the sink writes in this thread instead).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FileSink } from '../../../src/output/file-sink.js';
import { useTempDirs, writeFiles } from '../../support/temp-dir.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const compiled = path.join(repo, 'lib', 'output', 'file-sink.js');
const tempDir = useTempDirs('quire-sink-');
let workerSink: (() => FileSink) | undefined;

beforeAll(async () => {
  if (existsSync(compiled)) workerSink = ((await import(compiled)) as { workerSink: () => FileSink }).workerSink;
  else if (process.env.CI) throw new Error('lib/ is missing: run npm run compile (npm ci does it).');
});

describe('the worker sink', () => {
  it('writes every page given, in folders it makes, before drain returns', () => {
    if (!workerSink) return;
    const out = path.join(tempDir(), 'out');
    const sink = workerSink();
    for (let i = 0; i < 40; i++) sink.write(path.join(out, 'pages', String(i), 'index.html'), `<p>page ${i} — ü</p>`);
    sink.write(path.join(out, 'feed.xml'), new TextEncoder().encode('<rss/>'));
    sink.drain();
    expect(readFileSync(path.join(out, 'pages/39/index.html'), 'utf8')).toBe('<p>page 39 — ü</p>');
    expect(readFileSync(path.join(out, 'feed.xml'), 'utf8')).toBe('<rss/>');
  });

  it('throws the error of a write that failed, naming the file', () => {
    if (!workerSink) return;
    const root = tempDir();
    // A file where the page's folder should be.
    writeFiles(root, { 'out/2024': 'not a folder' });
    const sink = workerSink();
    sink.write(path.join(root, 'out/index.html'), 'home');
    sink.write(path.join(root, 'out/2024/index.html'), 'a year');
    expect(() => sink.drain()).toThrow(/^(EEXIST|ENOTDIR).*2024/);
  });
});
