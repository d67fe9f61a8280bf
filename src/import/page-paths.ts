import { slugify } from '../content/slug.js';
import type { ImportedItem } from './model.js';

/** Where an imported page goes in the pages folder, and whether other pages sit under it. */
export interface PagePlace {
  /** The path in the pages folder without extension (`about/team`): also the page's URL (`/about/team/`). */
  path: string;
  /** Whether an imported page has this one as its parent (then it cannot be a bundle folder). */
  hasChildren: boolean;
  /** The slug the export asked for, when this one had to differ (taken, or a name quire uses itself). */
  renamedFrom?: string;
}

/**
 * Top-level names quire's own listings use: a page there would collide with them. Four digits
 * are a year of the archive.
 */
const quireOwn = /^(?:archive|tags|categories|authors|page|comments|\d{4})$/;

/**
 * Each page's place, keeping WordPress' hierarchy as folders: a page with children is
 * `<slug>.md` and its children live in `<slug>/` (quire finds a page's parent by that name).
 * A parent that is not imported (private, trashed) is skipped, so its children move up. Slugs
 * are unique among siblings.
 */
export function pagePlaces(pages: readonly ImportedItem[], all: readonly ImportedItem[], decodeSlug: (slug: string) => string): Map<ImportedItem, PagePlace> {
  const chosen = new Set(pages);
  const byId = new Map(all.filter((item) => item.kind === 'page').map((page) => [page.id, page]));
  // The nearest imported ancestor; the seen set stops at a parent loop, which a hand-edited export could hold.
  const parentOf = (page: ImportedItem): ImportedItem | undefined => {
    const seen = new Set<string>([page.id]);
    for (let at = page.parent === undefined ? undefined : byId.get(page.parent); at && !seen.has(at.id); at = at.parent === undefined ? undefined : byId.get(at.parent)) {
      if (chosen.has(at)) return at;
      seen.add(at.id);
    }
    return undefined;
  };
  const places = new Map<ImportedItem, PagePlace>();
  const taken = new Set<string>();
  const placing = new Set<ImportedItem>();
  const place = (page: ImportedItem): PagePlace => {
    const done = places.get(page);
    if (done) return done;
    placing.add(page);
    const parent = parentOf(page);
    // A loop of imported parents: the page that closes it goes to the top level.
    const parentPlace = parent && !placing.has(parent) ? place(parent) : undefined;
    placing.delete(page);
    const wanted = slugify(decodeSlug(page.slug)) || slugify(page.title) || `page-${slugify(page.id) || 'untitled'}`;
    const prefix = parentPlace ? `${parentPlace.path}/` : '';
    let slug = wanted;
    for (let n = 2; taken.has(prefix + slug) || (!parentPlace && quireOwn.test(slug)); n++) slug = `${wanted}-${n}`;
    taken.add(prefix + slug);
    const result: PagePlace = { path: prefix + slug, hasChildren: false };
    if (slug !== wanted) result.renamedFrom = wanted;
    if (parentPlace) parentPlace.hasChildren = true;
    places.set(page, result);
    return result;
  };
  for (const page of pages) place(page);
  return places;
}
