/**
 * A rebuild reuses the last model's placements of posts whose date, slug, update and the
 * site's URL settings are unchanged, and places every other post anew; either way the model
 * is the one a first build makes.
 */
import { describe, expect, it } from 'vitest';
import type { Post } from '../../../src/content/post.js';
import { buildSite } from '../../../src/site/build-site.js';
import { FIXED_NOW } from '../../support/clock.js';
import { makeConfig, makePost } from '../../support/factories.js';

const config = makeConfig({ baseUrl: 'https://example.com/', timeZone: 'UTC' });
const posts: Post[] = [
  makePost({ title: 'Alpha', date: '2024-01-05', slug: 'alpha' }),
  makePost({ title: 'Beta', date: '2024-02-05', slug: 'beta', updated: '2024-03-01' }),
  makePost({ title: 'Gamma', date: '2024-03-05', slug: 'gamma' }),
];
// The model holds functions (a fresh closure each build): compare what a page can show.
const shown = (model: ReturnType<typeof buildSite>) => JSON.stringify(model.site);
const first = buildSite(posts, config, { drafts: false, now: FIXED_NOW });

describe('placements carried from build to build', () => {
  it('are the same objects for unchanged posts', () => {
    const again = buildSite(posts, config, { drafts: false, now: FIXED_NOW, placed: first.placements });
    for (const post of posts) expect(again.placements.get(post.source)).toBe(first.placements.get(post.source));
    expect(shown(again)).toBe(shown(first));
  });

  it('are made anew for a post whose slug, date or update changed, and the model is a first build\'s', () => {
    const edited = [
      { ...posts[0]!, slug: 'alpha-renamed' },
      { ...posts[1]!, updated: '2024-04-01' },
      { ...posts[2]!, date: '2024-05-05' },
    ];
    const reused = buildSite(edited, config, { drafts: false, now: FIXED_NOW, placed: first.placements });
    const fresh = buildSite(edited, config, { drafts: false, now: FIXED_NOW });
    for (const post of edited) expect(reused.placements.get(post.source)).not.toBe(first.placements.get(post.source));
    expect(shown(reused)).toBe(shown(fresh));
    expect(reused.site.posts.map((p) => p.url)).toEqual(['/2024/05/gamma/', '/2024/02/beta/', '/2024/01/alpha-renamed/']);
  });

  it('are made anew for every post when the URL settings change', () => {
    const moved = makeConfig({ baseUrl: 'https://example.com/blog/', timeZone: 'UTC', permalink: '/:slug/' });
    const reused = buildSite(posts, moved, { drafts: false, now: FIXED_NOW, placed: first.placements });
    const fresh = buildSite(posts, moved, { drafts: false, now: FIXED_NOW });
    for (const post of posts) expect(reused.placements.get(post.source)).not.toBe(first.placements.get(post.source));
    expect(shown(reused)).toBe(shown(fresh));
    expect(reused.site.posts.map((p) => p.absoluteUrl)).toEqual(['https://example.com/blog/gamma/', 'https://example.com/blog/beta/', 'https://example.com/blog/alpha/']);
  });
});
