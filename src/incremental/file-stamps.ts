import { statSync } from 'node:fs';
import type { ImageFacts } from '../markdown/image-plan.js';

/** A file's size and modification time: what says it changed, short of reading it. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

/**
 * The stamps of the site's files as one build first looks at them: a static file or an image
 * is asked about by the output's copy keys, the image cache and the images' sizes, and looked
 * at once. Undefined for a file that is not there.
 * Key: the file's path. Invalid: at the end of the build (each build makes its own).
 */
export function fileStamps(): (file: string) => FileStamp | undefined {
  const stamps = new Map<string, FileStamp | undefined>();
  return (file) => {
    if (stamps.has(file)) return stamps.get(file);
    let stamp: FileStamp | undefined;
    try {
      const stat = statSync(file, { throwIfNoEntry: false });
      stamp = stat?.isFile() ? { size: stat.size, mtimeMs: stat.mtimeMs } : undefined;
    } catch {
      stamp = undefined;
    }
    stamps.set(file, stamp);
    return stamp;
  };
}

/**
 * What a watching process knows of its images' headers between builds (see `readImageFacts`).
 * Key: the image file's path. Invalid: when its stamp differs.
 */
export type ImageFactsMemo = Map<string, { stamp: FileStamp; facts: ImageFacts | undefined }>;

/** `read`, answered from `memo` while a file's stamp is the one its facts were read with. */
export function rememberedFacts(memo: ImageFactsMemo, stampOf: (file: string) => FileStamp | undefined, read: (file: string) => ImageFacts | undefined): (file: string) => ImageFacts | undefined {
  return (file) => {
    const stamp = stampOf(file);
    if (!stamp) {
      memo.delete(file);
      return read(file);
    }
    const kept = memo.get(file);
    if (kept && kept.stamp.size === stamp.size && kept.stamp.mtimeMs === stamp.mtimeMs) return kept.facts;
    const facts = read(file);
    memo.set(file, { stamp, facts });
    return facts;
  };
}
