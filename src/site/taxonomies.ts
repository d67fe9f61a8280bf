import type { TaxonomyConfig } from '../config/site-config.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Locale } from '../i18n/locale.js';
import type { Draft } from './draft.js';
import { locate, type Location } from './permalinks.js';
import type { SeriesPart, SitePost, TermRef } from './site-post.js';
import { collectTerms, tagKey, tagSlug, type Tag } from './tags.js';

/** A term of a taxonomy (a tag, a category, a series) with its posts, newest first. */
export interface Term extends Tag<SitePost> {
  /** The whole name, levels joined by " › " (`Bookbinding › Tools`); the name itself without levels. */
  readonly title: string;
  /** 0 for a top-level term. */
  readonly depth: number;
  readonly parent?: TermRef;
  /** The terms one level down, by name. */
  readonly children: readonly TermRef[];
}

/** A taxonomy of the site with every term its posts use. */
export interface Taxonomy extends Location, TaxonomyConfig {
  /** Terms by name; a hierarchical taxonomy's in tree order (each parent before its children). */
  readonly terms: readonly Term[];
}

/** The names a post gives in a taxonomy: tags and categories are read as fields, others from `extra`. */
function namesIn(post: SitePost, taxonomy: string): readonly string[] {
  if (taxonomy === 'tags') return post.tags;
  if (taxonomy === 'categories') return post.categories;
  const value = post.extra[taxonomy];
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.filter((item): item is string | number => typeof item === 'string' || typeof item === 'number').map((item) => String(item).trim()).filter((item) => item !== '');
}

/**
 * Groups the posts into every configured taxonomy and gives each post its terms (`post.terms`)
 * and, in ordered taxonomies, its parts (`post.parts`). Terms fold case as tags do. A term
 * with no letters or digits to make a URL from is an error naming the post (tags alone keep
 * their old fallback slug, `tag`).
 */
export function buildTaxonomies(
  posts: ReadonlyArray<Draft<SitePost>>,
  taxonomies: readonly TaxonomyConfig[],
  basePath: string,
  locale: Locale,
): { taxonomies: Taxonomy[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const built = taxonomies.map((config) => {
    const { name } = config;
    const placeOf = (post: SitePost) => {
      const pos = post.positions && Object.hasOwn(post.positions, name) ? post.positions[name] : post.positions?.category;
      return { file: post.file, line: pos?.line ?? 1, column: pos?.column ?? 1 };
    };
    // Each post's names, levels expanded (`A/B` is in `A` and `A/B`), without those that give no URL.
    const accepted = new Map<SitePost, string[]>();
    for (const post of posts) {
      const names: string[] = [];
      for (const written of namesIn(post, name)) {
        const levels = config.hierarchical ? written.split('/').map((level) => level.trim()).filter((level) => level !== '') : [written];
        if (name !== 'tags' && levels.some((level) => tagSlug(level) === '')) {
          diagnostics.push(diagnostic('error', 'InvalidSlug', placeOf(post), `The ${singular(name)} "${written}" has no letters or digits to make a URL from.`,
            `Name it in words, e.g. ${name}: [Reviews]`));
          continue;
        }
        for (let i = 1; i <= levels.length; i++) {
          const path = levels.slice(0, i).join('/');
          if (!names.includes(path)) names.push(path);
        }
      }
      accepted.set(post, names);
    }
    const grouped = collectTerms(posts, basePath, { termsOf: (post) => accepted.get(post) ?? [], field: name, folder: name });
    diagnostics.push(...grouped.diagnostics);
    const terms = config.hierarchical ? nest(grouped.tags, basePath, name) : grouped.tags.map((tag) => ({ ...tag, title: tag.name, depth: 0, children: [], path: tag.name }));
    const byKey = new Map(terms.map((term) => [tagKey(term.path), term]));
    const refOf = (written: string): TermRef | undefined => {
      const term = byKey.get(tagKey(config.hierarchical ? written.split('/').map((l) => l.trim()).filter((l) => l !== '').join('/') : written));
      return term && { name: term.name, title: term.title, slug: term.slug, url: term.url };
    };
    for (const post of posts) {
      const refs: TermRef[] = [];
      for (const written of namesIn(post, name)) {
        const ref = refOf(written);
        if (ref && !refs.some((r) => r.url === ref.url)) refs.push(ref);
      }
      post.terms[name] = refs;
    }
    if (config.ordered) {
      const partsOf = new Map<SitePost, SeriesPart[]>();
      for (const term of terms) {
        // Parts in date order, oldest first; the list itself is newest first.
        const parts = [...term.posts].reverse();
        parts.forEach((post, i) => {
          const before = parts[i - 1];
          const after = parts[i + 1];
          const part: SeriesPart = {
            taxonomy: name, term: { name: term.name, title: term.title, slug: term.slug, url: term.url }, part: i + 1, total: parts.length,
            label: locale.pieces('partOf', { part: i + 1, total: parts.length }),
            ...(before && { previous: { title: before.title, url: before.url } }),
            ...(after && { next: { title: after.title, url: after.url } }),
          };
          let known = partsOf.get(post);
          if (!known) partsOf.set(post, (known = []));
          known.push(part);
        });
      }
      for (const post of posts) post.parts.push(...(partsOf.get(post) ?? []));
    }
    const taxonomy: Taxonomy = { ...config, terms: terms.map(({ path: _path, ...term }) => term), ...locate(basePath, `${name}/`) };
    return taxonomy;
  });
  return { taxonomies: built, diagnostics };
}

/**
 * Gives the terms of a hierarchical taxonomy their levels: each term's name is its last level,
 * its slug unique among its siblings, its URL inside its parent's (`/categories/a/b/`).
 */
function nest(groups: Tag<SitePost>[], basePath: string, folder: string): Array<Term & { path: string }> {
  type Nested = Omit<Draft<Term>, 'posts'> & { readonly posts: readonly SitePost[]; path: string };
  const byKey = new Map<string, Nested>();
  // Parents first: a key's parent is the key without its last level.
  const sorted = [...groups].sort((a, b) => depthOf(a.name) - depthOf(b.name) || compare(a.name.toLowerCase(), b.name.toLowerCase()));
  const siblingSlugs = new Map<string, Set<string>>();
  for (const group of sorted) {
    const key = tagKey(group.name);
    const levels = group.name.split('/');
    const parentKey = key.split('/').slice(0, -1).join('/');
    const parent = parentKey === '' ? undefined : byKey.get(parentKey);
    const leaf = levels.at(-1) ?? group.name;
    let used = siblingSlugs.get(parentKey);
    if (!used) siblingSlugs.set(parentKey, (used = new Set()));
    const base = tagSlug(leaf);
    let slug = base;
    for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
    used.add(slug);
    const title = parent ? `${parent.title} › ${leaf}` : leaf;
    const where = parent ? locate(basePath, `${parent.url.slice(basePath.length)}${slug}/`) : locate(basePath, `${folder}/${slug}/`);
    const term: Nested = { name: leaf, title, slug, posts: group.posts, ...where, depth: levels.length - 1, children: [], path: group.name };
    if (parent) {
      term.parent = { name: parent.name, title: parent.title, slug: parent.slug, url: parent.url };
      parent.children.push({ name: leaf, title, slug, url: term.url });
    }
    byKey.set(key, term);
  }
  // Tree order: each parent, then its children (by name), depth first.
  const roots = sorted.filter((term) => depthOf(term.name) === 0).map((term) => byKey.get(tagKey(term.name)) as Nested);
  const out: Nested[] = [];
  const visit = (term: Nested) => {
    out.push(term);
    term.children.sort((a, b) => compare(a.name.toLowerCase(), b.name.toLowerCase()));
    for (const child of term.children) visit(byUrl.get(child.url) as Nested);
  };
  const byUrl = new Map([...byKey.values()].map((term) => [term.url, term]));
  roots.sort((a, b) => compare(a.name.toLowerCase(), b.name.toLowerCase())).forEach(visit);
  return out;
}

function depthOf(name: string): number {
  return name.split('/').length - 1;
}

/** `categories` → `category`, `series` stays `series`: for messages and headings. */
export function singular(name: string): string {
  return name.endsWith('ies') ? `${name.slice(0, -3)}y` : name.endsWith('s') && !/(?:ss|series)$/.test(name) ? name.slice(0, -1) : name;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Whether quire writes the taxonomy's index page: always for tags (the default menu links to
 * it), for the others once a post uses them, so a blog without categories has no empty page.
 */
export function hasIndex(taxonomy: Pick<Taxonomy, 'name' | 'terms'>): boolean {
  return taxonomy.name === 'tags' || taxonomy.terms.length > 0;
}
