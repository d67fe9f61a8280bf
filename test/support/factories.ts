/**
 * Builders for the plain data the stages pass along, with sensible defaults.
 *
 * @module
 */
import { defaultConfig, type SiteConfig } from '../../src/config/site-config.js';
import type { Post } from '../../src/content/post.js';
import { parsePostDate } from '../../src/content/post-date.js';

/** A site config: the defaults with `overrides` applied. */
export function makeConfig(overrides: Partial<SiteConfig> = {}): SiteConfig {
  return { ...structuredClone(defaultConfig), ...overrides };
}

/**
 * A valid post. `date` is read like front matter, in `timeZone` (default UTC); the slug defaults
 * to one made from the title.
 */
export function makePost(overrides: Partial<Post> & { title: string; date: string }, timeZone = 'UTC'): Post {
  const parsed = parsePostDate(overrides.date, timeZone);
  if ('problem' in parsed) throw new Error(parsed.problem);
  const slug = overrides.slug ?? overrides.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return {
    kind: 'post',
    source: `${slug}.md`,
    file: `posts/${slug}.md`,
    tags: [],
    categories: [],
    authors: [],
    draft: false,
    commentsOpen: true,
    aliases: [],
    extra: {},
    body: `Body of ${overrides.title}.\n`,
    bodyLine: 5,
    assets: [],
    ...overrides,
    slug,
    date: parsed.iso,
    time: parsed.time,
  };
}
