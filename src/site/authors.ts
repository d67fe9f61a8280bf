import type { AuthorProfile, SiteConfig } from '../config/site-config.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Draft } from './draft.js';
import { locate, type Location } from './permalinks.js';
import type { AuthorRef, SitePost } from './site-post.js';
import { tagKey, tagSlug } from './tags.js';

/** An author with a page of their own: their posts, newest first. */
export interface SiteAuthor extends Location, Omit<AuthorProfile, 'url'> {
  /** The config's key, or the name itself for an author the config does not list. */
  readonly key: string;
  /** Their own site (the profile's `url`); `url` is their page here. */
  readonly website?: string;
  readonly slug: string;
  readonly posts: readonly SitePost[];
}

/**
 * Names each post's authors (`post.authorRefs`): a key of the config's `authors`, a name one of
 * them has, or a plain name (a warning when the config lists authors, with their keys as the
 * hint). A post naming none is the site author's. When more than one author wrote the posts,
 * each gets a page at `/authors/<slug>/`, which their name links to.
 */
export function buildAuthors(posts: ReadonlyArray<Draft<SitePost>>, config: Pick<SiteConfig, 'authors' | 'author'>, basePath: string): { authors: SiteAuthor[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const profiles = Object.entries(config.authors);
  const byName = new Map(profiles.map(([key, profile]) => [tagKey(profile.name), key]));
  const found = new Map<string, { key: string; profile: AuthorProfile; posts: SitePost[] }>();
  const resolve = (written: string, post: SitePost) => {
    const key = Object.hasOwn(config.authors, written) ? written : byName.get(tagKey(written));
    if (key !== undefined) return { key, profile: config.authors[key] as AuthorProfile };
    if (profiles.length > 0) {
      const pos = post.positions?.author ?? post.positions?.authors;
      diagnostics.push(diagnostic('warning', 'UnknownAuthor', { file: post.file, line: pos?.line ?? 1, column: pos?.column ?? 1 },
        `The author "${written}" is not in the config's authors; the name is shown as written.`,
        `Known authors: ${profiles.map(([k, p]) => (k === p.name ? k : `${k} (${p.name})`)).join(', ')}.`));
    }
    return { key: written, profile: { name: written } };
  };
  const site = { key: '', profile: { name: config.author.name, ...(config.author.url ? { url: config.author.url } : {}) } };
  const each = posts.map((post) => {
    const named = post.authors.length > 0 ? post.authors.map((written) => resolve(written, post)) : [byName.has(tagKey(site.profile.name)) ? resolve(site.profile.name, post) : site];
    if (post.kind === 'post') {
      for (const { key, profile } of named) {
        const id = tagKey(key || profile.name);
        let entry = found.get(id);
        if (!entry) found.set(id, (entry = { key, profile, posts: [] }));
        entry.posts.push(post);
      }
    }
    return named;
  });
  // One author needs no page of their own: the whole blog is theirs.
  const paged = found.size > 1;
  const authors: SiteAuthor[] = [];
  if (paged) {
    const used = new Set<string>();
    const sorted = [...found.values()].sort((a, b) => (a.profile.name.toLowerCase() < b.profile.name.toLowerCase() ? -1 : 1));
    for (const { key, profile, posts: written } of sorted) {
      const base = tagSlug(key || profile.name) || 'author';
      let slug = base;
      for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
      used.add(slug);
      const { url: website, ...rest } = profile;
      authors.push({ ...rest, ...(website ? { website } : {}), key, slug, posts: written, ...locate(basePath, `authors/${slug}/`) });
    }
  }
  const pageOf = new Map(authors.map((author) => [tagKey(author.key || author.name), author]));
  posts.forEach((post, i) => {
    post.authorRefs = (each[i] ?? []).map(({ key, profile }): AuthorRef => {
      const url = pageOf.get(tagKey(key || profile.name))?.url ?? profile.url;
      return { name: profile.name, ...(url ? { url } : {}), ...(key ? { key } : {}) };
    });
  });
  return { authors, diagnostics };
}
