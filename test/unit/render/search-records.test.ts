import { describe, expect, it } from 'vitest';
import { htmlText, searchRecord, searchShards } from '../../../src/render/search-records.js';
import { searchPlan, shardSize } from '../../../src/site/search-plan.js';
import type { SitePost } from '../../../src/site/site-post.js';

describe('htmlText', () => {
  it('keeps the text a reader sees, one block per line, references decoded', () => {
    expect(htmlText('<h2 id="a">Tools &#x26; glue</h2>\n<p>A <em>bone</em> folder&nbsp;and <a href="/x">awl</a>.</p><ul><li>one</li><li>two</li></ul>'))
      .toBe('Tools & glue\nA bone folder\u00A0and awl.\none\ntwo');
    expect(htmlText('<pre><code class="language-js">if (a &#x3C; b) <span class="hljs-keyword">return</span>;</code></pre>')).toBe('if (a < b) return;');
    expect(htmlText('<p>x<br>y</p><style>p{}</style><svg><text>no</text></svg>')).toBe('x\ny');
    expect(htmlText('<p>&#128218; &unknown; &#0;</p>')).toBe('📚 &unknown; \uFFFD');
  });
});

const post = (over: Partial<SitePost>): SitePost => ({
  url: '/a/', outputPath: 'a/index.html', title: 'A', date: '2024-05-01T10:00:00Z', dateText: 'May 1, 2024', terms: {}, source: 'a.md', ...over,
}) as SitePost;

describe('searchRecord', () => {
  it('gives the title, date and terms of a document, and its text after the title', () => {
    const doc = post({ terms: { tags: [{ name: 'paper', slug: 'paper', url: '/tags/paper/', title: 'paper' }], categories: [] } });
    expect(searchRecord(doc, '<p>Body</p>', 'en')).toEqual({
      url: '/a/', content: 'A\nBody', language: 'en', meta: { title: 'A', date: 'May 1, 2024', datetime: '2024-05-01T10:00:00Z' }, filters: { tags: ['paper'] },
    });
    expect(searchRecord(post({ date: '', dateText: '' }), '', 'en').meta).toEqual({ title: 'A' });
  });
});

describe('searchShards', () => {
  it('keys a shard by its documents: a change to one changes its key only', () => {
    const docs = Array.from({ length: shardSize + 500 }, (_, i) => post({ url: `/p/${i}/`, source: `${i}.md` }));
    const plan = searchPlan(docs, '/');
    const bodies = new Map(docs.map((d) => [d.source, 'x']));
    const keys = () => searchShards(plan, 'en', (source) => bodies.get(source) ?? '', 'pagefind 1').map((s) => s.key);
    const before = keys();
    expect(before).toHaveLength(4);
    bodies.set('7.md', 'y');
    const after = keys();
    const changed = plan.shardOf(docs[7] as SitePost);
    expect(after.map((key, i) => key !== before[i])).toEqual([0, 1, 2, 3].map((i) => i === changed));
    expect(searchShards(plan, 'en', () => 'x', 'pagefind 2').map((s) => s.key).some((key) => before.includes(key))).toBe(false);
  });

  it('keys a shard by what its records hold: title, dates and term titles, each field apart from the next', () => {
    const key = (over: Partial<SitePost>) => {
      const doc = post({ source: 'a.md', ...over });
      return searchShards(searchPlan([doc], '/'), 'en', () => 'x', 'pagefind 1')[0]?.key;
    };
    const tag = (title: string) => ({ name: title, slug: title, url: `/tags/${title}/`, title });
    const base = key({ title: 'ab', dateText: 'c', terms: { tags: [tag('one')] } });
    expect(key({ title: 'ab', dateText: 'c', terms: { tags: [tag('one')] } })).toBe(base);
    // The date and its text are next to each other: a character moved from one to the other.
    expect(key({ title: 'ab', date: '2024-05-01T10:00:00Zc', dateText: '', terms: { tags: [tag('one')] } })).not.toBe(base);
    expect(key({ title: 'ab', dateText: 'c', terms: { tags: [tag('two')] } })).not.toBe(base);
    expect(key({ title: 'ab', dateText: 'c', terms: { tags: [], categories: [tag('one')] } })).not.toBe(base);
    expect(key({ title: 'ab', dateText: 'c', date: '2024-05-02T10:00:00Z', terms: { tags: [tag('one')] } })).not.toBe(base);
  });
});
