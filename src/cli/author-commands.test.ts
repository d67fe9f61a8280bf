import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatTable, listPosts, newPost, publishDraft } from './author-commands.js';

const now = Date.parse('2026-11-24T18:30:00Z');
let root: string;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'quire-author-'));
  writeFileSync(path.join(root, 'quire.config.yaml'), 'title: T\ntimeZone: America/New_York\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('quire new', () => {
  it('writes a dated file with the site time zone offset and the given tags', () => {
    const file = newPost('Hello, World & Friends', { root, now, tags: ['a', 'b'], draft: true });
    expect(path.relative(root, file)).toBe('posts/2026-11-24-hello-world-and-friends.md');
    expect(readFileSync(file, 'utf8')).toBe(
      '---\ntitle: Hello, World & Friends\ndate: 2026-11-24T13:30:00-05:00\ntags: [ a, b ]\ndraft: true\n---\n\nWrite your post here.\n',
    );
  });

  it('never overwrites an existing post', () => {
    newPost('Same', { root, now });
    expect(() => newPost('Same', { root, now })).toThrow(/already exists/);
  });
});

describe('quire list and publish', () => {
  beforeEach(() => {
    mkdirSync(path.join(root, 'posts'));
    writeFileSync(path.join(root, 'posts/2020-01-01-old.md'), '---\ntitle: Old\n---\nx\n');
    writeFileSync(path.join(root, 'posts/2030-01-01-later.md'), '---\ntitle: Later\n---\nx\n');
    writeFileSync(path.join(root, 'posts/2021-05-05-wip.md'), '---\ntitle: Work in progress # keep me\ndraft: true\n---\nbody\n');
  });

  it('lists posts, drafts and future posts separately', () => {
    expect(listPosts('posts', { root, now }).map((p) => p.title)).toEqual(['Old']);
    expect(listPosts('future', { root, now }).map((p) => p.title)).toEqual(['Later']);
    expect(listPosts('drafts', { root, now }).map((p) => p.title)).toEqual(['Work in progress']);
    expect(formatTable(listPosts('posts', { root, now }))).toMatch(/^DATE +TITLE +PATH\n2020-01-01 00:00 +Old +.*2020-01-01-old\.md$/);
  });

  it('publishes a draft by dating it now and dropping draft, keeping comments and body', () => {
    publishDraft('posts/2021-05-05-wip.md', { root, now });
    expect(readFileSync(path.join(root, 'posts/2021-05-05-wip.md'), 'utf8')).toBe(
      '---\ntitle: Work in progress # keep me\ndate: 2026-11-24T13:30:00-05:00\n---\nbody\n',
    );
    expect(listPosts('drafts', { root, now })).toEqual([]);
  });

  it('refuses to publish a post that is not a draft', () => {
    expect(() => publishDraft('posts/2020-01-01-old.md', { root, now })).toThrow(/not a draft/);
  });
});
