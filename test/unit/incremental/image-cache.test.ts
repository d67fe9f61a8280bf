/**
 * The image cache: each resized copy is named by its source's bytes, width, format, quality and
 * the engine that made it; copies already made are reused; copies no use asks for are removed.
 * Resizing itself (sharp, in a child process started from a worker thread) is replaced by a stand-in that writes each copy
 * asked for, so these tests see exactly which copies a build would make.
 */
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImagesConfig } from '../../../src/config/site-config.js';
import { makeImages, type ImageUse } from '../../../src/incremental/image-cache.js';
import type { ImageVariant } from '../../../src/markdown/image-plan.js';
import type { ResizeJob } from '../../../src/output/image-task.js';
import { useTempDirs, writeFiles } from '../../support/temp-dir.js';

const resize = vi.hoisted(() => ({ tasks: [] as string[], jobs: [] as ResizeJob[], failing: new Set<string>() }));

vi.mock('../../../src/child-task.js', async (original) => ({
  ...(await original<typeof import('../../../src/child-task.js')>()),
  runChildTask: (task: URL, { jobs }: { jobs: ResizeJob[] }) => {
    resize.tasks.push(task.href);
    resize.jobs.push(...jobs);
    const failed = jobs.filter((job) => resize.failing.has(job.from)).map((job) => ({ from: job.from, message: `cannot decode ${path.basename(job.from)}` }));
    for (const job of jobs) if (!resize.failing.has(job.from)) writeFileSync(job.to, `${job.width} ${job.format} ${job.quality}`);
    return { failed };
  },
}));

const tempDir = useTempDirs('quire-image-cache-');
const settings: ImagesConfig = { widths: [400, 800], formats: ['webp'], quality: 80, sizes: '100vw' };
const engine = 'sharp@0.35.6';

beforeEach(() => {
  resize.tasks.length = 0;
  resize.jobs.length = 0;
  resize.failing.clear();
});

/** A folder of source images (any bytes: nothing decodes them here), each with a fixed modification time. */
function images(files: Record<string, string>): string {
  const root = tempDir();
  writeFiles(root, files);
  for (const name of Object.keys(files)) utimesSync(path.join(root, name), 1_700_000_000, 1_700_000_000);
  return root;
}

const variant = (name: string, width: number, format: ImageVariant['format']): ImageVariant => ({ path: `/blog/images/${name}-${width}.${format}`, width, format });
const use = (file: string, width = 800, format: ImageVariant['format'] = 'webp'): ImageUse => ({ file, variant: variant(path.basename(file), width, format) });

function run(uses: ImageUse[], folder: string, options: { quality?: number; engine?: string } = {}) {
  resize.jobs.length = 0;
  return makeImages(uses, { ...settings, quality: options.quality ?? settings.quality }, folder, '/blog', options.engine ?? engine);
}

/** The cache file name the copy for `one` gets, in a cache of its own. */
function nameOf(one: ImageUse, options: { quality?: number; engine?: string } = {}): string {
  const made = run([one], tempDir(), options);
  expect(made.copies).toHaveLength(1);
  return path.basename(made.copies[0]?.from as string);
}

describe('makeImages', () => {
  it('names a copy by its source bytes, width, format, quality and engine', () => {
    const root = images({ 'a.jpg': 'bytes of a', 'b.jpg': 'bytes of b' });
    const a = path.join(root, 'a.jpg');
    const base = nameOf(use(a));
    expect(base).toMatch(/^[0-9a-f]{64}\.webp$/);
    const others = [
      nameOf(use(path.join(root, 'b.jpg'))),
      nameOf(use(a, 400)),
      nameOf(use(a, 800, 'avif')),
      nameOf(use(a), { quality: 60 }),
      nameOf(use(a), { engine: 'sharp@0.36.0' }),
    ];
    // The hash itself differs, not only the extension.
    expect(new Set([base, ...others].map((name) => path.parse(name).name)).size).toBe(6);
    expect(others[2]).toMatch(/\.avif$/);
    // A JPEG copy is named .jpg.
    expect(nameOf(use(a, 800, 'jpeg'))).toMatch(/^[0-9a-f]{64}\.jpg$/);
  });

  it('keeps the name for the same inputs: another file of the same bytes, another site path, PNG at another quality', () => {
    const root = images({ 'a.jpg': 'same bytes', 'copy-of-a.jpg': 'same bytes', 'p.png': 'png bytes' });
    const a = path.join(root, 'a.jpg');
    expect(nameOf(use(path.join(root, 'copy-of-a.jpg')))).toBe(nameOf(use(a)));
    expect(nameOf({ file: a, variant: { path: '/blog/elsewhere/a.webp', width: 800, format: 'webp' } })).toBe(nameOf(use(a)));
    // PNG is lossless: quality is not one of its inputs.
    const png = path.join(root, 'p.png');
    expect(nameOf(use(png, 800, 'png'), { quality: 60 })).toBe(nameOf(use(png, 800, 'png'), { quality: 90 }));
    expect(nameOf(use(png, 800, 'png'))).toMatch(/\.png$/);
  });

  it('makes each copy once, gives it to every site path that shows it, and reuses it in the next build', () => {
    const root = images({ 'a.jpg': 'same bytes', 'copy-of-a.jpg': 'same bytes', 'b.jpg': 'bytes of b' });
    const folder = tempDir();
    const uses = [
      use(path.join(root, 'a.jpg')),
      use(path.join(root, 'a.jpg')),
      use(path.join(root, 'copy-of-a.jpg')),
      use(path.join(root, 'b.jpg'), 400),
    ];
    const first = run(uses, folder);
    // From the sources a thread task runs in a child process at once: the resizing, through the task that runs it in a child.
    expect(resize.tasks.length).toBeGreaterThan(0);
    expect(resize.tasks.every((task) => task.endsWith('/output/image-child-task.js'))).toBe(true);
    expect(resize.jobs.map((job) => [path.basename(job.from), job.width, job.format, job.quality])).toEqual([['a.jpg', 800, 'webp', 80], ['b.jpg', 400, 'webp', 80]]);
    expect(first).toMatchObject({ processed: 2, reused: 0, failed: [] });
    // One copy per site path (below the base path), two sharing a file.
    expect(first.copies.map((copy) => copy.to)).toEqual(['/images/a.jpg-800.webp', '/images/copy-of-a.jpg-800.webp', '/images/b.jpg-400.webp']);
    expect(first.copies[0]?.from).toBe(first.copies[1]?.from);
    for (const copy of first.copies) expect(path.dirname(copy.from)).toBe(folder);

    resize.tasks.length = 0;
    const second = run(uses, folder);
    expect(resize.tasks).toEqual([]);
    expect(second).toMatchObject({ processed: 0, reused: 2, failed: [] });
    expect(second.copies).toEqual(first.copies);
  });

  it('removes copies no use asks for, and anything else in the folder but sources.json', () => {
    const root = images({ 'a.jpg': 'bytes of a', 'b.jpg': 'bytes of b' });
    const folder = tempDir();
    const a = use(path.join(root, 'a.jpg'));
    const both = run([a, use(path.join(root, 'b.jpg'))], folder);
    const [kept, dropped] = both.copies.map((copy) => copy.from) as [string, string];
    writeFileSync(path.join(folder, 'left-over.webp'), 'from an old build');

    const after = run([a], folder);
    expect(resize.jobs).toEqual([]);
    expect(after.copies.map((copy) => copy.from)).toEqual([kept]);
    expect(readdirSync(folder).sort()).toEqual([path.basename(kept), 'sources.json'].sort());
    expect(existsSync(dropped)).toBe(false);
  });

  it('hashes a source again only when its size or modification time changes', () => {
    const root = images({ 'a.jpg': 'bytes of a' });
    const file = path.join(root, 'a.jpg');
    const folder = tempDir();
    const before = run([use(file)], folder).copies[0]?.from;

    // Other bytes of the same size and time: the stamp in sources.json stands, the file is not read.
    writeFileSync(file, 'bytes of z');
    utimesSync(file, 1_700_000_000, 1_700_000_000);
    const stampsFile = path.join(folder, 'sources.json');
    const saved = statSync(stampsFile).ino;
    expect(run([use(file)], folder).copies[0]?.from).toBe(before);
    expect(resize.jobs).toEqual([]);
    // Nothing new to say of the sources: their stamps are not written again.
    expect(statSync(stampsFile).ino).toBe(saved);

    // A new modification time: hashed again, a new copy made and the old one removed.
    utimesSync(file, 1_700_000_100, 1_700_000_100);
    expect(statSync(file).size).toBe('bytes of a'.length);
    const after = run([use(file)], folder).copies[0]?.from;
    expect(after).not.toBe(before);
    expect(resize.jobs).toHaveLength(1);
    expect(existsSync(before as string)).toBe(false);
  });

  it('leaves out copies that could not be made, and names each failed source once', () => {
    const root = images({ 'good.jpg': 'good bytes', 'bad.jpg': 'bad bytes' });
    const folder = tempDir();
    const bad = path.join(root, 'bad.jpg');
    resize.failing.add(bad);
    const made = run([use(path.join(root, 'good.jpg')), use(bad, 400), use(bad, 800)], folder);
    expect(made.processed).toBe(1);
    expect(made.failed).toEqual([{ file: bad, message: 'cannot decode bad.jpg' }]);
    expect(made.copies.map((copy) => copy.to)).toEqual(['/images/good.jpg-800.webp']);

    // A failed copy is tried again next time.
    resize.failing.clear();
    const retried = run([use(path.join(root, 'good.jpg')), use(bad, 400), use(bad, 800)], folder);
    expect(resize.jobs.map((job) => [path.basename(job.from), job.width])).toEqual([['bad.jpg', 400], ['bad.jpg', 800]]);
    expect(retried).toMatchObject({ processed: 2, reused: 1, failed: [] });
    expect(retried.copies).toHaveLength(3);
  });
});
