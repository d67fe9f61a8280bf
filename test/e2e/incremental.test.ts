/**
 * What a watching process carries between builds (`BuildCaches`): the folder listing, read
 * posts, the site model and page keys. Each rebuild must write exactly what a clean build of
 * the same sources writes, while looking again only at what changed.
 */
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, type BuildCaches } from '../../src/build.js';
import { ReadCache } from '../../src/incremental/read-cache.js';
import { FIXED_NOW } from '../support/clock.js';
import { useTempDirs, writeFiles } from '../support/temp-dir.js';
import { diffTrees, readTree } from '../support/tree.js';

const tempDir = useTempDirs('quire-incremental-');

const post = (title: string, body: string, tags = 'tags: [common]\n') => `---\ntitle: ${title}\n${tags}---\n\n${body}\n`;

function site(): string {
  const root = tempDir();
  const files: Record<string, string> = { 'quire.config.yaml': 'title: Incremental\nbaseUrl: https://example.com/\npostsPerPage: 5\n' };
  for (let i = 1; i <= 24; i++) {
    const day = String(i).padStart(2, '0');
    files[`posts/2021-03-${day}-post-${i}.md`] = post(`Post ${i}`, `Body of post ${i}.\n\nMore of post ${i}.`, `tags: [common, t${i % 3}]\n`);
  }
  writeFiles(root, files);
  return root;
}

/** Caches as a watching process keeps them, its watcher reporting to the read cache. */
function watchedCaches(): BuildCaches {
  const read = new ReadCache(undefined, '');
  read.watch();
  return { read };
}

function cleanBuildOf(root: string): Map<string, Buffer> {
  const copy = tempDir();
  cpSync(path.join(root, 'posts'), path.join(copy, 'posts'), { recursive: true });
  cpSync(path.join(root, 'quire.config.yaml'), path.join(copy, 'quire.config.yaml'));
  const result = build({ root: copy, now: FIXED_NOW, cache: false });
  expect(result.ok).toBe(true);
  return readTree(path.join(copy, 'dist'));
}

describe('a rebuild with the caches of the last build', () => {
  it('after an edit of one body, reuses the model and rehashes only the keys of pages that show it', () => {
    const root = site();
    const caches = watchedCaches();
    const first = build({ root, now: FIXED_NOW, caches });
    expect(first.ok).toBe(true);
    const model = caches.model?.model;
    const total = caches.keys?.last.hashed ?? 0;
    expect(total).toBeGreaterThan(first.pages);

    // An edit in place, reported as a watcher reports it.
    const edited = path.join(root, 'posts/2021-03-24-post-24.md');
    writeFileSync(edited, post('Post 24', 'A new first paragraph.\n\nMore of post 24.', 'tags: [common, t0]\n'));
    caches.read.noteChange(edited);
    const second = build({ root, now: FIXED_NOW, caches });
    expect(second.ok).toBe(true);
    expect(diffTrees(readTree(path.join(root, 'dist')), cleanBuildOf(root))).toEqual([]);
    expect(caches.model?.model).toBe(model);
    // The newest post shows on its page, the first home, tag and archive pages and the feeds;
    // every other key is reused.
    const { hashed, reused } = caches.keys?.last ?? { hashed: 0, reused: 0 };
    expect(hashed).toBeGreaterThan(0);
    expect(hashed).toBeLessThan(20);
    expect(reused + hashed).toBe(total);
    expect(readTree(path.join(root, 'dist')).get('index.html')?.toString()).toContain('A new first paragraph.');

    // A changed title changes the model.
    writeFileSync(edited, post('Post 24, renamed', 'A new first paragraph.\n\nMore of post 24.', 'tags: [common, t0]\n'));
    caches.read.noteChange(edited);
    expect(build({ root, now: FIXED_NOW, caches }).ok).toBe(true);
    expect(caches.model?.model).not.toBe(model);
    expect(diffTrees(readTree(path.join(root, 'dist')), cleanBuildOf(root))).toEqual([]);
  });

  it('lists the folder again when files come and go, and trusts only files a watcher vouches for', () => {
    const root = site();
    const caches = watchedCaches();
    expect(build({ root, now: FIXED_NOW, caches }).ok).toBe(true);

    // Unreported, a new file is not seen: the listing is trusted while a watcher reports edits.
    writeFiles(root, { 'posts/2021-04-01-new.md': post('New', 'Newly added.') });
    expect(build({ root, now: FIXED_NOW, caches }).posts).toBe(24);
    // Reported as something other than an edit, everything is looked at again.
    caches.read.noteUnknown();
    expect(build({ root, now: FIXED_NOW, caches }).posts).toBe(25);
    expect(diffTrees(readTree(path.join(root, 'dist')), cleanBuildOf(root))).toEqual([]);

    // Without a watcher every file is checked, build after build.
    const unwatched: BuildCaches = { read: new ReadCache(undefined, '') };
    expect(build({ root, now: FIXED_NOW, caches: unwatched }).ok).toBe(true);
    writeFileSync(path.join(root, 'posts/2021-03-01-post-1.md'), post('Post 1, edited', 'Edited without a watcher.'));
    writeFiles(root, { 'posts/2021-04-02-newer.md': post('Newer', 'Added without a watcher.') });
    expect(build({ root, now: FIXED_NOW, caches: unwatched }).posts).toBe(26);
    expect(diffTrees(readTree(path.join(root, 'dist')), cleanBuildOf(root))).toEqual([]);
    expect(readTree(path.join(root, 'dist')).get('2021/03/post-1/index.html')?.toString()).toContain('Edited without a watcher.');
  });
});
