/**
 * The site model is made once and then only read: caches keyed on its objects (a watching
 * process keeps the model between builds) are safe only if no later stage writes to it. The
 * types say `readonly`; this proves it at run time. The sample blog (pages, categories, series,
 * authors, comments, a menu) is built through the stages with the model and the posts deeply
 * frozen after the site stage, so a write anywhere in markdown, pages or output throws, and the
 * output must equal an ordinary build's byte for byte.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import type { BuildOptions } from '../../src/build/run.js';
import { buildStages } from '../../src/build/stages.js';
import { renderers } from '../../src/markdown/renderers.js';
import { FIXED_NOW } from '../support/clock.js';
import { useTempDirs } from '../support/temp-dir.js';
import { diffTrees, readTree } from '../support/tree.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tempDir = useTempDirs('quire-frozen-');

/** Freezes `value` and everything reachable from its fields and elements (Maps' and Sets' entries too); returns how many objects it froze. */
function deepFreeze(value: unknown, seen = new Set<object>()): number {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) return 0;
  seen.add(value);
  let count = 1;
  if (value instanceof Map) for (const [k, v] of value) count += deepFreeze(k, seen) + deepFreeze(v, seen);
  if (value instanceof Set) for (const v of value) count += deepFreeze(v, seen);
  // Functions (the locale's and dates' formatters) keep their closures; their own fields are frozen.
  for (const key of Reflect.ownKeys(value)) {
    const field = Object.getOwnPropertyDescriptor(value, key);
    if (field && 'value' in field) count += deepFreeze(field.value, seen);
  }
  Object.freeze(value);
  return count;
}

/**
 * `build`, through the same stages, with the model frozen once it is made: at the stages' first
 * request (a build without the cache renders every body), after the render cache was looked at.
 */
function buildFrozen(options: BuildOptions): { ok: boolean; frozen: number } {
  const stages = buildStages(options, () => renderers);
  let frozen = 0;
  for (let step = stages.next(); ; step = stages.next()) {
    if (step.done) return { ok: step.value.ok, frozen };
    if (step.value.kind !== 'render') continue;
    const { content, modeled, bodies } = step.value;
    frozen = deepFreeze(modeled.site) + deepFreeze(content.posts) + deepFreeze(modeled.comments);
    bodies.renderMissesHere();
  }
}

describe('the site model, frozen after the site stage', () => {
  it('builds the sample blog exactly as an ordinary build does', () => {
    const plain = path.join(tempDir(), 'plain');
    const frozen = path.join(tempDir(), 'frozen');
    expect(build({ root, src: 'posts', out: plain, now: FIXED_NOW, cache: false }).ok).toBe(true);
    const result = buildFrozen({ root, src: 'posts', out: frozen, now: FIXED_NOW, cache: false });
    expect(result.ok).toBe(true);
    // The posts, their terms, the listings: far more than a handful of objects were frozen.
    expect(result.frozen).toBeGreaterThan(500);
    const a = readTree(plain);
    expect(a.size).toBeGreaterThan(100);
    expect(diffTrees(a, readTree(frozen))).toEqual([]);
  });

  it('would notice a write: a frozen post refuses one', () => {
    const post = { title: 'x', tags: ['a'] };
    deepFreeze(post);
    expect(() => {
      (post as { title: string }).title = 'y';
    }).toThrow(TypeError);
    expect(() => (post.tags as string[]).push('b')).toThrow(TypeError);
  });
});
