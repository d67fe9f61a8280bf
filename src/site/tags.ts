import { slugify } from '../content/slug.js';
import { diagnostic, type Diagnostic, type Place } from '../diagnostics/diagnostic.js';
import { locate, type Location } from './permalinks.js';

/** A tag with its posts (newest first, as given). */
export interface Tag<P> extends Location {
  /** The spelling used most (ties: the first in sort order). */
  readonly name: string;
  readonly slug: string;
  readonly posts: readonly P[];
}

/** One way a tag is written, with where it was first seen. */
interface Spelling<P> {
  name: string;
  group: { key: string; spellings: Spelling<P>[]; posts: P[] };
  count: number;
  file: string;
  place: Place;
}

/**
 * Groups posts by tag, ignoring case ("Node.js" and "node.js" are one tag). Each tag gets a
 * URL-safe slug; when two different tags slug alike (`c++` and `C ++`), later ones get `-2`, `-3`.
 * Tags come back sorted by name, so slugs are assigned the same way on every build.
 * `bySpelling` gives the tag of each spelling the posts use.
 */
export function collectTags<P extends { tags: string[]; file: string; positions?: Record<string, { line: number; column: number }> }>(
  posts: readonly P[],
  basePath: string,
): { tags: Tag<P>[]; byKey: Map<string, Tag<P>>; bySpelling: Map<string, Tag<P>>; diagnostics: Diagnostic[] } {
  return collectTerms(posts, basePath, { termsOf: (post) => post.tags, field: 'tags', folder: 'tags' });
}

/** Which terms of a post a taxonomy reads, and where its pages go. */
export interface TermSource<P> {
  termsOf: (post: P) => readonly string[];
  /** The front-matter field, for positions in messages. */
  field: string;
  /** The URL folder of the term pages (`tags` → `/tags/<slug>/`). */
  folder: string;
}

/** `collectTags` for any taxonomy without levels: the same grouping, naming and slugs. */
export function collectTerms<P extends { file: string; positions?: Record<string, { line: number; column: number }> }>(
  posts: readonly P[],
  basePath: string,
  from: TermSource<P>,
): { tags: Tag<P>[]; byKey: Map<string, Tag<P>>; bySpelling: Map<string, Tag<P>>; diagnostics: Diagnostic[] } {
  const groups = new Map<string, Spelling<P>['group']>();
  // A blog has thousands of tag uses but a few hundred spellings: each use is one lookup.
  const spellings = new Map<string, Spelling<P>>();
  for (const post of posts) {
    for (const tag of from.termsOf(post)) {
      let spelling = spellings.get(tag);
      if (!spelling) {
        const key = tagKey(tag);
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { key, spellings: [], posts: [] }));
        const pos = post.positions && Object.hasOwn(post.positions, from.field) ? post.positions[from.field] : undefined;
        spelling = { name: tag, group, count: 0, file: post.file, place: { file: post.file, line: pos?.line, column: pos?.column } };
        group.spellings.push(spelling);
        spellings.set(tag, spelling);
      }
      spelling.count++;
      const tagged = spelling.group.posts;
      if (tagged[tagged.length - 1] !== post) tagged.push(post);
    }
  }
  const diagnostics: Diagnostic[] = [];
  const named = [...groups.values()].map((group) => {
    const ranked = [...group.spellings].sort((a, b) => b.count - a.count || compare(a.name, b.name));
    const name = ranked[0]?.name ?? group.key;
    if (ranked.length > 1) {
      const others = ranked.slice(1).map((spelling) => `"${spelling.name}" (${spelling.file})`).join(', ');
      diagnostics.push(
        diagnostic('warning', 'TagCase', ranked[1]?.place ?? { file: '' },
          `${from.field === 'tags' ? 'Tag' : `In ${from.field}, the term`} ${others} differs from "${name}" only by case; they are shown as one ${from.field === 'tags' ? 'tag' : 'term'}, "${name}".`,
          `Spell it "${name}" everywhere.`),
      );
    }
    return { key: group.key, name, posts: group.posts };
  });
  named.sort((a, b) => compare(a.key, b.key));
  const used = new Set<string>();
  const tags: Tag<P>[] = [];
  const byKey = new Map<string, Tag<P>>();
  for (const { key, name, posts: tagged } of named) {
    const base = tagSlug(name) || 'tag';
    let slug = base;
    for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
    used.add(slug);
    const tag: Tag<P> = { name, slug, posts: tagged, ...locate(basePath, `${from.folder}/${slug}/`) };
    tags.push(tag);
    byKey.set(key, tag);
  }
  tags.sort((a, b) => compare(a.name.toLowerCase(), b.name.toLowerCase()) || compare(a.slug, b.slug));
  const bySpelling = new Map<string, Tag<P>>();
  for (const [name, spelling] of spellings) bySpelling.set(name, byKey.get(spelling.group.key) as Tag<P>);
  return { tags, byKey, bySpelling, diagnostics };
}

/** The case-insensitive identity of a tag. */
export function tagKey(tag: string): string {
  return tag.normalize('NFC').toLowerCase();
}

/**
 * Tag slugs, kept while the process lives (up to 100,000 at a time): slugify takes tens of
 * microseconds, and every rebuild while watching slugs the same few hundred tags again.
 * Key: the tag as written. Invalid: never (a slug depends on the text alone).
 */
const slugs = new Map<string, string>();

export function tagSlug(name: string): string {
  let slug = slugs.get(name);
  if (slug === undefined) {
    if (slugs.size >= 100_000) slugs.clear();
    slug = slugify(name);
    slugs.set(name, slug);
  }
  return slug;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
