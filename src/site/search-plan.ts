import { hash } from 'node:crypto';
import type { SitePost } from './site-post.js';

/**
 * The site's search: its page, and how its documents are split between search indexes.
 *
 * Pagefind cannot update an index in place: any change means indexing its documents again,
 * about 3 ms each (on a 2-core machine). So a large site gets several indexes (shards), each document in one by a
 * hash of its URL, and a change re-indexes only the shard it is in; the search page merges
 * them, and a reader's query downloads one word chunk from each. A document never moves
 * between shards until the number of shards doubles.
 */
export interface SearchPlan {
  /** The search page. */
  readonly url: string;
  readonly outputPath: string;
  /** The folder of each shard's index, from the site root (`pagefind/0/`). */
  readonly bundles: readonly string[];
  /** The documents searched: posts and pages, not the 404 page. */
  readonly documents: readonly SitePost[];
  readonly shardOf: (doc: Pick<SitePost, 'url'>) => number;
}

/**
 * Documents per shard, at most (and at least half as many, past four shards). Each shard adds a
 * word chunk of 20–35 KB to every query: at 2,500 a 10,000-post blog has 4 shards and a query
 * fetches about 140 KB of index; at 1,000 it had 16 and fetched 440 KB.
 */
export const shardSize = 2500;

/** Documents a site has before its index is split. */
export const minSplit = 400;

export const searchOutputPath = 'search/index.html';

export function searchPlan(documents: readonly SitePost[], basePath: string): SearchPlan {
  const searched = documents.filter((doc) => doc.outputPath !== '404.html');
  // Past a few hundred documents, four shards at once: editing a post of a 1,000-post blog then
  // indexes 250 documents again, not 1,000, and four small word chunks cost a query little.
  let shards = searched.length > minSplit ? 4 : 1;
  while (searched.length > shards * shardSize) shards *= 2;
  return {
    url: `${basePath}search/`,
    outputPath: searchOutputPath,
    bundles: Array.from({ length: shards }, (_, i) => `pagefind/${i}/`),
    documents: searched,
    shardOf: shards === 1 ? () => 0 : (doc) => hash('sha256', doc.url, 'buffer').readUInt32BE(0) % shards,
  };
}
