/**
 * Links written as site URLs (`/blog/2014/07/some-post/`), built end to end: each one that leads
 * to no written page or file, or to a draft's or scheduled post's page, is a warning at its file,
 * line and column; the others say nothing; the build still succeeds (and fails under strict). A
 * warm build, whose renderings come from the cache, reports the same, and checks them against
 * the site as it is now. Then the same through the real CLI, whose bodies render on a worker.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { isCI } from '../helpers/tools.js';
import { FIXED_NOW } from '../support/clock.js';
import { useTempDirs, writeFiles } from '../support/temp-dir.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const tempDir = useTempDirs('quire-site-links-');

const linker = [
  '---',
  'title: Linker',
  '---',
  'Good: [the post](/blog/2014/07/some-post/#part), [a file](/blog/files/notes.txt?v=2), [the feed](/blog/rss.xml) and [home](/blog/).',
  '',
  'Broken: [nowhere](/blog/2014/07/no-such-post/).',
  '',
  'Draft: [secret](/blog/2024/02/secret/) and [later](/blog/2999/01/later/).',
  '',
  'Elsewhere: [ext](https://example.org/x/), [cdn](//cdn.example/x.js), [shop](/shop/) and ![an image](/blog/files/square.svg).',
  '',
  'Also [no base path](/2014/07/some-post/).',
  '',
].join('\n');

const site = {
  'quire.config.yaml': 'title: Site links\nbaseUrl: https://example.com/blog/\n',
  'posts/2014-07-01-some-post.md': '---\ntitle: Some post\n---\nThe target.\n',
  'posts/2024-02-01-secret.md': '---\ntitle: Secret\ndraft: true\n---\nNot yet.\n',
  'posts/2999-01-01-later.md': '---\ntitle: Later\n---\nMuch later.\n',
  'posts/2024-03-01-linker.md': linker,
  'pages/about.md': '---\ntitle: About\n---\nStart with [the first post](/blog/2014/07/some-post/).\n',
  'static/files/notes.txt': 'notes\n',
  'static/files/square.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>\n',
};

/** What each warning says and where, the file relative to the site. */
function described(root: string, diagnostics: readonly Diagnostic[]) {
  return diagnostics.map((d) => ({
    file: d.file === undefined ? undefined : path.relative(root, path.resolve(d.file)).split(path.sep).join('/'),
    severity: d.severity, code: d.code, line: d.line, column: d.column, message: d.message, hint: d.hint,
  }));
}

const expected = [
  {
    file: 'posts/2024-03-01-linker.md', severity: 'warning', code: 'BrokenSiteLink', line: 6, column: 9,
    message: 'The link to "/blog/2014/07/no-such-post/" points at no page or file of this site.',
    hint: 'Check the URL; the build writes no page or file there.',
  },
  {
    file: 'posts/2024-03-01-linker.md', severity: 'warning', code: 'SiteLinkToUnpublished', line: 8, column: 8,
    message: 'The link to "/blog/2024/02/secret/" points at the page of a draft or scheduled post, which this build does not write.',
    hint: expect.any(String),
  },
  {
    file: 'posts/2024-03-01-linker.md', severity: 'warning', code: 'SiteLinkToUnpublished', line: 8, column: 44,
    message: 'The link to "/blog/2999/01/later/" points at the page of a draft or scheduled post, which this build does not write.',
    hint: expect.any(String),
  },
  {
    file: 'posts/2024-03-01-linker.md', severity: 'warning', code: 'BrokenSiteLink', line: 12, column: 6,
    message: 'The link to "/2014/07/some-post/" points at no page or file of this site.',
    hint: 'Did you mean /blog/2014/07/some-post/?',
  },
];

/** The warnings in the order the report prints them (by file, line, column). */
const sorted = (diagnostics: ReturnType<typeof described>) => [...diagnostics].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));

describe('a site whose posts link by site URL', () => {
  const root = tempDir();
  writeFiles(root, site);
  const out = path.join(root, 'dist');
  const cold = build({ root, out, now: FIXED_NOW });

  it('builds, with a warning at the place of each link that leads nowhere or to a draft, and none for the others', () => {
    expect(cold.ok).toBe(true);
    expect(sorted(described(root, cold.diagnostics))).toEqual(expected);
    expect(cold.rendered).toBe(cold.documents);
  });

  it('shows the line of the link under each warning', () => {
    const broken = cold.diagnostics.find((d) => d.code === 'BrokenSiteLink' && d.line === 6);
    expect(broken?.frame).toContain('> 6 | Broken: [nowhere](/blog/2014/07/no-such-post/).');
  });

  it('keeps the links as written: a warning changes nothing in the page', () => {
    const html = readFileSync(path.join(out, '2024/03/linker/index.html'), 'utf8');
    expect(html).toContain('<a href="/blog/2014/07/no-such-post/">nowhere</a>');
    expect(html).toContain('<a href="/blog/2024/02/secret/">secret</a>');
  });

  it('reports the same on a warm build, whose renderings all come from the cache', () => {
    const warm = build({ root, out, now: FIXED_NOW });
    expect(warm.ok).toBe(true);
    expect(warm.rendered).toBe(0);
    expect(sorted(described(root, warm.diagnostics))).toEqual(expected);
  });

  it('checks cached renderings against the site as it is: publishing the draft ends its warning', () => {
    writeFiles(root, { 'posts/2024-02-01-secret.md': '---\ntitle: Secret\n---\nOut now.\n' });
    try {
      const published = build({ root, out, now: FIXED_NOW });
      expect(published.ok).toBe(true);
      // The linking post is not rendered again; only the new post is.
      expect(published.rendered).toBe(1);
      expect(sorted(described(root, published.diagnostics))).toEqual(expected.filter((d) => d.column !== 8));
    } finally {
      writeFiles(root, { 'posts/2024-02-01-secret.md': site['posts/2024-02-01-secret.md'] });
    }
  });

  it('fails on them with strict, as on any warning', () => {
    const strict = build({ root, out: path.join(root, 'strict'), now: FIXED_NOW, strict: true });
    expect(strict.ok).toBe(false);
    expect(strict.diagnostics.map((d) => d.code).sort()).toEqual(['BrokenSiteLink', 'BrokenSiteLink', 'SiteLinkToUnpublished', 'SiteLinkToUnpublished']);
    expect(existsSync(path.join(root, 'strict'))).toBe(false);
  });

  it('builds the same site without links to fix with no warning at all', () => {
    const clean = tempDir();
    writeFiles(clean, { ...site, 'posts/2024-03-01-linker.md': linker.split('\n').filter((line) => !/^(Broken:|Draft:|Also )/.test(line)).join('\n') });
    const result = build({ root: clean, out: path.join(clean, 'dist'), now: FIXED_NOW });
    expect(result.ok).toBe(true);
    expect(result.diagnostics).toEqual([]);
  });
});

const cli = path.join(repo, 'bin', 'quire.js');
const compiled = existsSync(path.join(repo, 'lib', 'cli', 'main.js'));
const cliSkip = !compiled && !isCI();

/** Runs the real CLI in `cwd`. */
function quire(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(cliSkip)(`the quire CLI${cliSkip ? ' (skipped: lib/cli/main.js is missing; run `npm run compile`)' : ''}`, () => {
  it('prints each warning as file:line:column with its code, exits 0, and prints the same from the cache', () => {
    const root = tempDir();
    writeFiles(root, site);
    const lines = [
      'posts/2024-03-01-linker.md:6:9  warning  The link to "/blog/2014/07/no-such-post/" points at no page or file of this site.  [BrokenSiteLink]',
      'posts/2024-03-01-linker.md:8:8  warning  The link to "/blog/2024/02/secret/" points at the page of a draft or scheduled post, which this build does not write.  [SiteLinkToUnpublished]',
      'posts/2024-03-01-linker.md:8:44  warning  The link to "/blog/2999/01/later/" points at the page of a draft or scheduled post, which this build does not write.  [SiteLinkToUnpublished]',
      'posts/2024-03-01-linker.md:12:6  warning  The link to "/2014/07/some-post/" points at no page or file of this site.  [BrokenSiteLink]',
    ];
    const reports: string[] = [];
    for (const run of ['cold', 'warm']) {
      // Two jobs: the bodies render on a worker thread, and their links come back from it.
      const r = quire(root, 'build', '--jobs', '2');
      expect(r.status, run).toBe(0);
      const warnings = r.stderr.split('\n').filter((line) => line.includes('  warning  '));
      expect(warnings, run).toEqual(lines);
      expect(r.stderr, run).toMatch(/4 warnings\n$/);
      // A notice (which parser ran) comes only from a build that loads the pipeline.
      reports.push(r.stderr.split('\n').filter((line) => !line.startsWith('Note: ')).join('\n'));
      if (run === 'warm') expect(r.stdout).toContain('(0 rendered, the rest from cache)');
    }
    // Hints and code frames too.
    expect(reports[1]).toBe(reports[0]);
  });
});
