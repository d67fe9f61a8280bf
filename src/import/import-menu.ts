import type { MenuEntry } from '../config/site-config.js';
import type { ImportedItem } from './model.js';

/** What a menu entry may point at once the import has planned its posts and pages. */
export interface MenuResolver {
  /** An imported post or page by export id: its source (from its folder) and title. */
  item(id: string): { kind: 'page' | 'post'; source: string; title: string } | undefined;
  /** A category or tag by term id, as a site-relative URL and its name, when it has a page on the new site. */
  term(id: string): { url: string; name: string } | undefined;
  /** A custom URL: an imported post or page when it is one's old address, else a site-relative path or an absolute URL; undefined when unusable. */
  url(url: string): { kind: 'page' | 'post'; source: string; title: string } | { url: string } | undefined;
}

/** A menu of the export, for the report. */
export interface FoundMenu {
  slug: string;
  name: string;
  items: number;
}

/** The site menu made from one of the export's menus. */
export interface ImportedMenu {
  menus: FoundMenu[];
  /** The menu used, if the export has any. */
  chosen?: FoundMenu;
  menu: MenuEntry[];
  /** Entries left out, with why. */
  dropped: Array<{ label: string; reason: string }>;
  /** Entries deeper than quire's two levels, moved under their top-level entry. */
  flattened: number;
}

/**
 * Converts a WordPress menu (`nav_menu_item` items) into quire's `menu` config. The menu used is
 * the one named by `wanted` (slug or name), else the one with the most entries: the export does
 * not say which menu a theme showed. quire's menus have two levels; deeper entries move under
 * their top-level ancestor, in order. An entry whose target was not imported is left out; a
 * `#` entry is a heading, kept only when it has entries under it.
 */
export function importMenu(items: readonly ImportedItem[], wanted: string | undefined, resolve: MenuResolver): ImportedMenu {
  const entries = items.filter((item) => item.menuItem !== undefined && item.status === 'publish');
  const counts = new Map<string, FoundMenu>();
  for (const entry of entries) {
    const { menu, menuName } = entry.menuItem ?? { menu: '', menuName: '' };
    const found = counts.get(menu) ?? { slug: menu, name: menuName, items: 0 };
    found.items++;
    counts.set(menu, found);
  }
  const menus = [...counts.values()];
  const chosen = wanted !== undefined
    ? menus.find((m) => m.slug === wanted || m.name.toLowerCase() === wanted.toLowerCase())
    : [...menus].sort((a, b) => b.items - a.items)[0];
  const result: ImportedMenu = { menus, menu: [], dropped: [], flattened: 0 };
  if (!chosen) return result;
  result.chosen = chosen;

  const own = entries.filter((entry) => entry.menuItem?.menu === chosen.slug).sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  const byId = new Map(own.map((entry) => [entry.id, entry]));
  // The top-level ancestor of each entry (itself when top-level); a loop or a missing parent makes it top-level.
  const topOf = (entry: ImportedItem): { top: ImportedItem; depth: number } => {
    let at = entry;
    let depth = 0;
    const seen = new Set<string>([entry.id]);
    for (let parent = byId.get(at.menuItem?.parent ?? ''); parent && !seen.has(parent.id); parent = byId.get(at.menuItem?.parent ?? '')) {
      seen.add(parent.id);
      at = parent;
      depth++;
    }
    return { top: at, depth };
  };
  const label = (entry: ImportedItem) => entry.title.trim();
  const convert = (entry: ImportedItem): MenuEntry | undefined => {
    const item = entry.menuItem;
    if (!item) return undefined;
    const own = label(entry);
    const named = (target: { kind: 'page' | 'post'; source: string; title: string }): MenuEntry =>
      ({ ...(own && own !== target.title ? { label: own } : {}), [target.kind]: target.source });
    if (item.type === 'post_type') {
      const target = resolve.item(item.objectId);
      if (target) return named(target);
      result.dropped.push({ label: own || `${item.object} ${item.objectId}`, reason: `its ${item.object} is not one of the published posts and pages imported` });
      return undefined;
    }
    if (item.type === 'taxonomy') {
      const term = resolve.term(item.objectId);
      if (term) return { label: own || term.name, url: term.url };
      result.dropped.push({ label: own || `${item.object} ${item.objectId}`, reason: `its ${item.object === 'post_tag' ? 'tag' : item.object} has no page on the new site (no imported post has it)` });
      return undefined;
    }
    if (item.type === 'custom' && item.url !== '' && item.url !== '#') {
      const target = resolve.url(item.url);
      if (target && 'url' in target) return { label: own || target.url, url: target.url };
      if (target) return named(target);
      result.dropped.push({ label: own || item.url, reason: 'its link is not a web address' });
      return undefined;
    }
    // A `#` entry only groups the entries under it.
    return own ? { label: own } : undefined;
  };

  const tops: Array<{ entry: MenuEntry; children: MenuEntry[] }> = [];
  const topEntries = new Map<ImportedItem, { entry: MenuEntry; children: MenuEntry[] }>();
  const placed = own.map((entry) => ({ entry, ...topOf(entry) }));
  for (const { entry, depth } of placed) {
    if (depth > 0) continue;
    const converted = convert(entry);
    if (!converted) continue;
    const slot = { entry: converted, children: [] };
    topEntries.set(entry, slot);
    tops.push(slot);
  }
  for (const { entry, top, depth } of placed) {
    if (depth === 0) continue;
    const slot = topEntries.get(top);
    if (!slot) {
      result.dropped.push({ label: label(entry) || 'an entry', reason: 'the entry it is under was left out' });
      continue;
    }
    const converted = convert(entry);
    if (!converted) continue;
    if (converted.page === undefined && converted.post === undefined && converted.url === undefined) {
      // A heading below the top level has nothing to show in a two-level menu.
      result.dropped.push({ label: converted.label ?? '', reason: 'it is a heading below the top level, and quire menus have two levels' });
      continue;
    }
    if (depth > 1) result.flattened++;
    slot.children.push(converted);
  }
  for (const { entry, children } of tops) {
    const heading = entry.page === undefined && entry.post === undefined && entry.url === undefined;
    if (heading && children.length === 0) {
      result.dropped.push({ label: entry.label ?? '', reason: 'it is a heading with no entries under it left' });
      continue;
    }
    result.menu.push(children.length > 0 ? { ...entry, children } : entry);
  }
  return result;
}
