/**
 * The search index as the compiled package makes it: on a thread of its own, each shard sent to
 * it as soon as its documents' bodies are rendered (from the TypeScript sources, indexes are made
 * at once in a child process instead). Both must give the same site, and a build that fails
 * after indexing started must still end.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { FIXED_NOW } from '../support/clock.js';
import { useTempDirs, writeFiles } from '../support/temp-dir.js';
import { diffTrees, readTree } from '../support/tree.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tempDir = useTempDirs('quire-search-threads-');

/** A blog of 450 posts: past 400 documents, so four indexes. */
function blog(extra: Record<string, string> = {}): string {
  const root = tempDir();
  const files: Record<string, string> = { 'quire.config.yaml': 'title: Shards\nbaseUrl: https://shards.example/\n', ...extra };
  for (let i = 0; i < 450; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0');
    files[`posts/2024-${month}-${day}-note-${i}.md`] = `---\ntitle: Note ${i}\ndate: 2024-${month}-${day}\ntags: [t${i % 7}]\n---\n\nThe ${i}th note, on word${i} and *marbling*.\n`;
  }
  writeFiles(root, files);
  return root;
}

/** Builds `root` through the compiled package, in a process of its own (worker threads). */
function compiledBuild(root: string): { ok: boolean; search?: { indexed: number; reused: number } } {
  const script = `const { build } = await import(${JSON.stringify(pathToFileURL(path.join(repo, 'lib', 'index.js')).href)});
const result = await build({ root: ${JSON.stringify(root)}, now: ${FIXED_NOW}, quiet: true });
console.log(JSON.stringify({ ok: result.ok, search: result.search }));`;
  const file = path.join(tempDir(), 'build.mjs');
  writeFileSync(file, script);
  return JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8', timeout: 60_000 })) as { ok: boolean };
}

describe('search indexes made on a thread while the bodies render', () => {
  it('give the same site as indexes made after them', () => {
    const threaded = blog();
    const result = compiledBuild(threaded);
    expect(result).toEqual({ ok: true, search: { indexed: 450, reused: 0 } });
    expect(readdirSync(path.join(threaded, 'dist', 'pagefind')).sort()).toEqual(['0', '1', '2', '3']);
    const inThread = blog();
    expect(build({ root: inThread, now: FIXED_NOW }).ok).toBe(true);
    expect(diffTrees(readTree(path.join(threaded, 'dist')), readTree(path.join(inThread, 'dist')))).toEqual([]);
    // Built again with one post changed, only that post's index is made again, and the site is
    // what a clean build of the same posts gives.
    const edited = { 'posts/2024-01-01-note-0.md': '---\ntitle: Note 0\ndate: 2024-01-01\ntags: [t0]\n---\n\nRewritten.\n' };
    writeFiles(threaded, edited);
    const again = compiledBuild(threaded);
    expect(again.ok).toBe(true);
    expect(again.search?.indexed).toBeGreaterThan(0);
    expect(again.search?.indexed).toBeLessThan(250);
    writeFiles(inThread, edited);
    rmSync(path.join(inThread, '.quire'), { recursive: true, force: true });
    expect(build({ root: inThread, now: FIXED_NOW }).ok).toBe(true);
    expect(diffTrees(readTree(path.join(threaded, 'dist')), readTree(path.join(inThread, 'dist')))).toEqual([]);
  });

  it('end with the build when it fails after indexing started', () => {
    // The pages fail to render after every body has (and so every index has been sent).
    const root = blog({ 'templates/post.liquid': '{% if %}\n' });
    const started = Date.now();
    expect(compiledBuild(root).ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
