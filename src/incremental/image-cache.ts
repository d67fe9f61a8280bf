import { hash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-file.js';
import type { ImagesConfig } from '../config/site-config.js';
import type { ImageVariant } from '../markdown/image-plan.js';
import { encodingKey } from '../output/image-encoding.js';
import type { ResizeInput, ResizeJob } from '../output/image-task.js';
import type { FileCopy } from '../output/write-site.js';
import { namesIn } from './folder-names.js';
import { startThreadTask } from '../thread-task.js';
import { fileStamps, type FileStamp } from './file-stamps.js';

/**
 * The resized copies of the site's images, in `.quire/cache/images/`.
 *
 * Key: a copy is named by the hash of its source's bytes, its width, format, quality and
 * encoding (`image-encoding.ts`), and the sharp version that made it; it is never invalid,
 * only unused, and unused copies are removed after each build. Source hashes are kept by file, size and modification time
 * (`sources.json`), so a warm build reads no image whole.
 */
export interface ImageUse {
  /** The source image file. */
  file: string;
  variant: ImageVariant;
}

export interface MadeImages {
  copies: FileCopy[];
  /** Copies made by this build (the rest came from the cache). */
  processed: number;
  reused: number;
  failed: Array<{ file: string; message: string }>;
}

interface SourceStamp {
  size: number;
  mtimeMs: number;
  hash: string;
}

/** Resized copies being made: `finish` waits for them. */
export interface ImageMaking {
  finish(): MadeImages;
  /** Stops the resizing (a build that fails before writing). */
  stop(): void;
}

/** The copies `uses` ask for, made where the cache has none (see `startImages`), waited for. */
export function makeImages(uses: readonly ImageUse[], settings: ImagesConfig, folder: string, basePath: string, engine: string): MadeImages {
  return startImages(uses, settings, folder, basePath, engine).finish();
}

/**
 * Starts making the copies `uses` ask for where the cache has none, beside this thread (pages
 * need only the copies' names and sizes, known now); `finish` gives them as output copies: `to`
 * is the variant's site path below `basePath`. `stampOf` gives a source's size and time (the
 * build's own, which the rest of it asked already).
 */
export function startImages(uses: readonly ImageUse[], settings: ImagesConfig, folder: string, basePath: string, engine: string, stampOf: (file: string) => FileStamp | undefined = fileStamps()): ImageMaking {
  mkdirSync(folder, { recursive: true });
  const stampsFile = path.join(folder, 'sources.json');
  const { stamps: known, text: knownText } = readStamps(stampsFile);
  // One listing says which copies the cache holds: a site has thousands.
  const held = new Set(namesIn(folder));
  const stamps: Record<string, SourceStamp> = {};
  const sourceHash = (file: string): string => {
    const stat = stampOf(file) ?? statSync(file);
    const was = stamps[file] ?? known[file];
    const stamp = was && was.size === stat.size && was.mtimeMs === stat.mtimeMs ? was : { size: stat.size, mtimeMs: stat.mtimeMs, hash: hash('sha256', readFileSync(file)) };
    stamps[file] = stamp;
    return stamp.hash;
  };
  const copies: FileCopy[] = [];
  const jobs: ResizeJob[] = [];
  const planned = new Set<string>();
  const placed = new Set<string>();
  let reused = 0;
  for (const { file, variant } of uses) {
    if (placed.has(variant.path)) continue;
    placed.add(variant.path);
    const ext = variant.format === 'jpeg' ? 'jpg' : variant.format;
    const quality = variant.format === 'png' ? 0 : settings.quality;
    const key = hash('sha256', `${sourceHash(file)}\0${variant.width}\0${variant.format}\0${quality}\0${encodingKey(variant.format)}\0${engine}`);
    const cached = path.join(folder, `${key}.${ext}`);
    // Named by a hash of what it is made from: the name stands for the contents. Made under
    // another name and renamed into place, a cached copy never changes: the output links it.
    copies.push({ from: cached, to: variant.path.slice(basePath.length), key: `image:${key}`, linked: true });
    if (planned.has(cached)) continue;
    planned.add(cached);
    if (held.has(path.basename(cached))) reused++;
    else jobs.push({ from: file, to: cached, width: variant.width, format: variant.format, quality });
  }
  // The child outlives a stopped thread (it is waited for synchronously there): a build that
  // ends early asks it to stop with this file instead.
  const stopFile = path.join(folder, `stop-${process.pid}-${randomUUID()}`);
  const input: ResizeInput = { jobs, stopFile };
  const task = jobs.length > 0 ? startThreadTask<{ failed: Array<{ from: string; message: string }> }>(new URL('../output/image-child-task.js', import.meta.url), input) : undefined;
  let finished = false;
  return {
    finish() {
      finished = true;
      const { failed } = task ? task.wait() : { failed: [] };
      const text = JSON.stringify(stamps);
      if (text !== knownText) writeFileAtomic(stampsFile, text);
      // What the folder holds now that the copies are made: those that failed are not there.
      const made = new Set<string>();
      for (const name of namesIn(folder)) {
        const file = path.join(folder, name);
        // A stop file is seen within an image's time; one older than a minute has done its work.
        const stale = name.startsWith('stop-') ? Date.now() - (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0) > 60_000 : name !== 'sources.json' && !planned.has(file);
        if (stale) rmSync(file, { force: true });
        else made.add(name);
      }
      const broken = new Set(failed.map((f) => f.from));
      return {
        copies: copies.filter((copy) => made.has(path.basename(copy.from))),
        processed: jobs.length - failed.length,
        reused,
        failed: [...broken].map((file) => ({ file, message: failed.find((f) => f.from === file)?.message ?? '' })),
      };
    },
    stop: () => {
      if (!task || finished) return;
      finished = true;
      writeFileSync(stopFile, '');
      task.stop();
    },
  };
}

/** The source stamps a build saved, and the text they were saved as (not written again when unchanged). */
function readStamps(file: string): { stamps: Record<string, SourceStamp>; text: string | undefined } {
  try {
    const text = readFileSync(file, 'utf8');
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' ? { stamps: parsed as Record<string, SourceStamp>, text } : { stamps: {}, text: undefined };
  } catch {
    return { stamps: {}, text: undefined };
  }
}
