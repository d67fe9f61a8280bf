import { slugify } from '../content/slug.js';
import { diagnostic, type Diagnostic, type Place } from '../diagnostics/diagnostic.js';
import { locate, type Location } from './permalinks.js';

/** A tag with its posts (newest first, as given). */
export interface Tag<P> extends Location {
  /** The spelling used most (ties: the first in sort order). */
  name: string;
  slug: string;
  posts: P[];
}

/**
 * Groups posts by tag, ignoring case ("Node.js" and "node.js" are one tag). Each tag gets a
 * URL-safe slug; when two different tags slug alike (`c++` and `C ++`), later ones get `-2`, `-3`.
 * Tags come back sorted by name, so slugs are assigned the same way on every build.
 */
export function collectTags<P extends { tags: string[]; file: string; positions?: Record<string, { line: number; column: number }> }>(
  posts: readonly P[],
  basePath: string,
): { tags: Tag<P>[]; byKey: Map<string, Tag<P>>; diagnostics: Diagnostic[] } {
  const groups = new Map<string, { spellings: Map<string, number>; posts: P[]; files: Map<string, string>; places: Map<string, Place> }>();
  for (const post of posts) {
    for (const tag of post.tags) {
      const key = tagKey(tag);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { spellings: new Map(), posts: [], files: new Map(), places: new Map() }));
      group.spellings.set(tag, (group.spellings.get(tag) ?? 0) + 1);
      if (!group.files.has(tag)) {
        group.files.set(tag, post.file);
        const pos = post.positions && Object.hasOwn(post.positions, 'tags') ? post.positions['tags'] : undefined;
        group.places.set(tag, { file: post.file, line: pos?.line, column: pos?.column });
      }
      if (group.posts.at(-1) !== post) group.posts.push(post);
    }
  }
  const diagnostics: Diagnostic[] = [];
  const named = [...groups].map(([key, group]) => {
    const ranked = [...group.spellings].sort((a, b) => b[1] - a[1] || compare(a[0], b[0]));
    const name = ranked[0]?.[0] ?? key;
    if (ranked.length > 1) {
      const others = ranked.slice(1).map(([spelling]) => `"${spelling}" (${group.files.get(spelling)})`).join(', ');
      diagnostics.push(
        diagnostic('warning', 'TagCase', group.places.get(ranked[1]?.[0] ?? '') ?? { file: '' },
          `Tag ${others} differs from "${name}" only by case; they are shown as one tag, "${name}".`,
          `Spell it "${name}" everywhere.`),
      );
    }
    return { key, name, posts: group.posts };
  });
  named.sort((a, b) => compare(a.key, b.key));
  const used = new Set<string>();
  const tags: Tag<P>[] = [];
  const byKey = new Map<string, Tag<P>>();
  for (const { key, name, posts: tagged } of named) {
    const base = slugify(name) || 'tag';
    let slug = base;
    for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
    used.add(slug);
    const tag: Tag<P> = { name, slug, posts: tagged, ...locate(basePath, `tags/${slug}/`) };
    tags.push(tag);
    byKey.set(key, tag);
  }
  tags.sort((a, b) => compare(a.name.toLowerCase(), b.name.toLowerCase()) || compare(a.slug, b.slug));
  return { tags, byKey, diagnostics };
}

/** The case-insensitive identity of a tag. */
export function tagKey(tag: string): string {
  return tag.normalize('NFC').toLowerCase();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
