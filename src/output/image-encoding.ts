/**
 * How each format of resized copy is encoded, beside sharp's defaults. Part of every copy's
 * cache key: a change here makes the copies again.
 *
 * WebP at effort 2 instead of sharp's 4: from effort 3 up, libwebp optimizes rate against
 * distortion, which doubles the time a copy takes. On 121 public photos and screenshots (190
 * copies at 480–1600 px), effort 2 took half the CPU for files 3 % larger and 0.26 dB lower in
 * PSNR; on the generated benchmark's images it took 11.3 s of CPU instead of 21.7 s.
 */
export const encodings = {
  avif: {},
  webp: { effort: 2 },
  jpeg: { mozjpeg: true },
  png: { palette: false },
} as const;

/** The encoding as text, for cache keys. */
export function encodingKey(format: keyof typeof encodings): string {
  return JSON.stringify(encodings[format]);
}
