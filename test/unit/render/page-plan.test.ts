/**
 * The page plan hands a page's last deps back to the key memo while none of the posts it shows
 * changed; a key must still change whenever the page's data do, and a build that stopped
 * half-way must not leave deps behind that the next build trusts.
 */
import { describe, expect, it } from 'vitest';
import { KeyMemo } from '../../../src/incremental/page-keys.js';
import { dataKey } from '../../../src/render/page-keys.js';
import { PagePlan, type Slot, type Step } from '../../../src/render/page-plan.js';

/** A build's inputs: each post's key, and the model's. */
interface Build {
  modelKey: string;
  posts: string[];
}

/** Four pages: one per post, and a listing of posts 0 and 1; plus a file made fresh every time. */
function plan(made: string[]): PagePlan<Build> {
  const slot = (outputPath: string, posts: number[]): Slot<Build> => ({
    outputPath,
    posts,
    prefix: () => 'prefix',
    make: (b) => {
      made.push(outputPath);
      const shown = posts.map((p) => b.posts[p]);
      return { deps: [b.modelKey, ...shown], keyData: () => ({ outputPath, shown }), render: () => shown.join(',') };
    },
  });
  const steps: Step<Build>[] = [slot('a.html', [0]), slot('b.html', [1]), slot('c.html', [2]), slot('list.html', [0, 1]), () => [{ outputPath: 'fresh.txt', contents: 'x' }]];
  return new PagePlan(steps);
}

/** The pages' keys and rendered contents; `made` then lists only the pages made for their keys. */
function run(p: PagePlan<Build>, memo: KeyMemo, b: Build, made: string[], stopAfter = Infinity): Map<string, { key: string | undefined; text: string }> {
  made.length = 0;
  const pages = [];
  for (const page of p.pages(b, b.modelKey, b.posts, 1, memo)) {
    pages.push(page);
    if (pages.length >= stopAfter) break;
  }
  if (pages.length < stopAfter) memo.commit();
  const keyed = [...made];
  const out = new Map(pages.map((page) => [page.outputPath, { key: page.key, text: String(page.contents ?? page.render?.()) }]));
  made.splice(0, made.length, ...keyed);
  return out;
}

/** What each page's key must be: the hash of its data, as with no memory at all. */
const expected = (outputPath: string, shown: string[]) => dataKey('prefix', { outputPath, shown });

describe('page plan', () => {
  it('makes again only the pages that show a post whose key changed, and keys them as a fresh build would', () => {
    const made: string[] = [];
    const p = plan(made);
    const memo = new KeyMemo();
    run(p, memo, { modelKey: 'm', posts: ['p0', 'p1', 'p2'] }, made);
    expect(made).toEqual(['a.html', 'b.html', 'c.html', 'list.html']);

    const second = run(p, memo, { modelKey: 'm', posts: ['p0', 'p1 edited', 'p2'] }, made);
    expect(made).toEqual(['b.html', 'list.html']);
    expect(second.get('b.html')).toEqual({ key: expected('b.html', ['p1 edited']), text: 'p1 edited' });
    expect(second.get('list.html')).toEqual({ key: expected('list.html', ['p0', 'p1 edited']), text: 'p0,p1 edited' });
    // Kept pages still render on demand, from this build.
    expect(second.get('a.html')).toEqual({ key: expected('a.html', ['p0']), text: 'p0' });
    expect(second.get('fresh.txt')).toEqual({ key: undefined, text: 'x' });

    run(p, memo, { modelKey: 'm', posts: ['p0', 'p1 edited', 'p2'] }, made);
    // Nothing changed: no page is made for its key.
    expect(made).toEqual([]);
  });

  it('makes every page again for another model', () => {
    const made: string[] = [];
    const p = plan(made);
    const memo = new KeyMemo();
    run(p, memo, { modelKey: 'm', posts: ['p0', 'p1', 'p2'] }, made);
    const other = run(p, memo, { modelKey: 'm2', posts: ['p0', 'p1', 'p2'] }, made);
    expect(made).toEqual(['a.html', 'b.html', 'c.html', 'list.html']);
    expect(other.get('c.html')?.key).toBe(expected('c.html', ['p2']));
  });

  it('trusts nothing after a build that stopped half-way', () => {
    const made: string[] = [];
    const p = plan(made);
    const memo = new KeyMemo();
    run(p, memo, { modelKey: 'm', posts: ['p0', 'p1', 'p2'] }, made);
    // The edit's build stops after a.html (the writer failed): the memo forgets it, and b.html's deps were never made.
    run(p, memo, { modelKey: 'm', posts: ['p0', 'p1 edited', 'p2'] }, made, 1);
    memo.discard();
    const after = run(p, memo, { modelKey: 'm', posts: ['p0', 'p1 edited', 'p2'] }, made);
    expect(after.get('b.html')).toEqual({ key: expected('b.html', ['p1 edited']), text: 'p1 edited' });
    expect(after.get('list.html')?.key).toBe(expected('list.html', ['p0', 'p1 edited']));
    expect(made).toEqual(['a.html', 'b.html', 'c.html', 'list.html']);
  });
});
