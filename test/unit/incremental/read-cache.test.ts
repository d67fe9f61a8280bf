/**
 * The read cache: a file whose size, times and inode are unchanged is not parsed again, in the
 * same process or the next (its shards on disk); another scope, a damaged shard or an edit makes
 * it read again; while a watcher reports changes, only the files it names are looked at.
 */
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBody, readPosts, type ReadPosts } from '../../../src/content/read-posts.js';
import { ReadCache } from '../../../src/incremental/read-cache.js';
import { useTempDirs, writeFiles } from '../../support/temp-dir.js';

const tempDir = useTempDirs('quire-read-cache-');
const utc = { timeZone: 'UTC' };
const scope = 'UTC\0posts';

/** A read cache that records the files reading parsed: reading stores each file it parsed, and only those. */
class CountingCache extends ReadCache {
  readonly parsed: string[] = [];
  override set(...args: Parameters<ReadCache['set']>): string {
    this.parsed.push(args[0]);
    return super.set(...args);
  }
}

/** Reads `root` through `cache`; `parsed`: the files this read parsed, sorted. */
function read(root: string, cache: CountingCache): ReadPosts & { parsed: string[] } {
  cache.parsed.length = 0;
  const result = readPosts(root, utc, cache);
  expect(result.diagnostics).toEqual([]);
  return { ...result, parsed: [...cache.parsed].sort() };
}

const post = (title: string, body = 'Body.') => `---\ntitle: ${title}\n---\n${body}\n`;

function postsFolder(): string {
  const root = tempDir();
  writeFiles(root, { '2024-01-01-a.md': post('Aa'), '2024-01-02-b.md': post('Bb'), '2024-01-03-c.md': post('Cc') });
  return root;
}

/**
 * Rewrites a post and moves its modification time on by a whole minute, so the edit shows in
 * the file's times however coarse the file system's clock is.
 */
function edit(root: string, relativePath: string, text: string): void {
  const file = path.join(root, relativePath);
  const later = Math.floor(statSync(file).mtimeMs / 1000) + 60;
  writeFileSync(file, text);
  utimesSync(file, later, later);
}

const titles = (result: ReadPosts) => result.posts.map((p) => p.title);
const bySource = (result: ReadPosts, source: string) => result.posts.find((p) => p.source === source);

describe('ReadCache', () => {
  it('does not parse an unchanged file again, and gives the same post', () => {
    const root = postsFolder();
    const cache = new CountingCache(undefined, scope);
    const first = read(root, cache);
    expect(first.parsed).toEqual(['2024-01-01-a.md', '2024-01-02-b.md', '2024-01-03-c.md']);
    const second = read(root, cache);
    expect(second.parsed).toEqual([]);
    expect(second.posts).toEqual(first.posts);
    expect(second.bodies).toEqual(first.bodies);
    expect(second.fingerprints).toEqual(first.fingerprints);
  });

  it('parses a file again after an edit in place, of another size or the same', () => {
    const root = postsFolder();
    const cache = new CountingCache(undefined, scope);
    read(root, cache);

    edit(root, '2024-01-01-a.md', post('A longer title'));
    const longer = read(root, cache);
    expect(longer.parsed).toEqual(['2024-01-01-a.md']);
    expect(titles(longer)).toEqual(['A longer title', 'Bb', 'Cc']);

    // Same size, other bytes: only the file's times tell.
    const before = statSync(path.join(root, '2024-01-02-b.md')).size;
    edit(root, '2024-01-02-b.md', post('Bz'));
    expect(statSync(path.join(root, '2024-01-02-b.md')).size).toBe(before);
    const same = read(root, cache);
    expect(same.parsed).toEqual(['2024-01-02-b.md']);
    expect(titles(same)).toEqual(['A longer title', 'Bz', 'Cc']);

    // Same bytes, a new modification time: the file is read again all the same.
    edit(root, '2024-01-03-c.md', post('Cc'));
    expect(read(root, cache).parsed).toEqual(['2024-01-03-c.md']);
  });

  it('misses when any one of size, modification time, change time or inode differs', () => {
    const root = postsFolder();
    const cache = new CountingCache(undefined, scope);
    read(root, cache);
    const stat = statSync(path.join(root, '2024-01-01-a.md'));
    const other = (change: Partial<Stats>) => ({ ...stat, ...change }) as Stats;
    expect(cache.get('2024-01-01-a.md', stat, [])?.post?.title).toBe('Aa');
    expect(cache.get('2024-01-01-a.md', other({}), [])?.post?.title).toBe('Aa');
    expect(cache.get('2024-01-01-a.md', other({ size: stat.size + 1 }), [])).toBeUndefined();
    expect(cache.get('2024-01-01-a.md', other({ mtimeMs: stat.mtimeMs + 1 }), [])).toBeUndefined();
    expect(cache.get('2024-01-01-a.md', other({ ctimeMs: stat.ctimeMs + 1 }), [])).toBeUndefined();
    expect(cache.get('2024-01-01-a.md', other({ ino: stat.ino + 1 }), [])).toBeUndefined();
    // A watcher's word stands in for the stat.
    expect(cache.get('2024-01-01-a.md', 'unchanged', [])?.post?.title).toBe('Aa');
    expect(cache.get('2024-01-09-none.md', 'unchanged', [])).toBeUndefined();
  });

  it('forgets every entry when the scope changes, and keeps them when it is the same', () => {
    const root = postsFolder();
    const cache = new CountingCache(undefined, scope);
    read(root, cache);
    cache.useScope(scope);
    expect(read(root, cache).parsed).toEqual([]);
    cache.useScope('Europe/Paris\0posts');
    expect(read(root, cache).parsed).toHaveLength(3);
    cache.useScope('Europe/Paris\0posts');
    expect(read(root, cache).parsed).toEqual([]);
  });

  it('persists its entries on save: a new cache on the same folder reuses them, under the same scope only', () => {
    const root = postsFolder();
    const dir = tempDir();
    const first = new CountingCache(dir, scope);
    const firstRead = read(root, first);

    // Nothing is on disk before `save`.
    expect(read(root, new CountingCache(dir, scope)).parsed).toHaveLength(3);

    first.save();
    const later = new CountingCache(dir, scope);
    const laterRead = read(root, later);
    expect(laterRead.parsed).toEqual([]);
    expect(laterRead.posts).toEqual(firstRead.posts);
    // Body references survive too, so a body still loads without splitting the file again.
    const ref = laterRead.bodies.get('2024-01-02-b.md');
    expect(ref).toEqual(firstRead.bodies.get('2024-01-02-b.md'));
    expect(loadBody(root, '2024-01-02-b.md', ref)).toEqual({ body: 'Body.\n', hash: ref?.hash });

    // A file edited between the two processes is read again, and only it.
    edit(root, '2024-01-03-c.md', post('Cz'));
    const edited = read(root, new CountingCache(dir, scope));
    expect(edited.parsed).toEqual(['2024-01-03-c.md']);
    expect(titles(edited)).toEqual(['Aa', 'Bb', 'Cz']);

    expect(read(root, new CountingCache(dir, 'Asia/Tokyo\0posts')).parsed).toHaveLength(3);
  });

  it('counts a damaged shard file as empty: reading parses again, and the next save repairs it', () => {
    const root = postsFolder();
    const dir = tempDir();
    const first = new CountingCache(dir, scope);
    read(root, first);
    first.save();
    const shards = readdirSync(dir).filter((name) => name.endsWith('.bin'));
    expect(shards.length).toBeGreaterThan(0);
    for (const [i, name] of shards.entries()) {
      const file = path.join(dir, name);
      // One cut short, as a crash mid-write would leave it; the rest plain garbage.
      writeFileSync(file, i === 0 ? readFileSync(file).subarray(0, 7) : 'not a shard');
    }

    const damaged = new CountingCache(dir, scope);
    const reread = read(root, damaged);
    expect(reread.parsed).toHaveLength(3);
    expect(titles(reread)).toEqual(['Aa', 'Bb', 'Cc']);
    damaged.save();
    expect(read(root, new CountingCache(dir, scope)).parsed).toEqual([]);
  });

  it('while watched, looks only at the files a watcher reported, until it reports something else', () => {
    const root = postsFolder();
    const cache = new CountingCache(undefined, scope);
    cache.watch();
    expect(read(root, cache).parsed).toHaveLength(3);
    const quiet = read(root, cache);
    expect(quiet.parsed).toEqual([]);

    edit(root, '2024-01-01-a.md', post('Az'));
    edit(root, '2024-01-02-b.md', post('Bz'));
    cache.noteChange(path.join(root, '2024-01-01-a.md'));
    const noted = read(root, cache);
    expect(noted.parsed).toEqual(['2024-01-01-a.md']);
    // b was edited unreported: the watcher vouches for it, so it is not looked at.
    expect(titles(noted)).toEqual(['Az', 'Bb', 'Cc']);
    // Untouched, c is the very object the last read gave.
    expect(bySource(noted, '2024-01-03-c.md')).toBe(bySource(quiet, '2024-01-03-c.md'));

    cache.noteUnknown();
    const everything = read(root, cache);
    expect(everything.parsed).toEqual(['2024-01-02-b.md']);
    expect(titles(everything)).toEqual(['Az', 'Bz', 'Cc']);
  });

  it('while watched, lists the folder again when a change is noted for a file its listing lacks', () => {
    const root = postsFolder();
    const cache = new CountingCache(undefined, scope);
    cache.watch();
    read(root, cache);
    // A file written just after it was made: its change may be noted before its creation.
    writeFileSync(path.join(root, '2024-01-04-d.md'), post('Dd'));
    cache.noteChange(path.join(root, '2024-01-04-d.md'));
    const result = read(root, cache);
    expect(result.parsed).toEqual(['2024-01-04-d.md']);
    expect(titles(result)).toEqual(['Aa', 'Bb', 'Cc', 'Dd']);
  });

  it('without a watcher, checks every file whatever was noted', () => {
    const root = postsFolder();
    const cache = new CountingCache(undefined, scope);
    read(root, cache);
    edit(root, '2024-01-02-b.md', post('Bz'));
    cache.noteChange(path.join(root, '2024-01-01-a.md'));
    const result = read(root, cache);
    expect(result.parsed).toEqual(['2024-01-02-b.md']);
    expect(titles(result)).toEqual(['Aa', 'Bz', 'Cc']);
  });
});
