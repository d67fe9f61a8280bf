import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBody, readPosts } from '../../../src/content/read-posts.js';
import { useTempDirs, writeFiles } from '../../support/temp-dir.js';

const tempDir = useTempDirs('quire-read-posts-');
const utc = { timeZone: 'UTC' };

describe('readPosts', () => {
  it('reads every good post and still reports every bad one', () => {
    const root = tempDir();
    writeFiles(root, {
      '2024-01-01-good.md': '---\ntitle: Good\n---\nBody\n',
      'bad-yaml.md': '---\ntitle: Bad\ndate: 2024-01-01\ndescription: "x" y\n---\nBody\n',
      'no-date.md': '---\ntitle: No date\n---\nBody\n',
      'binary.md': Uint8Array.from([0x89, 0x50, 0x00, 0x01]),
      'latin1.md': Uint8Array.from([0x63, 0x61, 0x66, 0xe9]),
    });
    const { posts, diagnostics } = readPosts(root, utc);
    expect(posts.map((p) => p.source)).toEqual(['2024-01-01-good.md']);
    const byFile = Object.fromEntries(diagnostics.map((d) => [path.basename(d.file ?? ''), d]));
    expect(byFile['bad-yaml.md']).toMatchObject({ code: 'FrontMatterYaml', line: 4 });
    expect(byFile['no-date.md']).toMatchObject({ code: 'MissingDate' });
    expect(byFile['binary.md']).toMatchObject({ code: 'SourceEncoding' });
    expect(byFile['latin1.md']).toMatchObject({ code: 'SourceEncoding' });
    for (const d of diagnostics) expect(path.resolve(d.file ?? '')).toBe(path.join(root, path.basename(d.file ?? '')));
  });

  it('reads a file saved with a BOM and CRLF line endings', () => {
    const root = tempDir();
    writeFiles(root, { 'win.md': '\uFEFF---\r\ntitle: Windows\r\ndate: 2024-01-01\r\n---\r\nBody\r\n' });
    const { posts, diagnostics, bodies } = readPosts(root, utc);
    expect(diagnostics).toEqual([]);
    expect(posts[0]).toMatchObject({ title: 'Windows', bodyLine: 5 });
    // Bodies stay on disk; loading one takes the text's tail, without splitting the file again.
    expect(posts[0]?.body).toBeUndefined();
    const ref = bodies.get('win.md');
    expect(ref?.offset).toBeGreaterThan(0);
    expect(loadBody(root, 'win.md', ref)).toEqual({ body: 'Body\n', hash: ref?.hash });
  });

  it('loads a body changed since it was read by splitting the file again', () => {
    const root = tempDir();
    writeFiles(root, { 'a.md': '---\ntitle: A\ndate: 2024-01-01\n---\nFirst text\n' });
    const ref = readPosts(root, utc).bodies.get('a.md');
    writeFiles(root, { 'a.md': '---\ntitle: A longer title\ndate: 2024-01-01\n---\nSecond\n' });
    expect(loadBody(root, 'a.md', ref)?.body).toBe('Second\n');
    expect(loadBody(root, 'missing.md', ref)).toBeUndefined();
  });

  it('warns once per unknown front-matter field, not once per post', () => {
    const root = tempDir();
    const post = (n: number) => `---\ntitle: P${n}\ndate: 2024-01-0${n}\nmood: calm\n---\nBody\n`;
    writeFiles(root, { 'a.md': post(1), 'b.md': post(2), 'c.md': post(3) });
    const { posts, diagnostics } = readPosts(root, utc);
    expect(posts).toHaveLength(3);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'warning', code: 'UnknownField' });
    expect(diagnostics[0]?.message).toContain('in 3 posts');
    expect(posts.every((p) => p.extra['mood'] === 'calm')).toBe(true);
  });
});
