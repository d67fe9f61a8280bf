/**
 * Images of posts, built end to end: sizes, resized copies through `<picture>`, lazy loading,
 * the image cache (a warm build resizes nothing), missing files as errors, and `images: false`.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { imageSize } from 'image-size';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { FIXED_NOW } from '../support/clock.js';
import { all, attr, one, readPage } from '../support/html.js';
import { useTempDirs } from '../support/temp-dir.js';
import { diffTrees, readTree } from '../support/tree.js';

const tempDir = useTempDirs('quire-images-');

const photo = (width: number, height: number, colour = '#3050a0') =>
  sharp({ create: { width, height, channels: 3, background: colour } }).jpeg({ quality: 70 }).toBuffer();

const post = (title: string, body: string) => `---\ntitle: ${title}\ndate: 2024-05-01T10:00:00Z\n---\n\n${body}\n`;

async function site(config = ''): Promise<string> {
  const root = tempDir();
  const write = (file: string, data: string | Buffer) => {
    const full = path.join(root, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, data);
  };
  write('quire.config.yaml', `title: Pictures\nbaseUrl: https://pictures.example/\n${config}`);
  write('posts/2024-05-01-trip/index.md', post('Trip', [
    '![The harbour at dawn](harbour.jpg "Dawn")',
    '',
    'Some words between the pictures.',
    '',
    '![A small map](/images/map.png)',
    '',
    '![A drawing](sketch.svg)',
    '',
    '![Elsewhere](https://cdn.example.org/far.jpg)',
  ].join('\n')));
  write('posts/2024-05-01-trip/harbour.jpg', await photo(2000, 1000));
  write('posts/2024-05-01-trip/sketch.svg', '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"><rect width="60" height="40"/></svg>\n');
  write('static/images/map.png', await sharp({ create: { width: 600, height: 400, channels: 3, background: '#208040' } }).png().toBuffer());
  write('posts/2024-05-02-upright.md', post('Upright', '![Turned](/images/turned.jpg)'));
  // Stored 300×200 with EXIF orientation 6: it shows 200 wide and 300 high.
  write('static/images/turned.jpg', await sharp({ create: { width: 300, height: 200, channels: 3, background: '#a03030' } }).withMetadata({ orientation: 6 }).jpeg().toBuffer());
  return root;
}

let root: string;
let first: ReturnType<typeof build>;
beforeAll(async () => {
  root = await site();
  first = build({ root, now: FIXED_NOW });
});

const dist = (...parts: string[]) => path.join(root, 'dist', ...parts);

describe('a post with a photo, a static image, a drawing and a remote image', () => {
  it('builds, resizing the photo and the map', () => {
    expect(first.diagnostics).toEqual([]);
    expect(first.ok).toBe(true);
    // Photo: webp 480, 960, 1600 and jpeg 1600; map (600 wide): webp 480 and 600; turned (200 wide): webp 200.
    expect(first.images).toEqual({ processed: 7, reused: 0 });
  });

  it('offers the photo in WebP at widths up to 1600, with a JPEG of 1600 as the img, sized and loaded first', () => {
    const { doc } = readPage(dist(), '2024/05/trip/index.html');
    const body = one(doc, 'div', (el) => (attr(el, 'class') ?? '').split(' ').includes('post-body'));
    const picture = all(body, 'picture')[0];
    expect(picture).toBeDefined();
    const source = one(picture!, 'source');
    expect(attr(source, 'type')).toBe('image/webp');
    expect(attr(source, 'srcset')).toBe('/2024/05/trip/harbour-480w.webp 480w, /2024/05/trip/harbour-960w.webp 960w, /2024/05/trip/harbour-1600w.webp 1600w');
    expect(attr(source, 'sizes')).toBe('(min-width: 44rem) 40rem, 100vw');
    const img = one(picture!, 'img');
    expect(attr(img, 'src')).toBe('/2024/05/trip/harbour-1600w.jpg');
    expect([attr(img, 'width'), attr(img, 'height')]).toEqual(['2000', '1000']);
    expect(attr(img, 'alt')).toBe('The harbour at dawn');
    expect(attr(img, 'title')).toBe('Dawn');
    // The first image of the post loads at once; it is likely what the reader sees first.
    expect(attr(img, 'loading')).toBeUndefined();
    expect(attr(img, 'decoding')).toBe('async');
    for (const [file, width] of [['harbour-480w.webp', 480], ['harbour-960w.webp', 960], ['harbour-1600w.webp', 1600], ['harbour-1600w.jpg', 1600]] as const) {
      const size = imageSize(readFileSync(dist('2024/05/trip', file)));
      expect([file, size.width, size.height]).toEqual([file, width, width / 2]);
    }
    // The original stays beside the page, for links to it.
    expect(imageSize(readFileSync(dist('2024/05/trip/harbour.jpg'))).width).toBe(2000);
  });

  it('never makes a copy wider than the image: the map is offered at 480 and its own 600, as itself', () => {
    const { doc } = readPage(dist(), '2024/05/trip/index.html');
    const img = one(doc, 'img', (el) => attr(el, 'alt') === 'A small map');
    expect(attr(img, 'src')).toBe('/images/map.png');
    expect(attr(img, 'loading')).toBe('lazy');
    expect([attr(img, 'width'), attr(img, 'height')]).toEqual(['600', '400']);
    const source = one(doc, 'source', (el) => (attr(el, 'srcset') ?? '').includes('map-'));
    expect(attr(source, 'srcset')).toBe('/images/map-480w.webp 480w, /images/map-600w.webp 600w');
    expect(imageSize(readFileSync(dist('images/map-600w.webp'))).width).toBe(600);
  });

  it('gives the drawing its size and leaves remote images as written', () => {
    const { doc } = readPage(dist(), '2024/05/trip/index.html');
    const sketch = one(doc, 'img', (el) => attr(el, 'alt') === 'A drawing');
    expect([attr(sketch, 'src'), attr(sketch, 'width'), attr(sketch, 'height'), attr(sketch, 'loading')]).toEqual(['/2024/05/trip/sketch.svg', '120', '80', 'lazy']);
    const far = one(doc, 'img', (el) => attr(el, 'alt') === 'Elsewhere');
    expect(far.attribs).toEqual({ src: 'https://cdn.example.org/far.jpg', alt: 'Elsewhere' });
  });

  it('sizes an image by how it shows: EXIF orientation turns it upright', () => {
    const { doc } = readPage(dist(), '2024/05/upright/index.html');
    const img = one(doc, 'img', (el) => attr(el, 'alt') === 'Turned');
    expect([attr(img, 'width'), attr(img, 'height')]).toEqual(['200', '300']);
    const copy = imageSize(readFileSync(dist('images/turned-200w.webp')));
    expect([copy.width, copy.height]).toEqual([200, 300]);
  });

  it('gives feeds absolute URLs in srcset too', () => {
    const atom = readFileSync(dist('atom.xml'), 'utf8');
    expect(atom).toContain('srcset="https://pictures.example/2024/05/trip/harbour-480w.webp 480w, https://pictures.example/2024/05/trip/harbour-960w.webp 960w');
  });
});

describe('the image cache', () => {
  it('resizes nothing in a warm build, and writes the same site', () => {
    const before = readTree(dist());
    const warm = build({ root, now: FIXED_NOW });
    expect(warm.ok).toBe(true);
    expect(warm.images).toEqual({ processed: 0, reused: 7 });
    expect(warm.rendered).toBe(0);
    expect(diffTrees(readTree(dist()), before)).toEqual([]);
    // Each resized copy in the output is a link to the cache's copy, the image itself a copy of the source.
    const cached = new Set(readdirSync(path.join(root, '.quire', 'cache', 'images')).map((name) => statSync(path.join(root, '.quire', 'cache', 'images', name)).ino));
    expect(cached.has(statSync(path.join(dist(), '2024/05/trip/harbour-480w.webp')).ino)).toBe(true);
    expect(cached.has(statSync(path.join(dist(), '2024/05/trip/harbour-1600w.jpg')).ino)).toBe(true);
    expect(statSync(path.join(dist(), 'images/map.png')).ino).not.toBe(statSync(path.join(root, 'static/images/map.png')).ino);
  });

  it('resizes a replaced image again, and renders the page that shows it with its new size', async () => {
    const other = await site();
    expect(build({ root: other, now: FIXED_NOW }).ok).toBe(true);
    writeFileSync(path.join(other, 'static/images/map.png'), await sharp({ create: { width: 500, height: 500, channels: 3, background: '#804020' } }).png().toBuffer());
    const again = build({ root: other, now: FIXED_NOW });
    expect(again.ok).toBe(true);
    // Only the trip shows the map; the map's two copies are made anew.
    expect(again.rendered).toBe(1);
    expect(again.images).toEqual({ processed: 2, reused: 5 });
    const img = one(readPage(path.join(other, 'dist'), '2024/05/trip/index.html').doc, 'img', (el) => attr(el, 'alt') === 'A small map');
    expect([attr(img, 'width'), attr(img, 'height')]).toEqual(['500', '500']);
    // And the result is what a clean build gives.
    const clean = build({ root: other, out: 'clean', now: FIXED_NOW, cache: false });
    expect(clean.ok).toBe(true);
    expect(diffTrees(readTree(path.join(other, 'dist')), readTree(path.join(other, 'clean')))).toEqual([]);
  });
});

describe('problems and switches', () => {
  it('reports an image with no file behind it at its line, and leaves the output as it was', async () => {
    const broken = await site();
    expect(build({ root: broken, now: FIXED_NOW }).ok).toBe(true);
    const before = readTree(path.join(broken, 'dist'));
    writeFileSync(path.join(broken, 'posts/2024-05-02-upright.md'), post('Upright', 'Text first.\n\n![Gone](/images/gone.jpg)'));
    const result = build({ root: broken, now: FIXED_NOW });
    expect(result.ok).toBe(false);
    const problem = result.diagnostics.find((d) => d.code === 'MissingImage');
    expect(problem).toMatchObject({ severity: 'error', file: path.join(broken, 'posts/2024-05-02-upright.md'), line: 8, column: 1 });
    expect(problem?.message).toContain('"/images/gone.jpg"');
    expect(diffTrees(readTree(path.join(broken, 'dist')), before)).toEqual([]);
  });

  it('reports an image that cannot be resized as an error naming it, once the pages are made, and leaves the output as it was', async () => {
    const broken = await site();
    expect(build({ root: broken, now: FIXED_NOW }).ok).toBe(true);
    const before = readTree(path.join(broken, 'dist'));
    // Its size can be read from its first bytes, so the page is made; the picture itself cannot be decoded.
    const cut = (await photo(900, 500, '#806020')).subarray(0, 200);
    writeFileSync(path.join(broken, 'static/images/cut.jpg'), cut);
    writeFileSync(path.join(broken, 'posts/2024-05-02-upright.md'), post('Upright', '![Cut](/images/cut.jpg)'));
    const result = build({ root: broken, now: FIXED_NOW });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => [d.severity, d.code, d.file])).toEqual([['error', 'ImageFailed', path.join(broken, 'static/images/cut.jpg')]]);
    expect(diffTrees(readTree(path.join(broken, 'dist')), before)).toEqual([]);
    // Fixed, the next build writes it.
    writeFileSync(path.join(broken, 'static/images/cut.jpg'), await photo(900, 500, '#806020'));
    expect(build({ root: broken, now: FIXED_NOW }).ok).toBe(true);
  });

  it('with images: false, copies images as they are and resizes none', async () => {
    const plain = await site('images: false\n');
    const result = build({ root: plain, now: FIXED_NOW });
    expect(result.ok).toBe(true);
    expect(result.images).toBeUndefined();
    const { doc } = readPage(path.join(plain, 'dist'), '2024/05/trip/index.html');
    expect(all(doc, 'picture')).toEqual([]);
    expect(one(doc, 'img', (el) => attr(el, 'alt') === 'The harbour at dawn').attribs).toEqual({ src: '/2024/05/trip/harbour.jpg', alt: 'The harbour at dawn', title: 'Dawn' });
    expect(readTree(path.join(plain, 'dist')).has('2024/05/trip/harbour-480w.webp')).toBe(false);
  });

  it('offers AVIF before WebP when the config asks for it', async () => {
    const avif = await site('images: { formats: [avif, webp], widths: [320] }\n');
    const result = build({ root: avif, now: FIXED_NOW });
    expect(result.ok).toBe(true);
    const { doc } = readPage(path.join(avif, 'dist'), '2024/05/trip/index.html');
    const picture = all(doc, 'picture')[0]!;
    expect(all(picture, 'source').map((s) => [attr(s, 'type'), attr(s, 'srcset')])).toEqual([
      ['image/avif', '/2024/05/trip/harbour-320w.avif 320w'],
      ['image/webp', '/2024/05/trip/harbour-320w.webp 320w'],
    ]);
    expect(attr(one(picture, 'img'), 'src')).toBe('/2024/05/trip/harbour-320w.jpg');
    expect(imageSize(readFileSync(path.join(avif, 'dist/2024/05/trip/harbour-320w.avif'))).type).toBe('avif');
  });
});
