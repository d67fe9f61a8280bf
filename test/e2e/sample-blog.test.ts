/**
 * Builds the repository's own sample blog (posts/, quire.config.yaml) and checks the whole output:
 * valid HTML (Nu HTML Checker), no broken internal link, reproducible bytes, no scripts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { build, type BuildResult } from '../../src/build.js';
import { findBrokenLinks, formatBrokenRefs } from '../helpers/link-walk.js';
import { toolGate } from '../helpers/tools.js';
import { formatVnuMessages, runVnu } from '../helpers/vnu.js';
import { FIXED_NOW } from '../support/clock.js';
import { all, parseHtml } from '../support/html.js';
import { useTempDirs } from '../support/temp-dir.js';
import { diffTrees, listTree, readTree } from '../support/tree.js';
import { isSearchPage, searchScriptSrc, searchScriptTag } from '../support/theme-script.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tempDir = useTempDirs('quire-sample-');
const siteUrl = (parse(readFileSync(path.join(root, 'quire.config.yaml'), 'utf8')) as { baseUrl: string }).baseUrl;

let out: string;
let result: BuildResult;
const htmlFiles = (): string[] => listTree(out).filter((f) => f.endsWith('.html'));

beforeAll(() => {
  out = path.join(tempDir(), 'dist');
  result = build({ root, src: 'posts', out, now: FIXED_NOW });
});

describe('the sample blog', () => {
  it('builds with no errors', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.posts).toBeGreaterThanOrEqual(8);
    expect(listTree(out)).toEqual(expect.arrayContaining(['index.html', '404.html', 'robots.txt', 'sitemap.xml']));
  });

  const java = toolGate(['java']);
  if (java.mustFail) it('has Java for the Nu HTML Checker', () => expect.fail(java.reason));
  describe.skipIf(java.skip)('HTML validity', () => {
    it('passes the Nu HTML Checker on every page', async () => {
      const files = htmlFiles().map((f) => path.join(out, f));
      expect(files.length).toBeGreaterThan(20);
      const messages = await runVnu(files);
      expect(messages, formatVnuMessages(messages, out)).toEqual([]);
    }, 180_000);
  });

  it('has no broken internal link, asset or fragment', async () => {
    const broken = await findBrokenLinks(out, { base: new URL(siteUrl).pathname, siteUrl });
    expect(broken, formatBrokenRefs(broken)).toEqual([]);
  });

  it('builds byte-identical output twice', () => {
    const a = path.join(tempDir(), 'one');
    const b = path.join(tempDir(), 'two');
    expect(build({ root, src: 'posts', out: a, now: FIXED_NOW }).ok).toBe(true);
    expect(build({ root, src: 'posts', out: b, now: FIXED_NOW }).ok).toBe(true);
    const first = readTree(a);
    const second = readTree(b);
    expect([...second.keys()]).toEqual([...first.keys()]);
    expect(diffTrees(first, second)).toEqual([]);
    // And the same as the build under test, so the folder name leaks into no page.
    expect(diffTrees(first, readTree(out))).toEqual([]);
  });

  it('has no script other than JSON-LD, no event handler attribute and no javascript: URL', () => {
    for (const file of htmlFiles()) {
      const html = readFileSync(path.join(out, file), 'utf8');
      const doc = parseHtml(html);
      // JSON-LD, and on the search page the theme's own search script, by its hashed name.
      for (const script of all(doc, 'script')) {
        const search = isSearchPage(file) && script.attribs['type'] === 'module' && searchScriptSrc.test(script.attribs['src'] ?? '');
        if (!search) expect(script.attribs['type'], `<script> in ${file}`).toBe('application/ld+json');
      }
      const elements = all(doc, '*');
      expect(elements.length, file).toBeGreaterThan(20);
      for (const el of elements) {
        for (const [name, value] of Object.entries(el.attribs)) {
          expect(name, `${name}= on <${el.name}> in ${file}`).not.toMatch(/^on/i);
          expect(value.replace(/[\s\u0000-\u001f]/g, ''), `${name}= on <${el.name}> in ${file}`).not.toMatch(/^javascript:/i);
        }
      }
      expect(isSearchPage(file) ? html.replace(searchScriptTag, '') : html).not.toMatch(/<script(?![^>]*type="application\/ld\+json")/i);
      expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    }
  });
});
