/**
 * The compiled renderer covers everything the default theme uses: building the sample blog and
 * the basic fixture, no page is left to LiquidJS (a construct the compiler stopped handling would
 * only make builds slower, and nothing else would show it).
 */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Liquid } from 'liquidjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { build } from '../../src/build.js';
import { useTempDirs } from '../support/temp-dir.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tempDir = useTempDirs('quire-compiled-site-');

afterEach(() => vi.restoreAllMocks());

describe('the default theme through the compiled renderer', () => {
  it.each([
    ['the sample blog', ['posts', 'pages', 'comments', 'static', 'quire.config.yaml'], repo],
    ['the basic fixture', ['posts', 'static', 'quire.config.yaml'], path.join(repo, 'test', 'fixtures', 'basic')],
  ])('renders every page of %s without falling back to LiquidJS', (_name, parts, from) => {
    const root = tempDir();
    for (const part of parts) cpSync(path.join(from, part), path.join(root, part), { recursive: true });
    const fallback = vi.spyOn(Liquid.prototype, 'renderFileSync');
    const result = build({ root, cache: false, now: Date.parse('2026-01-01T00:00:00Z') });
    expect(result.ok).toBe(true);
    expect(result.pages).toBeGreaterThan(30);
    expect(fallback.mock.calls.map(([file]) => file)).toEqual([]);
  });
});
