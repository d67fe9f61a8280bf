import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readComment, readComments } from '../../../src/content/read-comments.js';
import { useTempDirs, writeFiles } from '../../support/temp-dir.js';

const tempDir = useTempDirs('quire-comments-');
const where = { file: 'comments/a-post/c1.md', postSlug: 'a-post', id: 'c1' };
const zone = { timeZone: 'Europe/London' };

describe('readComment', () => {
  it('reads author, date (in the site zone), url, reply_to and the body with its line', () => {
    const { comment, diagnostics } = readComment(
      '---\nauthor: Priya\ndate: 2024-03-10T08:02:00+05:30\nurl: https://example.org\nreply_to: b0\n---\nHello *there*.\n', where, zone);
    expect(diagnostics).toEqual([]);
    expect(comment).toMatchObject({
      id: 'c1', postSlug: 'a-post', author: 'Priya', date: '2024-03-10T02:32:00+00:00', url: 'https://example.org/',
      replyTo: 'b0', replyToLine: 5, body: 'Hello *there*.\n', bodyLine: 7,
    });
    expect(comment?.time).toBe(Date.parse('2024-03-10T02:32:00Z'));
  });

  it('reports a missing author and date, positioned in the file', () => {
    const { comment, diagnostics } = readComment('---\nurl: https://example.org\n---\nText\n', where, zone);
    expect(comment).toBeUndefined();
    expect(diagnostics.map((d) => d.message)).toEqual(['This comment has no author.', 'This comment has no date.']);
    expect(diagnostics.every((d) => d.code === 'CommentInvalid' && d.file === where.file)).toBe(true);
  });

  it('refuses javascript: and other non-web author URLs, with the line of the url field', () => {
    const { comment, diagnostics } = readComment('---\nauthor: X\ndate: 2024-01-01\nurl: "javascript:alert(1)"\n---\nText\n', where, zone);
    expect(comment).toBeUndefined();
    expect(diagnostics[0]).toMatchObject({ code: 'CommentInvalid', line: 4 });
    expect(diagnostics[0]?.message).toMatch(/http or https/);
  });

  it('refuses unsafe ids taken from the file name', () => {
    for (const id of ['Bad', 'a b', 'x"onmouseover=1', 'é1', '-x', '']) {
      const { comment, diagnostics } = readComment('---\nauthor: X\ndate: 2024-01-01\n---\nText\n', { ...where, id }, zone);
      expect(comment, id).toBeUndefined();
      expect(diagnostics[0]?.message, id).toMatch(/not safe/);
    }
  });

  it('refuses an empty body and impossible dates; warns about unknown fields', () => {
    expect(readComment('---\nauthor: X\ndate: 2024-01-01\n---\n\n', where, zone).diagnostics[0]?.message).toBe('This comment has no text.');
    expect(readComment('---\nauthor: X\ndate: 2023-02-30\n---\nHi\n', where, zone).diagnostics[0]?.line).toBe(3);
    const unknown = readComment('---\nauthor: X\ndate: 2024-01-01\nmood: happy\n---\nHi\n', where, zone);
    expect(unknown.comment).toBeDefined();
    expect(unknown.diagnostics).toMatchObject([{ severity: 'warning', line: 4 }]);
  });
});

describe('readComments', () => {
  it('reads comments/<slug>/<id>.md, skips hidden files, and rejects files outside a post folder', () => {
    const root = tempDir();
    writeFiles(root, {
      'comments/post-a/c1.md': '---\nauthor: A\ndate: 2024-01-01\n---\nOne\n',
      'comments/post-a/.c2.md.swp': 'junk',
      'comments/post-b/x-9.md': '---\nauthor: B\ndate: 2024-01-02\n---\nTwo\n',
      'comments/stray.md': '---\nauthor: C\ndate: 2024-01-03\n---\nThree\n',
      'comments/post-b/deeper/c3.md': '---\nauthor: D\ndate: 2024-01-04\n---\nFour\n',
    });
    const { comments, diagnostics } = readComments(path.join(root, 'comments'), zone);
    expect(comments.map((c) => `${c.postSlug}/${c.id}`)).toEqual(['post-a/c1', 'post-b/x-9']);
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => path.basename(d.file ?? ''))).toEqual(['c3.md', 'stray.md']);
  });

  it('treats a missing comments folder as no comments', () => {
    expect(readComments(path.join(tempDir(), 'nope'), zone)).toEqual({ comments: [], diagnostics: [] });
  });
});
