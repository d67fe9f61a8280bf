import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { imageSize } from 'image-size';
import type { ImageFormat, ImagesConfig } from '../config/site-config.js';

/** What an image file is, as its header says. */
export interface ImageFacts {
  /** Shown size in pixels, after the EXIF orientation is applied. */
  width: number;
  height: number;
  /** image-size's name for the format: jpg, png, webp, avif, gif, svg, … */
  type: string;
}

/** Formats resized at build time; the rest (GIF, SVG, …) are served as they are. */
const resizable = new Set(['jpg', 'png', 'webp', 'avif']);

/** The output format of a file resized in its own format. */
export type OwnFormat = 'jpeg' | 'png' | 'webp' | 'avif';

/** One file to make from an image: its site path (not URL-encoded), width and format. */
export interface ImageVariant {
  path: string;
  width: number;
  format: ImageFormat | OwnFormat;
}

/** What the page shows for an image: its `<img>` and the `<source>`s before it, and the files behind them. */
export interface ImagePlan {
  src: string;
  width: number;
  height: number;
  /** `<source type srcset>` per offered format, best first; empty for images served as they are. */
  sources: Array<{ type: string; srcset: string }>;
  /** Files to make (the image's own file, when served, is not among them). */
  variants: ImageVariant[];
}

/** Bytes read to find an image's size; the whole file only when its header lies further in (large EXIF blocks). */
const headBytes = 64 * 1024;
/** Where a file's start is read: one for all (a site has thousands of images), used only until its facts are known. */
const scratch = Buffer.allocUnsafe(headBytes);

/**
 * The size and format of the image in `file`, or undefined when it is not an image image-size
 * knows. Reads the file's start only, so checking a cached page's images stays cheap.
 */
export function readImageFacts(file: string): ImageFacts | undefined {
  let head: Buffer;
  try {
    const fd = openSync(file, 'r');
    try {
      head = scratch.subarray(0, readSync(fd, scratch, 0, headBytes, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const size = sizeOf(head) ?? (head.length === headBytes ? sizeOf(readWhole(file)) : undefined);
  if (!size) return undefined;
  // EXIF orientations 5–8 turn the picture a quarter: it shows with width and height swapped.
  const turned = (size.orientation ?? 1) >= 5;
  return { width: turned ? size.height : size.width, height: turned ? size.width : size.height, type: size.type };
}

function sizeOf(bytes: Uint8Array | undefined): { width: number; height: number; type: string; orientation?: number } | undefined {
  if (!bytes) return undefined;
  try {
    const size = imageSize(bytes);
    return size.width && size.height && size.type ? { width: size.width, height: size.height, type: size.type, ...(size.orientation ? { orientation: size.orientation } : {}) } : undefined;
  } catch {
    return undefined;
  }
}

function readWhole(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * The widths an image of `width` pixels is offered in: the configured ones below its own
 * width, and its own width when the largest configured one is wider (never upscaled).
 */
export function offeredWidths(width: number, widths: readonly number[]): number[] {
  const largest = Math.max(...widths);
  const below = widths.filter((w) => w < width);
  return width <= largest ? [...below, width] : below;
}

const mediaTypes: Record<string, string> = { avif: 'image/avif', webp: 'image/webp' };

/**
 * How the image at site path `path` is shown: resized copies in the configured formats through
 * `<picture>`, with its own format at the largest offered width as the `<img>` (the file itself
 * when that is its own width). Names are the image's own with `-<width>w` before the extension;
 * the plan's URLs are encoded, its variants' paths are not.
 */
export function planImage(path: string, facts: ImageFacts, settings: ImagesConfig): ImagePlan {
  const { width, height } = facts;
  const url = encodeURI(path);
  if (!resizable.has(facts.type)) return { src: url, width, height, sources: [], variants: [] };
  const stem = path.replace(/\.[^./]*$/, '');
  const pathOf = (w: number, ext: string) => `${stem}-${w}w.${ext}`;
  const named = (w: number, ext: string) => encodeURI(pathOf(w, ext));
  const widths = offeredWidths(width, settings.widths);
  const variants: ImageVariant[] = [];
  const sources = settings.formats.map((format) => {
    const srcset = widths.map((w) => {
      variants.push({ path: pathOf(w, format), width: w, format });
      return `${named(w, format)} ${w}w`;
    });
    return { type: mediaTypes[format] as string, srcset: srcset.join(', ') };
  });
  const largest = widths[widths.length - 1] as number;
  let src = url;
  if (largest < width) {
    const own: OwnFormat = facts.type === 'jpg' ? 'jpeg' : (facts.type as OwnFormat);
    src = named(largest, facts.type);
    variants.push({ path: pathOf(largest, facts.type), width: largest, format: own });
  }
  return { src, width, height, sources, variants };
}

/** What rendering needs to know of the site's image files. */
export interface SiteImages {
  settings: ImagesConfig;
  /** The file behind a site URL path (a bundle's asset or a static file), if it is one. */
  fileOf: (url: string) => string | undefined;
  /** The file's size and format (see `readImageFacts`). */
  factsOf: (file: string) => ImageFacts | undefined;
}

/** A cached rendering's record of an image it showed: `image:<url>` → `imageOutcome`. */
export const imageDepPrefix = 'image:';

/** Extensions of image files: a missing one is reported, and the build resizes those it finds. */
export const imageExtension = /\.(avif|gif|jpe?g|png|svg|tiff?|webp)$/i;

/** The site URL path an image URL names, or undefined for remote URLs, data and in-page ones. */
export function localPath(url: string): string | undefined {
  if (!url.startsWith('/') || url.startsWith('//')) return undefined;
  const pathOnly = url.replace(/[?#].*$/, '');
  try {
    return decodeURI(pathOnly);
  } catch {
    return pathOnly;
  }
}

/**
 * What an image URL stands for, as a rendering depends on it: the file's size and format, or
 * that no file is there. A cached page stays valid while each of its images gives the same.
 */
export function imageOutcome(url: string, images: Pick<SiteImages, 'fileOf' | 'factsOf'>): string {
  const path = localPath(url);
  const file = path === undefined ? undefined : images.fileOf(path);
  if (!file) return '!missing';
  const facts = images.factsOf(file);
  return facts ? `${facts.width}x${facts.height} ${facts.type}` : '!unreadable';
}

/** The site's images as rendering sees them; each file's facts are read once (by `read`). */
export function siteImages(settings: ImagesConfig, files: ReadonlyMap<string, string>, read: (file: string) => ImageFacts | undefined = readImageFacts): SiteImages {
  const facts = new Map<string, ImageFacts | undefined>();
  return {
    settings,
    fileOf: (url) => files.get(url),
    factsOf: (file) => {
      if (!facts.has(file)) facts.set(file, read(file));
      return facts.get(file);
    },
  };
}
