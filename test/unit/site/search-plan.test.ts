import { describe, expect, it } from 'vitest';
import { minSplit, searchPlan, shardSize } from '../../../src/site/search-plan.js';
import type { SitePost } from '../../../src/site/site-post.js';

const docs = (n: number, prefix = '/p/') => Array.from({ length: n }, (_, i) => ({ url: `${prefix}${i}/`, outputPath: `p/${i}/index.html` }) as SitePost);

describe('searchPlan', () => {
  it('searches every document but the 404 page, from /search/ under the base path', () => {
    const plan = searchPlan([...docs(3), { url: '/404.html', outputPath: '404.html' } as SitePost], '/blog/');
    expect(plan.url).toBe('/blog/search/');
    expect(plan.outputPath).toBe('search/index.html');
    expect(plan.bundles).toEqual(['pagefind/0/']);
    expect(plan.documents.map((d) => d.url)).toEqual(['/p/0/', '/p/1/', '/p/2/']);
  });

  it('splits a site of more than minSplit documents in four, then doubles the shards as it outgrows them', () => {
    expect(searchPlan(docs(minSplit), '/').bundles).toHaveLength(1);
    expect(searchPlan(docs(minSplit + 1), '/').bundles).toHaveLength(4);
    expect(searchPlan(docs(shardSize * 4), '/').bundles).toHaveLength(4);
    expect(searchPlan(docs(shardSize * 4 + 1), '/').bundles).toHaveLength(8);
    const plan = searchPlan(docs(10_000), '/');
    expect(plan.bundles).toHaveLength(4);
    const counts = plan.bundles.map(() => 0);
    for (const doc of plan.documents) counts[plan.shardOf(doc)] = (counts[plan.shardOf(doc)] ?? 0) + 1;
    // A hash spreads them evenly: no shard holds more than a tenth over its share.
    expect(Math.max(...counts)).toBeLessThan((10_000 / 4) * 1.1);
  });

  it('keeps a document in its shard while the number of shards stays the same', () => {
    const before = searchPlan(docs(6000), '/');
    const after = searchPlan([...docs(6000), ...docs(500, '/new/')], '/');
    expect(after.bundles).toHaveLength(before.bundles.length);
    for (const doc of before.documents) expect(after.shardOf(doc)).toBe(before.shardOf(doc));
  });
});
