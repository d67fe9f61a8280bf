/**
 * `quire build --watch`: after edits, creations, renames and deletions applied while watching,
 * the written site is byte-identical to a clean build of the final sources; a burst of writes
 * is coalesced into a few rebuilds.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { watchSite, type SiteWatcher, type WatchBuild } from '../../src/serve/watch-site.js';
import { FIXED_NOW } from '../support/clock.js';
import { useTempDirs, writeFiles } from '../support/temp-dir.js';
import { diffTrees, readTree } from '../support/tree.js';

const tempDir = useTempDirs('quire-watch-');
const compiledWatcher = fileURLToPath(new URL('../../lib/serve/watch-site.js', import.meta.url));

const post = (title: string, body: string, extra = '') => `---\ntitle: ${title}\n${extra}---\n\n${body}\n`;

const initialSite = {
  'quire.config.yaml': 'title: Watch Test\nbaseUrl: https://example.com/\ntimeZone: Europe/Paris\npostsPerPage: 2\n',
  'posts/2020-01-01-alpha.md': post('Alpha', 'First post.', 'tags: [one]\n'),
  'posts/2020-02-01-beta.md': post('Beta', 'Links to [alpha](./2020-01-01-alpha.md).', 'tags: [one, two]\n'),
  'posts/2020-03-01-gamma.md': post('Gamma', 'Third.'),
  'posts/2020-04-01-delta.md': post('Delta', 'Fourth, soon deleted.', 'tags: [doomed]\n'),
  'comments/alpha/c1.md': '---\nauthor: Reader\ndate: 2020-01-02T10:00:00+00:00\n---\nNice post.\n',
  'static/robots-extra.txt': 'extra\n',
  'static/css/site.css': 'body{}\n',
};

/** A clean build of `site`'s sources (copied elsewhere, no cache) with the watcher's clock. */
function cleanBuildOf(site: string): Map<string, Buffer> {
  const copy = tempDir();
  for (const name of ['quire.config.yaml', 'posts', 'comments', 'static', 'templates']) {
    try {
      cpSync(path.join(site, name), path.join(copy, name), { recursive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  const result = build({ root: copy, out: 'dist', now: FIXED_NOW, cache: false });
  expect(result.diagnostics).toEqual([]);
  expect(result.ok).toBe(true);
  return readTree(path.join(copy, 'dist'));
}

let watcher: SiteWatcher | undefined;
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
});

function start(site: string, builds: WatchBuild[], watch = watchSite): SiteWatcher {
  watcher = watch({ root: site, out: 'dist', now: () => FIXED_NOW, onBuild: (b) => builds.push(b) });
  return watcher;
}

/** The compiled package's watcher, whose chokidar runs on a thread of its own (from the sources it runs on the build's). */
async function compiledWatchSite(): Promise<typeof watchSite> {
  return ((await import(compiledWatcher)) as { watchSite: typeof watchSite }).watchSite;
}

/**
 * The next finished build of a change. (The compiled package also builds again, by itself,
 * once a search index made in the background is ready.)
 */
function nextBuild(builds: WatchBuild[]): Promise<WatchBuild> {
  const seen = builds.length;
  return new Promise((resolve, reject) => {
    const deadline = performance.now() + 10_000;
    const check = () => {
      const b = builds.slice(seen).find((build) => build.trigger !== 'manual');
      if (b) resolve(b);
      else if (performance.now() > deadline) reject(new Error('no build within 10 s'));
      else setTimeout(check, 10);
    };
    check();
  });
}

/** Edits, creations, renames and deletions applied while `watch` watches: the output is a clean build's. */
async function editsRenamesDeletions(watch: typeof watchSite): Promise<void> {
  const site = tempDir();
  writeFiles(site, initialSite);
  const builds: WatchBuild[] = [];
  const w = start(site, builds, watch);
  const first = await w.ready;
  expect(first.result.ok).toBe(true);
  expect(first.trigger).toBe('initial');
  const dist = path.join(site, 'dist');
  expect(diffTrees(readTree(dist), cleanBuildOf(site))).toEqual([]);
  const p = (rel: string) => path.join(site, rel);

  // One change at a time, each waited for.
  let next = nextBuild(builds);
  writeFileSync(p('posts/2020-01-01-alpha.md'), post('Alpha (edited)', 'First post, edited.', 'tags: [one, three]\n'));
  expect((await next).result.ok).toBe(true);

  next = nextBuild(builds);
  rmSync(p('posts/2020-04-01-delta.md'));
  expect((await next).result.ok).toBe(true);
  expect(readTree(dist).has('2020/04/delta/index.html')).toBe(false);
  expect(readTree(dist).has('tags/doomed/index.html')).toBe(false);

  // A rename of the linked post breaks beta's link: the build fails and dist stays as it was.
  const beforeFailure = readTree(dist);
  next = nextBuild(builds);
  renameSync(p('posts/2020-01-01-alpha.md'), p('posts/2020-01-01-alpha-renamed.md'));
  const failed = await next;
  expect(failed.result.ok).toBe(false);
  expect(failed.result.diagnostics.map((d) => d.code)).toContain('BrokenPostLink');
  expect(diffTrees(readTree(dist), beforeFailure)).toEqual([]);

  // A burst without waiting: fix the link, move the comments, add posts, a bundle, static
  // files, a template override and a config change, rename and delete more.
  writeFileSync(p('posts/2020-02-01-beta.md'), post('Beta', 'Links to [alpha](./2020-01-01-alpha-renamed.md).', 'tags: [one, two]\n'));
  renameSync(p('comments/alpha'), p('comments/alpha-renamed'));
  writeFiles(site, {
    'posts/2021-05-05-epsilon.md': post('Epsilon', 'New post.', 'tags: [two, five]\n'),
    'posts/2021-06-06-bundle/index.md': post('Bundle', '![dot](dot.svg)'),
    'posts/2021-06-06-bundle/dot.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
    'static/new.txt': 'new\n',
    'templates/404.liquid': "{% layout 'layouts/base' %}{% block content %}<h1>Gone fishing</h1>{% endblock %}\n",
    'comments/beta/c2.md': '---\nauthor: Other\ndate: 2020-02-03T10:00:00+00:00\n---\nAgreed.\n',
  });
  rmSync(p('static/robots-extra.txt'));
  renameSync(p('posts/2020-03-01-gamma.md'), p('posts/2020-03-02-gamma-two.md'));
  mkdirSync(p('posts/2022'), { recursive: true });
  writeFileSync(p('posts/2022/2022-01-01-nested.md'), post('Nested', 'In a sub-folder.'));
  writeFileSync(p('quire.config.yaml'), 'title: Watch Test, Renamed\nbaseUrl: https://example.com/\ntimeZone: Europe/Paris\npostsPerPage: 3\n');

  const last = await w.settled(400);
  expect(last?.result.diagnostics).toEqual([]);
  expect(last?.result.ok).toBe(true);
  const written = readTree(dist);
  expect(diffTrees(written, cleanBuildOf(site))).toEqual([]);
  expect(written.get('404.html')?.toString()).toContain('Gone fishing');
  expect(written.has('2020/03/gamma/index.html')).toBe(false);
  expect(written.has('2020/03/gamma-two/index.html')).toBe(true);
  expect(written.has('robots-extra.txt')).toBe(false);
  expect(written.get('index.html')?.toString()).toContain('Watch Test, Renamed');
  // Nothing of the watcher's lands in the output.
  expect([...written.keys()].filter((name) => /quire-|\.lock$/.test(name))).toEqual([]);

  // Templates are compiled once while unchanged; an edited one is compiled again.
  next = nextBuild(builds);
  writeFileSync(p('templates/404.liquid'), "{% layout 'layouts/base' %}{% block content %}<h1>Gone sailing</h1>{% endblock %}\n");
  expect((await next).result.ok).toBe(true);
  const edited = readTree(dist);
  expect(edited.get('404.html')?.toString()).toContain('Gone sailing');
  expect(diffTrees(edited, cleanBuildOf(site))).toEqual([]);
}

describe('build --watch', () => {
  it('after edits, creations, renames and deletions, writes exactly what a clean build writes', () => editsRenamesDeletions(watchSite));

  it.skipIf(!existsSync(compiledWatcher) && !process.env.CI)('does the same through the compiled package, whose chokidar runs on a thread of its own', async () =>
    editsRenamesDeletions(await compiledWatchSite()));

  it('builds a save in place once, though the file system and chokidar both report it', async () => {
    const site = tempDir();
    writeFiles(site, initialSite);
    const builds: WatchBuild[] = [];
    const w = start(site, builds);
    await w.ready;
    const file = path.join(site, 'posts/2020-01-01-alpha.md');
    for (const round of [1, 2]) {
      const before = builds.length;
      writeFileSync(file, post(`Alpha, saved ${round}`, 'First post, saved again.'));
      await w.settled(400);
      const after = builds.slice(before);
      expect(after.map((b) => b.changes.map((c) => [c.event, c.path]))).toEqual([[['change', file]]]);
      expect(readFileSync(path.join(site, 'dist/2020/01/alpha/index.html'), 'utf8')).toContain(`Alpha, saved ${round}`);
    }
  });

  it('coalesces a burst of 100 file writes into a few rebuilds', async () => {
    const site = tempDir();
    writeFiles(site, initialSite);
    const builds: WatchBuild[] = [];
    const w = start(site, builds);
    await w.ready;
    const before = builds.length;
    for (let i = 0; i < 100; i++) {
      writeFileSync(path.join(site, 'posts', `2023-01-${String((i % 28) + 1).padStart(2, '0')}-burst-${i}.md`), post(`Burst ${i}`, `Post ${i}.`));
    }
    const last = await w.settled(400);
    const rebuilds = builds.slice(before);
    expect(rebuilds.length).toBeGreaterThanOrEqual(1);
    expect(rebuilds.length).toBeLessThanOrEqual(3);
    expect(rebuilds.reduce((n, b) => n + b.changes.length, 0)).toBeGreaterThanOrEqual(100);
    expect(last?.result.ok).toBe(true);
    expect(last?.result.posts).toBe(104);
    expect(diffTrees(readTree(path.join(site, 'dist')), cleanBuildOf(site))).toEqual([]);
  });

  // The index is made beside the build only by the compiled code (from the sources a thread task runs at once).
  it.skipIf(!existsSync(compiledWatcher) && !process.env.CI)('reloads an edit without waiting for the search index, then builds again with the new index', async () => {
    const site = tempDir();
    writeFiles(site, initialSite);
    const builds: WatchBuild[] = [];
    const compiledWatch = await compiledWatchSite();
    const w = (watcher = compiledWatch({ root: site, out: 'dist', now: () => FIXED_NOW, onBuild: (b) => builds.push(b) }));
    await w.ready;
    const before = builds.length;
    writeFileSync(path.join(site, 'posts/2020-03-01-gamma.md'), post('Gamma', 'Third, now about quincunxial weaving.'));
    const last = await w.settled(400);
    const rebuilds = builds.slice(before);
    // The edit's build served the last index and reported it was not made yet; the next built it in.
    expect(rebuilds[0]?.trigger).toBe('change');
    expect(rebuilds[0]?.result.search).toBeUndefined();
    expect(rebuilds.at(-1)?.trigger).toBe('manual');
    expect(rebuilds.at(-1)?.result.search?.indexed).toBe(0);
    expect(last?.result.ok).toBe(true);
    expect(diffTrees(readTree(path.join(site, 'dist')), cleanBuildOf(site))).toEqual([]);
    // The index replaced was moved aside, and is removed by the time the watcher has stopped.
    await w.close();
    expect(readdirSync(path.join(site, '.quire', 'cache', 'search'))).toHaveLength(1);
  });

  // The second case keeps the file's size and times, as whole-second clocks or tools that copy times do.
  it.each([false, true])('builds a second save that chokidar does not report (it drops a file\'s reports for 50 ms after one); same size and times: %s', async (sameTimes) => {
    const site = tempDir();
    writeFiles(site, initialSite);
    const builds: WatchBuild[] = [];
    const file = path.join(site, 'posts', '2020-03-01-gamma.md');
    const save = (body: string) => {
      writeFileSync(file, post('Gamma', body));
      if (sameTimes) utimesSync(file, 1_700_000_000, 1_700_000_000);
    };
    let saved = false;
    watcher = watchSite({
      root: site, out: 'dist', now: () => FIXED_NOW, onBuild: (b) => builds.push(b),
      // 30 ms after the first save is reported, once its build has read the file: inside the window.
      onChange: (change) => {
        if (change.path !== file || saved) return;
        saved = true;
        setTimeout(() => save('Saved: two.'), 30);
      },
    });
    await watcher.ready;
    save('Saved: one.');
    await nextBuild(builds);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const last = await watcher.settled(200);
    expect(saved).toBe(true);
    expect(last?.result.ok).toBe(true);
    const page = readTree(path.join(site, 'dist')).get('2020/03/gamma/index.html')?.toString();
    expect(page).toContain('Saved: two.');
    expect(diffTrees(readTree(path.join(site, 'dist')), cleanBuildOf(site))).toEqual([]);
  });

  it('runs one build at a time: changes during a build make exactly one more', async () => {
    const site = tempDir();
    writeFiles(site, initialSite);
    const builds: WatchBuild[] = [];
    const w = start(site, builds);
    await w.ready;
    const before = builds.length;
    const a = w.rebuild();
    const b = w.rebuild();
    const c = w.rebuild();
    const [ra, rb, rc] = await Promise.all([a, b, c]);
    expect(rb).toBe(rc);
    expect(ra).not.toBe(rb);
    await w.settled(100);
    expect(builds.length - before).toBe(2);
    expect(builds.every((x, i) => i === 0 || (builds[i - 1] as WatchBuild).finishedAt <= x.startedAt)).toBe(true);
  });

  it('close() releases everything even before the first build is done', async () => {
    const site = tempDir();
    writeFiles(site, initialSite);
    const w = watchSite({ root: site, out: 'dist', now: () => FIXED_NOW });
    await w.close();
    await w.ready;
  });
});
