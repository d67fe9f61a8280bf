import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATOM_RNC, checkAtomRules, parseWithFeedparser, parseWithNode, validateAtomWithJing } from './feeds.js';
import { toolGate } from './tools.js';

/** A minimal valid Atom feed (RFC 4287 §1.1); `entry` and `feedExtra` are spliced in. */
const atom = ({
  entry = `<entry>
    <title>Atom-Powered Robots Run Amok</title>
    <link href="http://example.org/2003/12/13/atom03"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <updated>2003-12-13T18:30:02Z</updated>
    <published>2003-12-13T08:29:29-04:00</published>
    <summary>Some text.</summary>
  </entry>`,
  author = '<author><name>John Doe</name></author>',
  updated = '2003-12-13T18:30:02Z',
  id = 'urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6',
} = {}): string => `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Feed</title>
  <link href="http://example.org/"/>
  <updated>${updated}</updated>
  ${author}
  <id>${id}</id>
  ${entry}
</feed>
`;

const RSS = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
  <title>Quire &amp; friends</title><link>https://example.com/</link><description>d</description>
  <item><title>First</title><link>https://example.com/first/</link><guid>https://example.com/first/</guid>
    <pubDate>Mon, 06 Sep 2010 00:01:00 +0000</pubDate><description>&lt;p&gt;Hi&lt;/p&gt;</description></item>
</channel></rss>
`;

let dir: string;
const files: Record<string, string> = {};
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'quire-feeds-'));
  const write = async (name: string, content: string): Promise<void> => {
    files[name] = path.join(dir, name);
    await writeFile(files[name], content);
  };
  await write('good.xml', atom());
  await write('rss.xml', RSS);
  // An HTML entity is not XML: a classic templating bug.
  await write('entity.xml', atom({ entry: '<entry><title>A&nbsp;B</title><link href="http://e/a"/><id>urn:x:1</id><updated>2003-12-13T18:30:02Z</updated></entry>' }));
  await write('baddate.xml', atom({ entry: '<entry><title>T</title><link href="http://e/a"/><id>urn:x:1</id><updated>2003-12-13T18:30:02Z</updated><published>13 Dec 2003 maybe</published></entry>' }));
  await write('noid.xml', atom({ entry: '<entry><title>T</title><link href="http://e/a"/><updated>2003-12-13T18:30:02Z</updated></entry>' }));
  await write('nons.xml', atom().replace(' xmlns="http://www.w3.org/2005/Atom"', ''));
  // Valid for the grammar, wrong for RFC 4287's prose:
  await write('nozone.xml', atom({ updated: '2003-12-13T18:30:02' }));
  await write('relid.xml', atom({ id: 'feed-1' }));
  await write('noauthor.xml', atom({ author: '' }));
  await write('nolink.xml', atom({ entry: '<entry><title>T</title><id>urn:x:1</id><updated>2003-12-13T18:30:02Z</updated></entry>' }));
  await write(
    'prefixed.xml',
    atom()
      .replace('xmlns="http://www.w3.org/2005/Atom"', 'xmlns:a="http://www.w3.org/2005/Atom"')
      .replace(/<(\/?)([a-z]+)([ >/])/g, '<$1a:$2$3'),
  );
  await write('notafeed.xml', '<?xml version="1.0"?><html><body>hi</body></html>');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const f = (name: string): string => {
  const p = files[name];
  if (p === undefined) throw new Error(`fixture ${name} not written`);
  return p;
};

const pyGate = toolGate('python3-feedparser');
const jingGate = toolGate('jing');
if (pyGate.mustFail) it('feeds: python3-feedparser is installed', () => expect.fail(pyGate.reason));
if (jingGate.mustFail) it('feeds: jing is installed', () => expect.fail(jingGate.reason));

describe.skipIf(pyGate.skip)('parseWithFeedparser', () => {
  it('reads a good Atom feed without bozo', async () => {
    const r = await parseWithFeedparser(f('good.xml'));
    expect(r).toMatchObject({ bozo: false, bozoException: null, version: 'atom10', feed: { title: 'Example Feed' } });
    expect(r.entries).toEqual([
      {
        title: 'Atom-Powered Robots Run Amok',
        link: 'http://example.org/2003/12/13/atom03',
        id: 'urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a',
        published: '2003-12-13T08:29:29-04:00',
        publishedParsed: '2003-12-13T12:29:29Z',
        updated: '2003-12-13T18:30:02Z',
        updatedParsed: '2003-12-13T18:30:02Z',
        summary: 'Some text.',
      },
    ]);
  });

  it('reads RSS 2.0, decoding the description', async () => {
    const r = await parseWithFeedparser(f('rss.xml'));
    expect(r).toMatchObject({ bozo: false, version: 'rss20', feed: { title: 'Quire & friends' } });
    expect(r.entries[0]).toMatchObject({ title: 'First', id: 'https://example.com/first/', summary: '<p>Hi</p>' });
    expect(r.entries[0]?.publishedParsed).toBe('2010-09-06T00:01:00Z');
  });

  it('flags an HTML entity as bozo', async () => {
    const r = await parseWithFeedparser(f('entity.xml'));
    expect(r.bozo).toBe(true);
    expect(r.bozoException).toMatch(/undefined entity/);
  });

  it('reports an unparseable date as publishedParsed: null', async () => {
    const r = await parseWithFeedparser(f('baddate.xml'));
    expect(r.entries[0]).toMatchObject({ published: '13 Dec 2003 maybe', publishedParsed: null });
  });

  it('uses /usr/bin/python3 even when PATH starts with another python3', async () => {
    const fakeBin = await mkdtemp(path.join(os.tmpdir(), 'quire-fakepy-'));
    await writeFile(path.join(fakeBin, 'python3'), '#!/bin/sh\necho "wrong python" >&2\nexit 7\n');
    await chmod(path.join(fakeBin, 'python3'), 0o755);
    const saved = process.env['PATH'];
    process.env['PATH'] = `${fakeBin}:${saved ?? ''}`;
    try {
      expect((await parseWithFeedparser(f('good.xml'))).version).toBe('atom10');
    } finally {
      process.env['PATH'] = saved;
      await rm(fakeBin, { recursive: true, force: true });
    }
  });

  it('rejects a missing file instead of parsing its name', async () => {
    await expect(parseWithFeedparser(path.join(dir, 'nope.xml'))).rejects.toThrow(/no such file/);
  });
});

describe('parseWithNode', () => {
  it('reads Atom and RSS titles and items', async () => {
    const a = await parseWithNode(f('good.xml'));
    expect(a).toMatchObject({ type: 'atom', title: 'Example Feed', url: 'http://example.org/' });
    expect(a.items).toHaveLength(1);
    expect(a.items[0]).toMatchObject({ title: 'Atom-Powered Robots Run Amok', url: 'http://example.org/2003/12/13/atom03' });
    expect(a.items[0]?.published).toBe('2003-12-13T12:29:29.000Z');
    const r = await parseWithNode(f('rss.xml'));
    expect(r).toMatchObject({ type: 'rss', title: 'Quire & friends' });
    expect(r.items.map((i) => i.url)).toEqual(['https://example.com/first/']);
  });

  it('throws on XML that is not a feed', async () => {
    await expect(parseWithNode(f('notafeed.xml'))).rejects.toThrow(/feed/i);
  });
});

describe.skipIf(jingGate.skip)('validateAtomWithJing', () => {
  it('uses the schema in test/schemas', () => {
    expect(ATOM_RNC).toMatch(/test\/schemas\/atom\.rnc$/);
  });

  it.each(['good.xml', 'prefixed.xml', 'noauthor.xml', 'nozone.xml'])('accepts %s (grammar-valid)', async (name) => {
    expect(await validateAtomWithJing(f(name))).toEqual({ valid: true, errors: [] });
  });

  it('rejects an entry without atom:id, with file and line', async () => {
    const r = await validateAtomWithJing(f('noid.xml'));
    expect(r.valid).toBe(false);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: f('noid.xml'), line: 8 });
    expect(r.errors[0]?.message).toMatch(/missing required element "id"/);
  });

  it('rejects a non-ISO date, the wrong namespace, RSS, and malformed XML', async () => {
    expect((await validateAtomWithJing(f('baddate.xml'))).errors[0]?.message).toMatch(/invalid; must be an ISO date/);
    expect((await validateAtomWithJing(f('nons.xml'))).valid).toBe(false);
    expect((await validateAtomWithJing(f('rss.xml'))).valid).toBe(false);
    const bad = await validateAtomWithJing(f('entity.xml'));
    expect(bad.valid).toBe(false);
    expect(bad.errors[0]?.message).toMatch(/fatal: .*nbsp/);
  });

  it('rejects a missing file', async () => {
    await expect(validateAtomWithJing(path.join(dir, 'nope.xml'))).rejects.toThrow(/no such file/);
  });
});

describe('checkAtomRules (what the grammar cannot say)', () => {
  it('passes a good feed, also with a prefixed Atom namespace', async () => {
    expect(await checkAtomRules(f('good.xml'))).toEqual([]);
    expect(await checkAtomRules(f('prefixed.xml'))).toEqual([]);
  });

  it('flags a timestamp without time zone', async () => {
    expect(await checkAtomRules(f('nozone.xml'))).toEqual([
      'line 5: atom:updated "2003-12-13T18:30:02" is not an RFC 3339 date-time',
    ]);
  });

  it('flags a relative atom:id', async () => {
    expect(await checkAtomRules(f('relid.xml'))).toEqual(['line 7: atom:id "feed-1" is not an absolute IRI']);
  });

  it('flags entries with no author anywhere, and entries with neither link nor content', async () => {
    expect(await checkAtomRules(f('noauthor.xml'))).toEqual(['line 8: entry has no atom:author and neither does the feed']);
    expect(await checkAtomRules(f('nolink.xml'))).toEqual(['line 8: entry has neither an alternate atom:link nor atom:content']);
  });

  it('flags a document that is not Atom', async () => {
    expect(await checkAtomRules(f('nons.xml'))).toEqual(['root element is not atom:feed or atom:entry']);
  });
});
