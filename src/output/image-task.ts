import { existsSync, mkdirSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { encodings } from './image-encoding.js';

/** One resized copy to make: from a source image to a cache file. */
export interface ResizeJob {
  from: string;
  to: string;
  width: number;
  format: 'avif' | 'webp' | 'jpeg' | 'png';
  quality: number;
}

/** The copies to make, and a file whose appearance asks the task to stop. */
export interface ResizeInput {
  jobs: readonly ResizeJob[];
  stopFile?: string;
}

/**
 * Makes resized copies with sharp (run through `runChildTask`): damaged files decoded as far as
 * they go, as browsers show them; turned upright by their EXIF orientation; metadata left out;
 * each written under a temporary name and renamed into place, so a cache file is whole or absent.
 */
export default async function resizeImages({ jobs, stopFile }: ResizeInput): Promise<{ failed: Array<{ from: string; message: string }> }> {
  const failed: Array<{ from: string; message: string }> = [];
  let next = 0;
  // One image per core at a time, and no libvips operation cache: a decoded photo is tens of
  // megabytes, and each copy decodes its file again anyway (JPEGs shrunk while decoding).
  sharp.cache(false);
  const lanes = Math.max(1, Math.min(jobs.length, os.availableParallelism()));
  await Promise.all(Array.from({ length: lanes }, async () => {
    // A build that ended early leaves this file: what is not made yet is left undone.
    while (next < jobs.length && !(stopFile !== undefined && existsSync(stopFile))) {
      const job = jobs[next++] as ResizeJob;
      try {
        mkdirSync(path.dirname(job.to), { recursive: true });
        const temporary = `${job.to}.${process.pid}.tmp`;
        let image = sharp(job.from, { failOn: 'none' }).rotate().resize({ width: job.width, withoutEnlargement: true });
        image = job.format === 'avif' ? image.avif({ ...encodings.avif, quality: job.quality })
          : job.format === 'webp' ? image.webp({ ...encodings.webp, quality: job.quality })
            : job.format === 'jpeg' ? image.jpeg({ ...encodings.jpeg, quality: job.quality })
              : image.png(encodings.png);
        await image.toFile(temporary);
        renameSync(temporary, job.to);
      } catch (error) {
        failed.push({ from: job.from, message: (error as Error).message });
      }
    }
  }));
  return { failed };
}
