import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportFormatError, type ImportedItem } from '../../../src/import/model.js';
import { readWxr, wpDate } from '../../../src/import/wxr.js';

const fixture = readFileSync(new URL('../../fixtures/import/wordpress.xml', import.meta.url), 'utf8');
const site = readWxr(fixture);
const item = (id: string): ImportedItem => {
  const found = site.items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
};

describe('readWxr on the fixture (WXR 1.2)', () => {
  it('reads the channel: title (entities decoded), version, blog URL', () => {
    expect(site.title).toBe('Field Notes from Ōtsuka’s Bindery');
    expect(site.version).toBe('1.2');
    expect(site.home).toBe('https://fieldnotes.example');
  });

  it('keeps every item with its kind and status, for the writer to count', () => {
    const summary = site.items.map((i) => `${i.id}:${i.kind}:${i.status}`);
    expect(summary).toEqual([
      '101:post:publish', '102:post:publish', '103:post:publish', '104:post:draft', '105:post:pending',
      '106:post:private', '107:post:trash', '110:post:protected', '111:post:future', '108:page:publish',
      '109:page:publish', '201:attachment:other', '202:attachment:other', '300:other:publish',
      '301:other:publish', '302:other:publish', '303:other:publish', '304:other:publish', '305:other:publish', '306:other:publish', '307:other:publish',
    ]);
  });

  it('takes the GMT date when there is one, else the local date', () => {
    expect(item('101').date).toEqual({ utc: '2024-01-01T06:30:00Z' });
    expect(item('101').modified).toEqual({ utc: '2024-01-02T16:00:00Z' });
    expect(item('104').date).toEqual({ local: '2024-04-01T10:00:00' });
  });

  it('splits tags from categories, drops "Uncategorized", and names authors by display name', () => {
    expect(item('101').tags).toEqual(['paper', 'tools']);
    expect(item('101').categories).toEqual(['Bookbinding']);
    // A child category is written with its parent, from the channel's category list.
    expect(item('102').categories).toEqual(['Travel/Paper mills']);
    expect(item('101').author).toBe('Mara Lindqvist');
  });

  it('reads links, slugs, excerpts, comment status and the ?p= guid', () => {
    const post = item('101');
    expect(post.link).toBe('https://fieldnotes.example/2023/12/31/new-years-eve-at-the-bindery/');
    expect(post.oldUrls).toEqual(['https://fieldnotes.example/?p=101']);
    expect(post.excerptHtml).toBe('Twelve text blocks &amp; a warm glue pot.');
    expect(item('103').slug).toBe('%e6%97%a5%e6%9c%ac%e3%81%ae%e5%92%8c%e7%b4%99');
    expect(item('102').commentsOpen).toBe(false);
    expect(item('201').attachmentUrl).toBe('https://fieldnotes.example/wp-content/uploads/2023/12/press.jpg');
    expect(item('201').parent).toBe('101');
  });

  it('reads comments with their status, kind and parent', () => {
    const comments = item('101').comments.map((c) => `${c.id}:${c.status}:${c.type}:${c.parent ?? '-'}`);
    expect(comments).toEqual([
      '11:approved:comment:-', '12:approved:comment:11', '13:approved:comment:12', '14:spam:comment:-',
      '15:approved:pingback:-', '16:pending:comment:-', '17:approved:comment:16',
    ]);
    expect(item('101').comments[0]?.url).toBe('https://priya.example.net/');
    expect(item('107').comments[0]?.status).toBe('trash');
  });
});

describe('readWxr on other versions and other files', () => {
  it('reads WXR 1.0, whose tags have domain="tag"', () => {
    const old = readWxr(`<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.0/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Old</title><link>http://old.example</link>
<item><title>Hi</title><category><![CDATA[Cat]]></category><category domain="tag"><![CDATA[tagged]]></category>
<content:encoded><![CDATA[Body]]></content:encoded><wp:post_id>1</wp:post_id><wp:post_date>2008-11-06 10:00:00</wp:post_date>
<wp:post_date_gmt>2008-11-06 15:00:00</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item></channel></rss>`);
    expect(old.version).toBe('1.0');
    expect(old.items[0]?.tags).toEqual(['tagged']);
    expect(old.items[0]?.categories).toEqual(['Cat']);
    expect(old.items[0]?.html).toBe('Body');
  });

  it('refuses a plain RSS feed and a non-RSS file, with a position', () => {
    expect(() => readWxr('<rss version="2.0"><channel><title>x</title><item><title>y</title></item></channel></rss>')).toThrow(/not a WordPress export/);
    expect(() => readWxr('<feed xmlns="http://www.w3.org/2005/Atom"/>')).toThrow(ImportFormatError);
  });
});

describe('wpDate', () => {
  it('ignores the zero dates WordPress writes for drafts', () => {
    expect(wpDate('0000-00-00 00:00:00', '0000-00-00 00:00:00')).toBeUndefined();
    expect(wpDate('', '2024-01-01 10:00:00')).toEqual({ local: '2024-01-01T10:00:00' });
    expect(wpDate('garbage', 'also garbage')).toBeUndefined();
  });
});
