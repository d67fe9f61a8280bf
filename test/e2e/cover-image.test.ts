/**
 * A post's cover image (front matter `image:`): in its page's Open Graph and Twitter tags and
 * its JSON-LD, resolved against the post's own folder; a post without one keeps the small card.
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { FIXED_NOW } from '../support/clock.js';
import { all, attr, one, readPage, text } from '../support/html.js';
import { useTempDirs, writeFiles } from '../support/temp-dir.js';

const tempDir = useTempDirs('quire-cover-');

it('puts the cover in the link preview tags and the JSON-LD of its page', () => {
  const root = tempDir();
  writeFiles(root, {
    'quire.config.yaml': 'title: Covers\nbaseUrl: https://covers.example/blog/\n',
    'posts/2024-05-01-trip.md': '---\ntitle: Trip\ndate: 2024-05-01T10:00:00Z\nimage: /images/harbour.jpg\n---\n\nThe harbour.\n',
    'posts/2024-05-02-plain.md': '---\ntitle: Plain\ndate: 2024-05-02T10:00:00Z\n---\n\nNo picture.\n',
    'pages/about.md': '---\ntitle: About\nimage: portrait.jpg\n---\n\nMe.\n',
  });
  expect(build({ root, now: FIXED_NOW }).ok).toBe(true);
  const dist = path.join(root, 'dist');
  const metaOf = (page: string) => {
    const { doc } = readPage(dist, page);
    const metas = all(doc, 'meta');
    const value = (key: string) => metas.find((m) => attr(m, 'property') === key || attr(m, 'name') === key)?.attribs['content'];
    const ld = all(doc, 'script').find((s) => attr(s, 'type') === 'application/ld+json');
    return { image: value('og:image'), card: value('twitter:card'), ld: ld ? (JSON.parse(text(ld)) as Record<string, unknown>) : undefined, title: text(one(doc, 'title')) };
  };
  const trip = metaOf('2024/05/trip/index.html');
  expect([trip.image, trip.card, trip.ld?.['image']]).toEqual(['https://covers.example/blog/images/harbour.jpg', 'summary_large_image', 'https://covers.example/blog/images/harbour.jpg']);
  const plain = metaOf('2024/05/plain/index.html');
  expect([plain.image, plain.card, plain.ld && 'image' in plain.ld]).toEqual([undefined, 'summary', false]);
  expect(metaOf('about/index.html').image).toBe('https://covers.example/blog/about/portrait.jpg');
});
