import type { AuthorProfile, MenuEntry, TaxonomyConfig } from './site-config.js';
import { describe, isRecord } from './values.js';

type Fail = (path: string, message: string, hint?: string) => void;

/** `authors: { ada: { name, url, bio, avatar } }`, or `{ ada: Ada Lovelace }` for a name alone. */
export function readAuthors(raw: unknown, fail: Fail): Record<string, AuthorProfile> {
  const authors: Record<string, AuthorProfile> = {};
  if (!isRecord(raw)) {
    fail('authors', '"authors" must map keys to authors.', 'authors: { ada: { name: Ada Lovelace, url: "https://ada.example" } }');
    return authors;
  }
  for (const [key, value] of Object.entries(raw)) {
    const at = `authors.${key}`;
    if (typeof value === 'string' && value.trim() !== '') {
      authors[key] = { name: value.trim() };
      continue;
    }
    if (!isRecord(value) || typeof value.name !== 'string' || value.name.trim() === '') {
      fail(at, `Author "${key}" needs a name.`, `${key}: { name: "Ada Lovelace" }`);
      continue;
    }
    const profile: AuthorProfile = { name: value.name.trim() };
    for (const field of ['url', 'bio', 'avatar'] as const) {
      const v = value[field];
      if (v === undefined || v === null) continue;
      if (typeof v === 'string') {
        if (v.trim() !== '') profile[field] = v.trim();
      } else fail(`${at}.${field}`, `"${at}.${field}" must be text, not ${describe(v)}.`);
    }
    for (const extra of Object.keys(value)) {
      if (!['name', 'url', 'bio', 'avatar'].includes(extra)) fail(`${at}.${extra}`, `Unknown key "${at}.${extra}".`, 'An author has name, url, bio and avatar.');
    }
    Object.defineProperty(authors, key, { value: profile, enumerable: true, writable: true, configurable: true });
  }
  return authors;
}

/** `menu: [{ label, page | post | url, children }]`, nested one level. */
export function readMenu(raw: unknown, fail: Fail): MenuEntry[] {
  const hint = 'menu: [{ label: About, page: about.md }, { label: Archive, url: /archive/ }]';
  if (!Array.isArray(raw)) {
    fail('menu', '"menu" must be a list of entries.', hint);
    return [];
  }
  const entries = (list: unknown[], at: string, depth: number): MenuEntry[] => list.flatMap((item, i) => {
    const path = `${at}.${i}`;
    if (!isRecord(item)) {
      fail(path, `Menu entry ${i + 1} must be a mapping such as { label: About, page: about.md }, not ${describe(item)}.`, hint);
      return [];
    }
    const entry: MenuEntry = {};
    for (const key of Object.keys(item)) {
      if (!['label', 'page', 'post', 'url', 'children'].includes(key)) fail(`${path}.${key}`, `Unknown key "${key}" in a menu entry.`, 'A menu entry has label, page, post, url and children.');
    }
    for (const key of ['label', 'page', 'post', 'url'] as const) {
      const v = item[key];
      if (v === undefined || v === null) continue;
      if (typeof v === 'string' && v.trim() !== '') entry[key] = v.trim();
      else fail(`${path}.${key}`, `"${key}" of a menu entry must be text, not ${describe(v)}.`);
    }
    const targets = (['page', 'post', 'url'] as const).filter((key) => entry[key] !== undefined);
    if (targets.length > 1) fail(path, `A menu entry links to one thing; this one has ${targets.join(' and ')}.`, 'Keep one of page, post and url.');
    if (item.children !== undefined) {
      if (depth > 0) fail(`${path}.children`, 'Menus nest one level only.', 'Move these entries up a level.');
      else if (!Array.isArray(item.children)) fail(`${path}.children`, '"children" must be a list of entries.', hint);
      else entry.children = entries(item.children, `${path}.children`, depth + 1);
    }
    if (targets.length === 0 && !entry.children) fail(path, 'This menu entry links to nothing.', 'Give it a page, a post or a url.');
    if (entry.label === undefined && entry.url !== undefined) fail(path, 'A menu entry with a url needs a label.', 'label: Projects');
    if (entry.label === undefined && targets.length === 0) fail(path, 'A menu heading needs a label.', 'label: Projects');
    return [entry];
  });
  return entries(raw, 'menu', 0);
}

const taxonomyKeys = ['name', 'hierarchical', 'ordered', 'feeds'];
/** Names that would take a URL folder quire writes itself, or a field quire reads as something else. */
const reservedNames = ['archive', 'authors', 'page', 'search', 'title', 'date', 'slug', 'aliases', 'author'];

/** `taxonomies: [tags, { name: categories, hierarchical: true }, { name: series, ordered: true }]`. */
export function readTaxonomies(raw: unknown, fail: Fail): TaxonomyConfig[] {
  const hint = 'taxonomies: [tags, { name: categories, hierarchical: true }, { name: series, ordered: true }]';
  if (!Array.isArray(raw)) {
    fail('taxonomies', '"taxonomies" must be a list.', hint);
    return [];
  }
  const out: TaxonomyConfig[] = [];
  raw.forEach((item: unknown, i) => {
    const path = `taxonomies.${i}`;
    const spec = typeof item === 'string' ? { name: item } : item;
    if (!isRecord(spec) || typeof spec.name !== 'string' || !/^[a-z][a-z0-9_-]*$/.test(spec.name)) {
      fail(path, `Taxonomy ${i + 1} needs a name of lower-case letters, digits, "-" or "_".`, hint);
      return;
    }
    const { name } = spec;
    if (reservedNames.includes(name)) {
      fail(path, `A taxonomy cannot be called "${name}": quire uses that name itself.`, 'Choose another name, e.g. topics.');
      return;
    }
    if (out.some((t) => t.name === name)) {
      fail(path, `The taxonomy "${name}" is listed twice.`);
      return;
    }
    for (const key of Object.keys(spec)) if (!taxonomyKeys.includes(key)) fail(`${path}.${key}`, `Unknown key "${key}" in a taxonomy.`, `A taxonomy has ${taxonomyKeys.join(', ')}.`);
    const flag = (key: 'hierarchical' | 'ordered' | 'feeds', fallback: boolean): boolean => {
      const v = spec[key];
      if (v === undefined) return fallback;
      if (typeof v === 'boolean') return v;
      fail(`${path}.${key}`, `"${key}" must be true or false, not ${describe(v)}.`);
      return fallback;
    };
    out.push({ name, hierarchical: flag('hierarchical', name === 'categories'), ordered: flag('ordered', false), feeds: flag('feeds', true) });
  });
  return out;
}
