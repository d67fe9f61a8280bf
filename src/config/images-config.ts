import { defaultConfig, type ImageFormat, type ImagesConfig } from './site-config.js';
import { describe, isRecord } from './values.js';

type Fail = (path: string, message: string, hint?: string) => void;

const formats: readonly ImageFormat[] = ['avif', 'webp'];
const keys = ['widths', 'formats', 'quality', 'sizes'];

/** `images: false`, or `images: { widths, formats, quality, sizes }` over the defaults. */
export function readImages(raw: unknown, fail: Fail): ImagesConfig | false {
  const defaults = defaultConfig.images as ImagesConfig;
  if (raw === false) return false;
  if (raw === true) return defaults;
  if (!isRecord(raw)) {
    fail('images', `"images" must be false or a mapping, not ${describe(raw)}.`, 'images: { widths: [480, 960, 1600], formats: [webp] }, or images: false to copy images as they are.');
    return defaults;
  }
  const images: ImagesConfig = { ...defaults };
  for (const key of Object.keys(raw)) {
    if (!keys.includes(key)) fail(`images.${key}`, `Unknown key "images.${key}".`, `"images" has ${keys.join(', ')}.`);
  }
  if (raw.widths !== undefined) {
    const widths = raw.widths;
    if (Array.isArray(widths) && widths.length > 0 && widths.every((w) => Number.isInteger(w) && (w as number) >= 16 && (w as number) <= 8192)) {
      images.widths = [...new Set(widths as number[])].sort((a, b) => a - b);
    } else fail('images.widths', `"images.widths" must be a list of whole numbers of pixels from 16 to 8192, not ${describe(widths)}.`, 'images: { widths: [480, 960, 1600] }');
  }
  if (raw.formats !== undefined) {
    const list = raw.formats;
    if (Array.isArray(list) && list.every((f) => formats.includes(f as ImageFormat))) images.formats = [...new Set(list as ImageFormat[])];
    else fail('images.formats', `"images.formats" must be a list of ${formats.join(' and ')} (or empty), not ${describe(list)}.`, 'images: { formats: [webp] }: AVIF files are smaller and take about ten times longer to make.');
  }
  if (raw.quality !== undefined) {
    const q = raw.quality;
    if (Number.isInteger(q) && (q as number) >= 1 && (q as number) <= 100) images.quality = q as number;
    else fail('images.quality', `"images.quality" must be a whole number from 1 to 100, not ${describe(q)}.`);
  }
  if (raw.sizes !== undefined) {
    if (typeof raw.sizes === 'string' && raw.sizes.trim() !== '') images.sizes = raw.sizes.trim();
    else fail('images.sizes', `"images.sizes" must be the text of a sizes attribute, not ${describe(raw.sizes)}.`, 'images: { sizes: "(min-width: 44rem) 40rem, 100vw" }');
  }
  return images;
}
