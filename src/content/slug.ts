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
 * Turns a title, file name or tag into a URL segment: lowercase ASCII words joined by `-`,
 * with accents and other Latin-like scripts transliterated (`Café Über` → `cafe-uber`).
 * Scripts without a transliteration (CJK) keep their letters (`日本語`). The result never
 * contains `/`, `\`, `.` or `%`, so it cannot leave the folder it is written in; it is empty
 * only when the input has no letters or digits at all.
 */
export function slugify(text: string): string {
  let slug = slugifyLatin(text, { customReplacements: replacements, decamelize: false });
  if (slug === '') slug = githubSlug(text).replace(/[^\p{L}\p{N}-]/gu, '');
  slug = slug.replace(/-{2,}/g, '-').replace(/^-|-$/g, '');
  if (reserved.test(slug)) slug = `${slug}-page`;
  return slug;
}
