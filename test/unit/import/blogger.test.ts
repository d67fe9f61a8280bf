import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readBlogger, numericId } from '../../../src/import/blogger.js';
import type { ImportedItem } from '../../../src/import/model.js';

const fixture = readFileSync(new URL('../../fixtures/import/blogger.xml', import.meta.url), 'utf8');
const site = readBlogger(fixture);
const item = (id: string): ImportedItem => {
  const found = site.items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
};

describe('readBlogger on the classic export fixture', () => {
  it('reads the feed and tells entries apart by their kind category', () => {
    expect(site.title).toBe('Kettle & Stitch');
    expect(site.version).toBe('classic');
    expect(site.home).toBe('https://kettlestitch.blogspot.com/');
    expect(site.items.map((i) => `${i.id}:${i.kind}:${i.type}:${i.status}`)).toEqual([
      'tag:blogger.com,1999:blog-7770001.layout:other:template:publish',
      'tag:blogger.com,1999:blog-7770001.settings.BLOG_NAME:other:settings:publish',
      '9001:post:post:publish', '9002:post:post:publish', '9003:post:post:draft', '9004:page:page:publish',
    ]);
  });

  it('reads a post: title, HTML content, labels, dates as instants, old link and slug', () => {
    const post = item('9001');
    expect(post.title).toBe('Tea-stained endpapers');
    expect(post.html).toContain('<a name=\'more\'></a>');
    expect(post.tags).toEqual(['paper', 'dyeing']);
    expect(post.date).toEqual({ utc: '2009-03-02T07:45:00Z' });
    expect(post.link).toBe('https://kettlestitch.blogspot.com/2009/03/tea-stained-endpapers.html');
    expect(post.slug).toBe('tea-stained-endpapers');
    expect(post.autop).toBe(false);
  });

  it('attaches comments to their post through thr:in-reply-to, and threads replies through rel="related"', () => {
    expect(item('9001').comments.map((c) => `${c.id}<${c.parent ?? '-'}:${c.author}`)).toEqual(['9101<-:Hugo Brandt', '9102<9101:Ines Moreau']);
    expect(item('9001').comments[0]?.url).toBe('https://hugo.example/');
    expect(item('9002').comments.map((c) => c.id)).toEqual(['9103']);
  });

  it('marks drafts from app:control/app:draft; drafts have no old link', () => {
    expect(item('9003').status).toBe('draft');
    expect(item('9003').link).toBeUndefined();
  });
});

describe('readBlogger on a Google Takeout feed.atom', () => {
  const takeout = readBlogger(`<?xml version='1.0' encoding='utf-8'?>
<feed xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'>
  <id>tag:blogger.com,1999:blog-5</id><title>Takeout Blog</title>
  <entry><id>tag:blogger.com,1999:blog-5.post-1</id><blogger:type>POST</blogger:type><blogger:status>LIVE</blogger:status>
    <author><name>Bea</name></author><title>Hello</title><content type='html'>&lt;p&gt;Hi&lt;/p&gt;</content>
    <published>2021-05-11T19:46:00Z</published><updated>2021-05-12T19:46:00Z</updated>
    <category scheme='tag:blogger.com,1999:blog-5' term='News'/><blogger:filename>/2021/05/hello.html</blogger:filename></entry>
  <entry><id>tag:blogger.com,1999:blog-5.post-2</id><blogger:type>POST</blogger:type><blogger:status>DRAFT</blogger:status>
    <title>Later</title><content type='html'>x</content><published>2021-06-01T00:00:00Z</published></entry>
  <entry><id>tag:blogger.com,1999:blog-5.post-3</id><blogger:type>POST</blogger:type><blogger:status>SOFT_TRASHED</blogger:status>
    <title>Gone</title><content type='html'>x</content><published>2021-06-01T00:00:00Z</published></entry>
  <entry><id>tag:blogger.com,1999:blog-5.post-10</id><blogger:parent>tag:blogger.com,1999:blog-5.post-1</blogger:parent><blogger:inReplyTo/>
    <blogger:type>COMMENT</blogger:type><blogger:status>LIVE</blogger:status><author><name>Cy</name></author>
    <content type='html'>First</content><published>2021-05-12T10:00:00Z</published></entry>
  <entry><id>tag:blogger.com,1999:blog-5.post-11</id><blogger:parent>tag:blogger.com,1999:blog-5.post-1</blogger:parent>
    <blogger:inReplyTo>tag:blogger.com,1999:blog-5.post-10</blogger:inReplyTo>
    <blogger:type>COMMENT</blogger:type><blogger:status>LIVE</blogger:status><author><name>Bea</name></author>
    <content type='html'>Reply</content><published>2021-05-12T11:00:00Z</published></entry>
  <entry><id>tag:blogger.com,1999:blog-5.post-12</id><blogger:parent>tag:blogger.com,1999:blog-5.post-1</blogger:parent>
    <blogger:type>COMMENT</blogger:type><blogger:status>LIVE</blogger:status><blogger:trashed>2021-06-01T00:00:00Z</blogger:trashed>
    <content type='html'>Deleted</content><published>2021-05-12T12:00:00Z</published></entry>
</feed>`);

  it('reads types, statuses, filenames and labels', () => {
    expect(takeout.version).toBe('takeout');
    expect(takeout.items.map((i) => `${i.id}:${i.kind}:${i.status}`)).toEqual(['1:post:publish', '2:post:draft', '3:post:trash']);
    const post = takeout.items[0];
    expect(post?.link).toBe('/2021/05/hello.html');
    expect(post?.slug).toBe('hello');
    expect(post?.tags).toEqual(['News']);
  });

  it('threads comments through blogger:parent and blogger:inReplyTo, and marks trashed ones', () => {
    expect(takeout.items[0]?.comments.map((c) => `${c.id}<${c.parent ?? '-'}:${c.status}`)).toEqual(['10<-:approved', '11<10:approved', '12<-:trash']);
  });
});

describe('readBlogger on other files', () => {
  it('refuses a feed that is not a Blogger export', () => {
    expect(() => readBlogger('<rss version="2.0"><channel/></rss>')).toThrow(/not a Blogger export/);
    expect(() => readBlogger('<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id><title>t</title></entry></feed>')).toThrow(/not a Blogger export/);
  });

  it('escapes text titles and text content, so they stay text', () => {
    const s = readBlogger(`<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>tag:blogger.com,1999:blog-1.post-1</id>
      <category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/>
      <title type='text'>a &lt;b&gt; c</title><content type='text'>x &lt;script&gt;</content><published>2020-01-01T00:00:00Z</published></entry></feed>`);
    expect(s.items[0]?.title).toBe('a &lt;b> c');
    expect(s.items[0]?.html).toBe('x &lt;script&gt;');
  });

  it('takes the number from a Blogger id', () => {
    expect(numericId('tag:blogger.com,1999:blog-123.post-456')).toBe('456');
    expect(numericId(' other ')).toBe('other');
  });
});
