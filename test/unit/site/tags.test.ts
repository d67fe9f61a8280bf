import { describe, expect, it } from 'vitest';
import { collectTags, tagKey } from '../../../src/site/tags.js';

const post = (file: string, ...tags: string[]) => ({ file, tags });

describe('collectTags', () => {
  it('merges tags that differ only by case under the most-used spelling, with a warning', () => {
    const posts = [post('a', 'Node.js'), post('b', 'node.js'), post('c', 'node.js'), post('d', 'NODE.JS')];
    const { tags, diagnostics } = collectTags(posts, '/');
    expect(tags).toHaveLength(1);
    expect(tags[0]).toMatchObject({ name: 'node.js', slug: 'node-js', url: '/tags/node-js/' });
    expect(tags[0]?.posts.map((p) => p.file)).toEqual(['a', 'b', 'c', 'd']);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'warning', code: 'TagCase' });
  });

  it('breaks a tie between spellings the same way every time', () => {
    const one = collectTags([post('a', 'Rust'), post('b', 'rust')], '/').tags[0]?.name;
    const two = collectTags([post('b', 'rust'), post('a', 'Rust')], '/').tags[0]?.name;
    expect(one).toBe(two);
  });

  it('gives different tags whose slugs collide distinct slugs and pages', () => {
    const { tags } = collectTags([post('a', 'c++'), post('b', 'C Plus Plus'), post('c', 'c-plus-plus')], '/blog/');
    const slugs = tags.map((t) => t.slug);
    expect(tags).toHaveLength(3);
    expect(new Set(slugs).size).toBe(3);
    expect(new Set(tags.map((t) => t.outputPath)).size).toBe(3);
    for (const slug of slugs) expect(slug).toMatch(/^c-plus-plus(-\d+)?$/);
  });

  it('assigns colliding slugs independently of post order', () => {
    const a = collectTags([post('a', 'c++'), post('b', 'C Plus Plus')], '/').tags.map((t) => [t.name, t.slug]);
    const b = collectTags([post('b', 'C Plus Plus'), post('a', 'c++')], '/').tags.map((t) => [t.name, t.slug]);
    expect(new Map(a as [string, string][])).toEqual(new Map(b as [string, string][]));
  });

  it('gives tags without letters a usable slug and keeps CJK tags readable', () => {
    const { tags } = collectTags([post('a', '日本'), post('b', '!!!'), post('c', '???')], '/');
    const slugs = tags.map((t) => t.slug).sort();
    expect(slugs).toContain('日本');
    expect(new Set(slugs).size).toBe(3);
    for (const slug of slugs) expect(slug).not.toMatch(/[/\\.%]|^$/);
  });

  it('lists a post once under a tag it gives twice in different case', () => {
    const { tags } = collectTags([post('a', 'Go', 'go')], '/');
    expect(tags[0]?.posts).toHaveLength(1);
  });

  it('gives the tag of every spelling used', () => {
    const { tags, bySpelling } = collectTags([post('a', 'Go', 'rust'), post('b', 'go', 'GO')], '/');
    expect([...bySpelling].map(([spelling, tag]) => [spelling, tags.indexOf(tag)])).toEqual([['Go', 0], ['rust', 1], ['go', 0], ['GO', 0]]);
  });

  it('sorts tags by name regardless of case', () => {
    const { tags } = collectTags([post('a', 'beta', 'Alpha', 'gamma')], '/');
    expect(tags.map((t) => t.name)).toEqual(['Alpha', 'beta', 'gamma']);
  });
});

describe('tagKey', () => {
  it('matches tags without regard to case or Unicode composition', () => {
    expect(tagKey('CAFÉ')).toBe(tagKey('café'));
    expect(tagKey('cafe\u0301')).toBe(tagKey('café'));
  });
});
