/**
 * The basic fixture site's whole output is committed as test/fixtures/basic/expected/, so that
 * any change in what quire writes shows in review as a diff of the pages. This test builds the
 * site (fixed clock) and compares every file with its expected copy;
 * `UPDATE_EXPECTED=1 npx vitest run test/e2e/basic-expected.test.ts` writes the tree again.
 *
 * The theme's stylesheet is left out: it is the theme's file as it is (reviewed there), and any
 * edit to it would also rename it in every page. Pages link it as `style.HASH.css`.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { formatReport } from '../../src/diagnostics/format-report.js';
import { FIXED_NOW } from '../support/clock.js';
import { useTempDirs } from '../support/temp-dir.js';
import { listTree, readTree } from '../support/tree.js';

const root = fileURLToPath(new URL('../fixtures/basic/', import.meta.url));
const expectedDir = path.join(root, 'expected');
const tempDir = useTempDirs('quire-expected-');

/**
 * The built files as the expected tree holds them: without the theme's stylesheet and search
 * script, whose hashed names read `HASH`, and without the search index, which is Pagefind's
 * (its own files; test/e2e/search.test.ts reads the index back).
 */
function asExpected(files: Map<string, Buffer>): Map<string, Buffer> {
  const assets = [...files.keys()].filter((f) => /^assets\/(style|search)\.[0-9a-f]+\.(css|js)$/.test(f));
  expect(assets).toHaveLength(2);
  const names = assets.map((file) => [path.posix.basename(file), path.posix.basename(file).replace(/\.[0-9a-f]+\./, '.HASH.')] as const);
  const kept = new Map<string, Buffer>();
  for (const [file, bytes] of files) {
    if (assets.includes(file) || file.startsWith('pagefind/')) continue;
    if (!names.some(([name]) => bytes.includes(name))) {
      kept.set(file, bytes);
      continue;
    }
    let text = bytes.toString('utf8');
    for (const [name, stand] of names) text = text.replaceAll(name, stand);
    kept.set(file, Buffer.from(text));
  }
  return kept;
}

let built: Map<string, Buffer>;

beforeAll(() => {
  const out = path.join(tempDir(), 'site');
  const result = build({ root, out, now: FIXED_NOW, cache: false });
  expect(result.ok, formatReport(result.diagnostics)).toBe(true);
  built = asExpected(readTree(out));
  if (process.env['UPDATE_EXPECTED'] === '1') {
    rmSync(expectedDir, { recursive: true, force: true });
    for (const [file, bytes] of built) {
      mkdirSync(path.dirname(path.join(expectedDir, file)), { recursive: true });
      writeFileSync(path.join(expectedDir, file), bytes);
    }
  }
});

it('writes the files of the expected tree, and no others', () => {
  expect([...built.keys()]).toEqual(listTree(expectedDir));
});

it('writes every file as the expected tree has it', () => {
  for (const file of listTree(expectedDir)) {
    const expected = readFileSync(path.join(expectedDir, file));
    const actual = built.get(file);
    if (!actual) continue; // reported by the test above
    expect.soft(actual.toString('utf8'), file).toBe(expected.toString('utf8'));
    expect.soft(actual.equals(expected), `${file}: same bytes`).toBe(true);
  }
});
