import { createHash } from 'node:crypto';
import slugifyLatin from '@sindresorhus/slugify';
import { slug as githubSlug } from 'github-slugger';

// Spelled out so that `c++`, `c#` and `c` get distinct slugs instead of all becoming `c`.
const replacements: Array<[string, string]> = [
  ['&', ' and '],
  ['+', ' plus '],
  ['#', ' sharp '],
  ['@', ' at '],
];

/** Names that Windows refuses as file names, whatever the extension. */
const reserved = /^(con|prn|aux|nul|com\d|lpt\d)$/;

/**
 * The most UTF-8 bytes in a slug. File systems allow 255 bytes in a file or folder name; a slug
 * may still get `-2` (tags alike), `-page` or text from the permalink pattern around it.
 */
export const maxSlugBytes = 200;

/**
 * Turns a title, file name or tag into a URL segment: lowercase ASCII words joined by `-`,
 * with accents and other Latin-like scripts transliterated (`Café Über` → `cafe-uber`).
 * Scripts without a transliteration (CJK) keep their letters (`日本語`). The result never
 * contains `/`, `\`, `.` or `%`, so it cannot leave the folder it is written in; it is empty
 * only when the input has no letters or digits at all. A slug past `maxSlugBytes` is shortened
 * (see `shortened`).
 */
export function slugify(text: string): string {
  let slug = slugifyLatin(text, { customReplacements: replacements, decamelize: false });
  if (slug === '') slug = githubSlug(text).replace(/[^\p{L}\p{N}-]/gu, '');
  slug = slug.replace(/-{2,}/g, '-').replace(/^-|-$/g, '');
  if (Buffer.byteLength(slug) > maxSlugBytes) slug = shortened(slug);
  if (reserved.test(slug)) slug = `${slug}-page`;
  return slug;
}

/**
 * A slug too long for a file name, cut at a word (or, failing that, a letter) and followed by
 * eight hex digits of a hash of the whole slug: the URL still reads as the title, the same title
 * always gives the same slug, and two long titles differing only past the cut still differ.
 */
function shortened(slug: string): string {
  const digest = createHash('sha256').update(slug).digest('hex').slice(0, 8);
  const room = maxSlugBytes - digest.length - 1;
  let cut = '';
  let bytes = 0;
  for (const { segment } of new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(slug)) {
    bytes += Buffer.byteLength(segment);
    if (bytes > room) break;
    cut += segment;
  }
  const word = cut.lastIndexOf('-');
  if (word > cut.length / 2) cut = cut.slice(0, word);
  return `${cut.replace(/-+$/, '')}-${digest}`;
}
