/**
 * The render cache, worker threads and output reuse never change what a build writes: every
 * way of building gives the same bytes as a single-threaded build with no cache.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { build as buildFromSource, type BuildOptions, type BuildResult } from '../../src/build.js';
import { FIXED_NOW } from '../support/clock.js';
import { generateCorpus } from '../support/corpus.js';
import { useTempDirs } from '../support/temp-dir.js';
import { diffTrees, readTree } from '../support/tree.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const compiled = path.join(repo, 'lib', 'build-async.js');
const tempDir = useTempDirs('quire-cache-');

type Builder = (options: BuildOptions) => Promise<BuildResult>;
let buildAsync: Builder | undefined;

beforeAll(async () => {
  // Worker threads run the compiled renderer, so the parallel path is tested through lib/.
  if (existsSync(compiled)) buildAsync = ((await import(compiled)) as { buildAsync: Builder }).buildAsync;
  else if (process.env.CI) throw new Error('lib/ is missing: run npm run compile (npm ci does it).');
});

/** A copy of the sample blog, so its cache and outputs stay out of the repository. */
function sampleSite(): string {
  const root = tempDir();
  for (const name of ['posts', 'pages', 'comments', 'static', 'quire.config.yaml']) cpSync(path.join(repo, name), path.join(root, name), { recursive: true });
  return root;
}

/** The render cache's pack files, where the renderings' HTML is. */
function cachePacks(root: string): string[] {
  const dir = path.join(root, '.quire', 'cache', 'render', 'packs');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.pack')).map((f) => path.join(dir, f)) : [];
}

/** Damages every rendering in the cache: each pack's bytes replaced by a script of the same length. */
function damageRenderings(root: string): void {
  const packs = cachePacks(root);
  expect(packs.length).toBeGreaterThan(0);
  for (const pack of packs) {
    const size = readFileSync(pack).length;
    const script = '<script>alert("stale")</script>';
    writeFileSync(pack, script.repeat(Math.ceil(size / script.length)).slice(0, size));
  }
}

describe('builds with and without the cache, on one thread or several', () => {
  it('write byte-identical sites', async () => {
    const root = sampleSite();
    const reference = path.join(tempDir(), 'reference');
    expect(buildFromSource({ root, out: reference, now: FIXED_NOW, cache: false }).ok).toBe(true);
    const expected = readTree(reference);

    const cold = path.join(tempDir(), 'cold');
    const first = buildFromSource({ root, out: cold, now: FIXED_NOW });
    expect(first.rendered).toBe(first.documents);
    expect(diffTrees(readTree(cold), expected)).toEqual([]);

    const warm = buildFromSource({ root, out: cold, now: FIXED_NOW });
    expect(warm.rendered).toBe(0);
    expect(diffTrees(readTree(cold), expected)).toEqual([]);

    if (buildAsync) {
      rmSync(path.join(root, '.quire'), { recursive: true, force: true });
      const parallel = path.join(tempDir(), 'parallel');
      const result = await buildAsync({ root, out: parallel, now: FIXED_NOW, jobs: 2 });
      expect(result.ok).toBe(true);
      expect(diffTrees(readTree(parallel), expected)).toEqual([]);
    }
  });

  it('renders a generated 300-post blog identically on worker threads and on one thread without cache', async () => {
    if (!buildAsync) return;
    const root = tempDir();
    generateCorpus(root, 300);
    const parallel = path.join(tempDir(), 'parallel');
    const result = await buildAsync({ root, out: parallel, now: FIXED_NOW, jobs: 2 });
    expect(result.ok).toBe(true);
    expect(result.rendered).toBeGreaterThanOrEqual(64);
    const reference = path.join(tempDir(), 'reference');
    expect(buildFromSource({ root, out: reference, now: FIXED_NOW, cache: false }).ok).toBe(true);
    expect(diffTrees(readTree(parallel), readTree(reference))).toEqual([]);
  });

  it('re-renders a post whose linked post moved, and only that work', () => {
    const root = sampleSite();
    const out = path.join(tempDir(), 'out');
    expect(buildFromSource({ root, out, now: FIXED_NOW }).ok).toBe(true);
    // The glue post links to the kettle-stitch post; moving that one to July changes its URL.
    const target = path.join(root, 'posts', '2023-06-04-kettle-stitch.md');
    writeFileSync(target, readFileSync(target, 'utf8').replace(/^date: 2023-06-04/m, 'date: 2023-07-04'));
    const result = buildFromSource({ root, out, now: FIXED_NOW });
    expect(result.ok).toBe(true);
    // The moved post itself (new URL), the post linking to it from its body and the bundle that links to it.
    expect(result.rendered).toBeGreaterThanOrEqual(2);
    expect(result.rendered).toBeLessThan(result.posts);
    expect(readFileSync(path.join(out, '2024/03/glue-paper-patience/index.html'), 'utf8')).toContain('/2023/07/the-kettle-stitch-explained/');
    const reference = path.join(tempDir(), 'reference');
    buildFromSource({ root, out: reference, now: FIXED_NOW, cache: false });
    expect(diffTrees(readTree(out), readTree(reference))).toEqual([]);
  });

  it('ignores damaged cache entries instead of serving them', () => {
    const root = sampleSite();
    const out = path.join(tempDir(), 'out');
    expect(buildFromSource({ root, out, now: FIXED_NOW }).ok).toBe(true);
    const cache = path.join(root, '.quire', 'cache', 'render');
    // Damage every entry: HTML swapped for a script.
    damageRenderings(root);
    rmSync(out, { recursive: true });
    expect(buildFromSource({ root, out, now: FIXED_NOW }).ok).toBe(true);
    const reference = path.join(tempDir(), 'reference');
    buildFromSource({ root, out: reference, now: FIXED_NOW, cache: false });
    expect(diffTrees(readTree(out), readTree(reference))).toEqual([]);
    // Then the index itself, every shard cut short: nothing in it is trusted.
    for (const shard of readdirSync(path.join(cache, 'index'))) {
      const file = path.join(cache, 'index', shard);
      writeFileSync(file, readFileSync(file).subarray(0, 40));
    }
    rmSync(out, { recursive: true });
    const again = buildFromSource({ root, out, now: FIXED_NOW });
    expect(again.ok).toBe(true);
    expect(again.rendered).toBe(again.documents);
    expect(diffTrees(readTree(out), readTree(reference))).toEqual([]);
  });

  it('with workers, renders damaged entries in this thread, loading the markdown pipeline only then', async () => {
    if (!buildAsync) return;
    const root = sampleSite();
    // Without comments, nothing else makes the build load the pipeline in this thread.
    rmSync(path.join(root, 'comments'), { recursive: true });
    const out = path.join(tempDir(), 'out');
    expect((await buildAsync({ root, out, now: FIXED_NOW, jobs: 2 })).ok).toBe(true);
    damageRenderings(root);
    rmSync(out, { recursive: true });
    // Without its search index, the build reads every body for the index as well as for its page.
    rmSync(path.join(root, '.quire', 'cache', 'search'), { recursive: true });
    // Every post is cached (the index says so); their pages find the HTML damaged while being written.
    const result = await buildAsync({ root, out, now: FIXED_NOW, jobs: 2 });
    expect(result.ok).toBe(true);
    expect(result.rendered).toBe(0);
    const reference = path.join(tempDir(), 'reference');
    buildFromSource({ root, out: reference, now: FIXED_NOW, cache: false });
    expect(diffTrees(readTree(out), readTree(reference))).toEqual([]);
    // Each problem once, not once per attempt.
    expect(result.diagnostics).toEqual(buildFromSource({ root, out: path.join(tempDir(), 'again'), now: FIXED_NOW }).diagnostics);
  });

  it('rewrites nothing when nothing changed, whether posts came from their files or from the read cache', () => {
    const root = sampleSite();
    const out = path.join(tempDir(), 'out');
    const first = buildFromSource({ root, out, now: FIXED_NOW });
    expect(first.ok).toBe(true);
    expect(first.changed).toBe(first.pages + first.files);
    // The first build read every file; this one takes every post from the read cache.
    const second = buildFromSource({ root, out, now: FIXED_NOW });
    expect([second.rendered, second.changed]).toEqual([0, 0]);
    const file = path.join(root, 'posts', '2024-08-15-python-for-the-bindery.md');
    writeFileSync(file, readFileSync(file, 'utf8') + '\nA new closing line.\n');
    const third = buildFromSource({ root, out, now: FIXED_NOW });
    expect(third.rendered).toBe(1);
    expect(third.changed).toBeGreaterThan(0);
    expect(third.changed).toBeLessThan(third.pages / 2);
  });

  it('keeps the output identical across edits, additions and deletions with output reuse', () => {
    const root = sampleSite();
    const out = path.join(tempDir(), 'out');
    const steps: Array<(posts: string) => void> = [
      () => undefined,
      (posts) => writeFileSync(path.join(posts, '2024-08-15-python-for-the-bindery.md'), readFileSync(path.join(posts, '2024-08-15-python-for-the-bindery.md'), 'utf8') + '\nA new closing line.\n'),
      (posts) => writeFileSync(path.join(posts, '2025-10-01-a-new-post.md'), '---\ntitle: A new post\ntags: [books]\n---\nFresh words.\n'),
      (posts) => rmSync(path.join(posts, '2024-11-30-a-year-of-reading.md')),
      (posts) => writeFileSync(path.join(posts, '2025-10-01-a-new-post.md'), '---\ntitle: A renamed new post\ntags: [Trains]\n---\nFresh words.\n'),
      // What else pages are made of, each changed on its own: the first paragraph (excerpts),
      // a comment, the config, a template, a bundle's files, a scheduled post's time coming.
      (posts) => writeFileSync(path.join(posts, '2023-06-04-kettle-stitch.md'), readFileSync(path.join(posts, '2023-06-04-kettle-stitch.md'), 'utf8').replace(/\n---\n/, '\n---\n\nA new first paragraph.\n\n')),
      // An old post's title: shown by the archive (made from the model alone), not the sidebar.
      (posts) => writeFileSync(path.join(posts, '2023-10-22-kyoto-bookshops.md'), readFileSync(path.join(posts, '2023-10-22-kyoto-bookshops.md'), 'utf8').replace(/^title: .*$/m, 'title: Kyoto, by its bookshops')),
      () => writeFileSync(path.join(root, 'comments', 'hello-marginalia', 'zz9.md'), '---\nauthor: New Reader\ndate: 2024-05-01T10:00:00+00:00\n---\nA late comment.\n'),
      () => writeFileSync(path.join(root, 'quire.config.yaml'), readFileSync(path.join(root, 'quire.config.yaml'), 'utf8').replace('title: Marginalia', 'title: Marginalia, Renamed')),
      () => writeFileSync(path.join(root, 'templates', 'partials', 'post-summary.liquid'), '<article class="summary"><h2><a href="{{ post.url }}">{{ post.title }}</a></h2>{{ post.excerptHtml }}</article>\n'),
      (posts) => writeFileSync(path.join(posts, '2025-04-19-marbled-endpapers', 'extra.txt'), 'a new file in the bundle\n'),
      (posts) => writeFileSync(path.join(posts, '2030-01-01-scheduled.md'), '---\ntitle: Scheduled\ndate: 2030-01-01T09:00:00Z\n---\nNot yet.\n'),
      // The clock passes the scheduled post; two more builds, so the writer's spare copy (two
      // builds old) would show any page whose key failed to change.
      () => undefined,
      () => undefined,
      () => undefined,
    ];
    let now = FIXED_NOW;
    mkdirSync(path.join(root, 'templates', 'partials'), { recursive: true });
    for (const [i, step] of steps.entries()) {
      step(path.join(root, 'posts'));
      if (i >= steps.length - 3) now = Date.parse('2030-01-02T00:00:00Z');
      const result = buildFromSource({ root, out, now });
      expect(result.ok, JSON.stringify(result.diagnostics.filter((d) => d.severity === 'error'))).toBe(true);
      const reference = path.join(tempDir(), 'reference');
      buildFromSource({ root, out: reference, now, cache: false });
      expect(diffTrees(readTree(out), readTree(reference)), `step ${i}`).toEqual([]);
    }
    expect(readTree(out).has('2030/01/scheduled/index.html')).toBe(true);
  });
});
