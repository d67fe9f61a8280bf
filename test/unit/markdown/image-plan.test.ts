import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { defaultConfig, type ImagesConfig } from '../../../src/config/site-config.js';
import { imageOutcome, localPath, offeredWidths, planImage, readImageFacts } from '../../../src/markdown/image-plan.js';

const settings = defaultConfig.images as ImagesConfig;

describe('offeredWidths', () => {
  it('offers the configured widths below the image, and its own width when the largest is wider', () => {
    expect(offeredWidths(3600, [480, 960, 1600])).toEqual([480, 960, 1600]);
    expect(offeredWidths(1000, [480, 960, 1600])).toEqual([480, 960, 1000]);
    expect(offeredWidths(960, [480, 960, 1600])).toEqual([480, 960]);
    expect(offeredWidths(300, [480, 960, 1600])).toEqual([300]);
  });

  it('never offers a width above the image\'s own', () => {
    for (let width = 1; width < 4000; width += 37) {
      const offered = offeredWidths(width, [480, 960, 1600]);
      expect(Math.max(...offered)).toBeLessThanOrEqual(width);
      expect(offered).toEqual([...new Set(offered)].sort((a, b) => a - b));
    }
  });
});

describe('planImage', () => {
  it('names copies after the image, encodes their URLs, and keeps the file itself when no copy is smaller', () => {
    const plan = planImage('/a b/photo.jpg', { width: 1200, height: 800, type: 'jpg' }, settings);
    expect(plan.src).toBe('/a%20b/photo.jpg');
    expect(plan.sources).toEqual([{ type: 'image/webp', srcset: '/a%20b/photo-480w.webp 480w, /a%20b/photo-960w.webp 960w, /a%20b/photo-1200w.webp 1200w' }]);
    expect(plan.variants.map((v) => [v.path, v.width, v.format])).toEqual([
      ['/a b/photo-480w.webp', 480, 'webp'], ['/a b/photo-960w.webp', 960, 'webp'], ['/a b/photo-1200w.webp', 1200, 'webp'],
    ]);
  });

  it('serves GIF and SVG as they are, with their size', () => {
    expect(planImage('/x.gif', { width: 50, height: 40, type: 'gif' }, settings)).toEqual({ src: '/x.gif', width: 50, height: 40, sources: [], variants: [] });
    expect(planImage('/x.svg', { width: 50, height: 40, type: 'svg' }, settings).variants).toEqual([]);
  });
});

describe('readImageFacts and imageOutcome', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'quire-image-facts-'));

  it('reads the size from the file\'s start, also behind a large EXIF block', async () => {
    const file = path.join(dir, 'big-exif.jpg');
    const jpeg = await sharp({ create: { width: 64, height: 32, channels: 3, background: '#000' } }).jpeg().toBuffer();
    // Two 60 KB APP1 segments after the start marker put the frame header past the first 64 KiB.
    const segment = Buffer.concat([Buffer.from([0xff, 0xe1, 0xea, 0x62]), Buffer.alloc(60_000, 0x20)]);
    const padded = Buffer.concat([jpeg.subarray(0, 2), segment, segment, jpeg.subarray(2)]);
    expect(padded.length).toBeGreaterThan(120_000);
    writeFileSync(file, padded);
    expect(readImageFacts(file)).toEqual({ width: 64, height: 32, type: 'jpg' });
  });

  it('gives nothing for a file that is not an image, or is not there', () => {
    const file = path.join(dir, 'text.png');
    writeFileSync(file, 'not an image');
    expect(readImageFacts(file)).toBeUndefined();
    expect(readImageFacts(path.join(dir, 'absent.png'))).toBeUndefined();
  });

  it('names what a page depends on: the size and type, or that the file is missing', async () => {
    const file = path.join(dir, 'dot.png');
    writeFileSync(file, await sharp({ create: { width: 3, height: 2, channels: 3, background: '#fff' } }).png().toBuffer());
    const images = { fileOf: (p: string) => (p === '/dot.png' ? file : undefined), factsOf: readImageFacts };
    expect(imageOutcome('/dot.png?v=2', images)).toBe('3x2 png');
    expect(imageOutcome('/gone.png', images)).toBe('!missing');
  });

  it('takes local paths only, decoded', () => {
    expect(localPath('/a%20b.png#x')).toBe('/a b.png');
    expect(localPath('//cdn.example/x.png')).toBeUndefined();
    expect(localPath('https://cdn.example/x.png')).toBeUndefined();
  });
});
