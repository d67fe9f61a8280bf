import { hash } from 'node:crypto';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { basePath } from '../config/site-config.js';
import { ContentError, diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath } from '../diagnostics/display-path.js';
import { installedVersion } from '../engine-fingerprint.js';
import { rememberedText, type SearchTextMemo } from '../incremental/build-caches.js';
import { startImages, type ImageMaking, type ImageUse } from '../incremental/image-cache.js';
import { SearchIndexer, startSearchIndex, type SearchIndexing } from '../incremental/search-index.js';
import { imageDepPrefix, localPath, planImage, type SiteImages } from '../markdown/image-plan.js';
import { acquireLock } from '../output/lock.js';
import { catchUpSpare, recoverOutput, stagingPaths, stampKey, writeSite, type FileCopy, type ReuseOptions } from '../output/write-site.js';
import { htmlText, searchRecord, searchShard, searchShards, textRecord, type SearchRecord, type SearchShard } from '../render/search-records.js';
import type { SitePost } from '../site/site-post.js';
import type { Configured } from './config-stage.js';
import type { Bodies, BodyMeta } from './markdown-stage.js';
import { keysVersion, type Pages } from './pages-stage.js';
import { cacheDir, fail, resultOf, runNow, type BuildResult, type BuildOptions, type Run } from './run.js';
import type { Modeled } from './site-stage.js';

/**
 * Writes the site: resized images, static files and bundle assets, the pages, and the search
 * index (made on another thread while the pages render). Everything goes into a staging
 * folder, under a lock, that replaces the old output only when all of it was made.
 */
export function writeOutput(run: Run, { config, dirs }: Configured, modeled: Modeled, bodies: Bodies, metas: readonly BodyMeta[], planned: Pages, early?: SearchIndexer): BuildResult {
  const { site } = modeled;
  const { options, outDir } = run;
  // Keyed by the stamps the images' sizes and the image cache look at too: each file is looked at once.
  const copyOf = (from: string, to: string): FileCopy => {
    const stamp = run.stampOf(from);
    return stamp ? { from, to, key: stampKey(from, stamp) } : { from, to };
  };
  const copies: FileCopy[] = modeled.staticFiles.map((file) => copyOf(path.join(dirs.static, file), file));
  for (const post of site.documents) {
    const pageDir = path.posix.dirname(post.outputPath);
    const bundleDir = path.dirname(path.join(dirs.posts, post.source));
    for (const asset of post.assets) copies.push(copyOf(path.join(bundleDir, asset), `${pageDir}/${asset}`));
  }
  const held = acquireLock(stagingPaths(outDir).lock);
  if ('heldBy' in held) {
    return fail(run, [diagnostic('error', 'OutputLocked', { file: displayPath(outDir) },
      `Another quire build (process ${held.heldBy}) is writing this output folder.`, 'Wait for it to finish, or stop it, then build again.')]).failed;
  }
  const later: Array<() => void> = [];
  let resizing: ImageMaking | undefined;
  let indexing: SearchIndexing | undefined;
  try {
    const writeStarted = performance.now();
    // Resized copies of the images the pages show, made where the image cache has none, while
    // the pages render: a page needs only their names and sizes. (Resized copies and search
    // indexes are cached even with `cache: false`: they depend only on their inputs' bytes.)
    resizing = modeled.images && config.images
      ? startImages(imageUses(site.documents, metas, modeled.images.site), config.images, path.join(cacheDir(run.root), 'images'), basePath(config), installedVersion('sharp'), run.stampOf)
      : undefined;
    // Only the search indexes whose documents changed are made again. A watching process serves
    // the last ones while new ones are made, and builds again then; while an earlier build's are
    // still being made, it starts none (the build after them makes what is still missing).
    const watching = options.searchLater;
    const held = watching?.busy() ?? false;
    const shards = site.search && searchShards(site.search, config.language, bodies.bodyKeyOf, indexerVersion());
    const startIndexing = (hold: boolean) => shards && startSearchIndex(shards, recordsOf(bodies, config.language, options.caches), searchDir(run), { hold, early, background: watching !== undefined });
    indexing = startIndexing(held);
    const served = watching && indexing && !indexing.ready() ? indexing.lastCopies() : undefined;
    // Held back with nothing to serve (a shard no build has finished): this build makes and waits for it.
    if (held && indexing && !indexing.ready() && !served) indexing = startIndexing(false);
    const images = resizing;
    const waitedFor = served ? undefined : indexing;
    const reuse = reuseOptions(run.root, outDir);
    if (reuse && options.defer) reuse.defer = (task) => later.push(task);
    recoverOutput(outDir, reuse);
    let written: ReturnType<typeof writeSite>;
    try {
      const late = images || indexing
        ? () => ({ files: images ? imageFiles(run, images) : [], index: served ?? (waitedFor ? searchFiles(run, waitedFor) : []) })
        : undefined;
      written = writeSite(outDir, planned.pages, copies, reuse, late);
      if (served && indexing) {
        const pending = indexing;
        // Held, the watcher already waits for the indexes an earlier build is making.
        if (!held) watching?.wait(() => pending.ready());
        // The indexes go on being made for the next build; this one no longer stops them.
        indexing = undefined;
      }
    } catch (error) {
      planned.keys?.discard();
      // Templates that failed while pages rendered: reported with the rest, nothing swapped in.
      if (error instanceof ContentError) return fail(run, error.diagnostics).failed;
      throw error;
    }
    const { keys, keysFile } = planned;
    if (keys) {
      keys.commit();
      if (keysFile) (options.idle ?? options.defer ?? runNow)(() => keys.save(keysFile, keysVersion()));
    }
    run.timings.pages = performance.now() - writeStarted;
    return resultOf(run, true, {
      posts: site.posts.length, documents: site.documents.length, pages: written.pages, files: written.files, changed: written.changed,
      ...(site.nextScheduled ? { nextScheduled: site.nextScheduled } : {}),
    });
  } finally {
    // Nothing made beside the pages goes on once the build has ended, however it ended.
    resizing?.stop();
    indexing?.stop();
    // The lock is held until the writer's state is saved: another build reads it.
    if (later.length > 0 && options.defer) {
      options.defer(() => {
        try {
          for (const task of later) task();
        } finally {
          held.release();
        }
      });
    } else held.release();
  }
}

/**
 * For a build that waits for its search index (not a watching one, which serves the last): an
 * indexer that starts on each shard once the bodies of all its documents are rendered, while
 * the others still render (the bodies are rendered shard by shard). `writeOutput` takes it.
 */
export function startSearchEarly(run: Run, { config }: Configured, { site }: Modeled, bodies: Bodies): SearchIndexer | undefined {
  const plan = site.search;
  if (!plan || run.options.searchLater) return undefined;
  const indexer = new SearchIndexer(searchDir(run));
  // Only bodies at hand: one that must be rendered again (its cached copy damaged) waits for
  // the output stage, which can load the markdown pipeline here.
  const records = (shard: SearchShard): SearchRecord[] | undefined => {
    const made: SearchRecord[] = [];
    for (const doc of shard.documents) {
      const html = bodies.storedBodyOf(doc.source);
      if (html === undefined) return undefined;
      made.push(searchRecord(doc, html, config.language));
    }
    return made;
  };
  const version = indexerVersion();
  const offer = (shard: number) => indexer.offer(searchShard(plan, shard, config.language, bodies.bodyKeyOf, version), records);
  // How many of each shard's documents are still to render.
  const searched = new Set(plan.documents);
  const shardOf = new Map<number, number>();
  const waiting = plan.bundles.map(() => 0);
  for (const index of bodies.misses) {
    const doc = site.documents[index] as SitePost;
    if (!searched.has(doc)) continue;
    const shard = plan.shardOf(doc);
    shardOf.set(index, shard);
    waiting[shard] = (waiting[shard] as number) + 1;
  }
  bodies.whenAccepted((index) => {
    const shard = shardOf.get(index);
    if (shard === undefined) return;
    waiting[shard] = (waiting[shard] as number) - 1;
    if (waiting[shard] === 0) offer(shard);
  });
  waiting.forEach((left, shard) => {
    if (left === 0) offer(shard);
  });
  return indexer;
}

function searchDir(run: Run): string {
  return path.join(cacheDir(run.root), 'search');
}

function indexerVersion(): string {
  return `pagefind ${installedVersion('pagefind')}`;
}

/** Each shard's records; a watching process keeps the bodies' text for the next save's. */
function recordsOf(bodies: Bodies, language: string, caches: BuildOptions['caches']): (shard: SearchShard) => SearchRecord[] {
  if (!caches) return (shard) => shard.documents.map((doc) => searchRecord(doc, bodies.bodyOf(doc.source), language));
  const memo: SearchTextMemo = (caches.searchTexts ??= new Map());
  return (shard) => shard.documents.map((doc) =>
    textRecord(doc, rememberedText(memo, doc.source, bodies.bodyKeyOf(doc.source), () => htmlText(bodies.bodyOf(doc.source))), language));
}

/** The resized images for the output, once they are made; an image that could not be resized is an error of the build. */
function imageFiles(run: Run, resizing: ImageMaking): readonly FileCopy[] {
  const made = resizing.finish();
  run.report.images = { processed: made.processed, reused: made.reused };
  const problems = made.failed.map((failure) => diagnostic('error', 'ImageFailed', { file: displayPath(failure.file) }, `This image could not be resized: ${failure.message}`,
    'Open it in an image editor and save it again, or replace it.'));
  if (problems.length > 0) throw new ContentError(problems);
  return made.copies;
}

/** The search index's files for the output, once it is made; a failure is an error of the build. */
function searchFiles(run: Run, indexing: SearchIndexing): readonly FileCopy[] {
  let made: ReturnType<SearchIndexing['finish']>;
  try {
    made = indexing.finish(run.options.defer);
  } catch (error) {
    throw new ContentError([diagnostic('error', 'SearchFailed', { file: displayPath(run.outDir) },
      `The search index could not be made: ${error instanceof Error ? error.message : String(error)}`,
      'Build again; if it fails again, set search: false in the config and report the message.')]);
  }
  run.report.search = { indexed: made.indexed, reused: made.reused };
  return made.copies;
}

/** The resized copies each page's images ask for, from what their renderings recorded. */
function imageUses(documents: readonly SitePost[], metas: readonly BodyMeta[], images: SiteImages): ImageUse[] {
  const uses: ImageUse[] = [];
  documents.forEach((_post, i) => {
    for (const [dep] of metas[i]?.deps ?? []) {
      if (!dep.startsWith(imageDepPrefix)) continue;
      const sitePath = localPath(dep.slice(imageDepPrefix.length));
      const file = sitePath === undefined ? undefined : images.fileOf(sitePath);
      const facts = file && images.factsOf(file);
      if (!file || !facts || sitePath === undefined) continue;
      for (const variant of planImage(sitePath, facts, images.settings).variants) uses.push({ file, variant });
    }
  });
  return uses;
}

/**
 * Between builds of a watching process: brings the writer's spare copy of the output up to
 * date (see `catchUpSpare`), so the next build writes only what it changes. Does nothing while
 * another build holds the output. Returns the files linked or removed.
 */
export function catchUpOutput(options: Pick<BuildOptions, 'root' | 'out'>): number {
  const root = path.resolve(options.root ?? '.');
  const outDir = path.resolve(root, options.out ?? 'dist');
  const held = acquireLock(stagingPaths(outDir).lock);
  if ('heldBy' in held) return 0;
  try {
    const reuse = reuseOptions(root, outDir);
    return reuse ? catchUpSpare(outDir, reuse) : 0;
  } finally {
    held.release();
  }
}

/**
 * Where the writer keeps the spare copy of the output: in the cache folder, when that is on the
 * same file system as the output (swapping copies is a rename); otherwise nothing is reused.
 */
function reuseOptions(root: string, outDir: string): ReuseOptions | undefined {
  const stateDir = writerStateDir(root, outDir);
  try {
    mkdirSync(stateDir, { recursive: true });
    mkdirSync(path.dirname(outDir), { recursive: true });
    return statSync(stateDir).dev === statSync(path.dirname(outDir)).dev ? { stateDir } : undefined;
  } catch {
    return undefined;
  }
}

/** Where the writer keeps its state and spare copy of the output folder `outDir` (absolute). */
function writerStateDir(root: string, outDir: string): string {
  return path.join(cacheDir(root), `out-${hash('sha256', outDir).slice(0, 16)}`);
}

/** Removes an output folder no build will write again, with the writer's spare copy of it. */
export function removeOutput(root: string, outDir: string): void {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(writerStateDir(root, outDir), { recursive: true, force: true });
}
