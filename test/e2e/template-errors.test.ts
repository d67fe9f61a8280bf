/**
 * A site's broken templates are content errors: each is reported with the template's file, line,
 * column, a code frame and a hint, all at once, the build exits 1 and the previous output stays
 * as it was.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { isCI } from '../helpers/tools.js';
import { FIXED_NOW } from '../support/clock.js';
import { runCli } from '../support/run-cli.js';
import { useTempDirs, writeFiles } from '../support/temp-dir.js';
import { readTree } from '../support/tree.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const tempDir = useTempDirs('quire-template-errors-');
const theme = (name: string) => readFileSync(path.join(repo, 'templates', name), 'utf8');

const goodSite = {
  'quire.config.yaml': 'title: Template Errors\nbaseUrl: https://example.com/\n',
  'posts/2020-01-01-first.md': '---\ntitle: First\ntags: [a]\n---\n\nThe first post.\n',
};

/** A site built once with the default theme, so there is previous output to keep. */
function builtSite(): { site: string; out: string } {
  const site = tempDir();
  writeFiles(site, goodSite);
  const out = path.join(site, 'dist');
  expect(build({ root: site, out, now: FIXED_NOW }).ok).toBe(true);
  return { site, out };
}

/** The default post template with an unknown filter on its title (line 5). */
const postWithUnknownFilter = theme('post.liquid').replace('{{ post.title }}', '{{ post.title | nosuchfilter }}');

describe('template errors', () => {
  it('reports an unknown filter, an unclosed tag, an unknown tag and missing partials and layouts at once, with file, line and column', () => {
    const { site, out } = builtSite();
    const before = readTree(out);
    writeFiles(site, {
      'templates/post.liquid': postWithUnknownFilter,
      'templates/home.liquid': "{% layout 'layouts/base' %}\n{% block content %}\n{% if posts.size > 0 %}\n<p>unclosed</p>\n{% endblock %}\n",
      'templates/archive.liquid': '<h1>Archive</h1>\n{% for year in archive %}\n{{ year.year }}\n',
      'templates/tags.liquid': "{% layout 'layouts/base' %}\n{% block content %}\n  {% nosuchtag %}\n{% endblock %}\n",
      'templates/partials/sidebar.liquid': "<aside>\n{% render 'partials/nope' %}\n</aside>\n",
      'templates/listing.liquid': "{% layout 'layouts/{%base' %}\n{% block content %}x{% endblock %}\n",
      'templates/404.liquid': "{% layout 'layouts/gone' %}\n{% block content %}x{% endblock %}\n",
    });
    const result = build({ root: site, out, now: FIXED_NOW });
    expect(result.ok).toBe(false);
    const byFile = new Map(result.diagnostics.map((d) => [path.relative(site, path.resolve(d.file ?? '')), d]));
    expect(byFile.get('templates/post.liquid')).toMatchObject({ code: 'TemplateError', severity: 'error', line: 5, column: 47 });
    expect(byFile.get('templates/post.liquid')?.message).toContain('"nosuchfilter"');
    expect(byFile.get('templates/post.liquid')?.frame).toContain('> 5 | <h1 class="post-title p-name">{{ post.title | nosuchfilter }}</h1>');
    expect(byFile.get('templates/home.liquid')).toMatchObject({ code: 'TemplateError', line: 5, column: 1, message: '{% endblock %} does not close any tag opened before it.' });
    expect(byFile.get('templates/archive.liquid')).toMatchObject({ code: 'TemplateError', line: 2, column: 1, hint: 'Add {% endfor %} where its block ends.' });
    expect(byFile.get('templates/tags.liquid')).toMatchObject({ code: 'TemplateError', line: 3, column: 3 });
    expect(byFile.get('templates/tags.liquid')?.message).toContain('"nosuchtag"');
    expect(byFile.get('templates/partials/sidebar.liquid')).toMatchObject({ code: 'TemplateError', line: 2, column: 1 });
    expect(byFile.get('templates/partials/sidebar.liquid')?.message).toContain('"partials/nope"');
    expect(byFile.get('templates/404.liquid')).toMatchObject({ code: 'TemplateError', line: 1, column: 1 });
    expect(byFile.get('templates/404.liquid')?.message).toContain('"layouts/gone"');
    // LiquidJS parses a quoted name apart from its file; the error is still placed in the file.
    expect(byFile.get('templates/listing.liquid')).toMatchObject({ code: 'TemplateError', line: 1, column: 20 });
    for (const d of result.diagnostics) expect(d.hint).toBeTruthy();
    expect(result.diagnostics).toHaveLength(7);
    expect(readTree(out)).toEqual(before);
  });

  it('reports a template failing while a page renders (a partial named by a variable) and keeps the output', async () => {
    const { site, out } = builtSite();
    const before = readTree(out);
    writeFiles(site, {
      'templates/alias.liquid': 'x',
      'templates/home.liquid': "{% layout 'layouts/base' %}\n{% block content %}\n{% include page.missing %}\n{% endblock %}\n",
    });
    const run = await runCli('build', '--root', site, '--out', out);
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/templates[/\\]home\.liquid:3:1 {2}error {2}.*\[TemplateError\]/);
    expect(run.stderr).toContain('> 3 | {% include page.missing %}');
    // A failed build like any other: said so, with the output named.
    expect(run.stderr).toContain('Build failed;');
    expect(readTree(out)).toEqual(before);
  });

  const cli = path.join(repo, 'bin', 'quire.js');
  const cliSkip = !existsSync(path.join(repo, 'lib', 'cli', 'main.js')) && !isCI();
  it.skipIf(cliSkip)('through the real CLI: exit 1, the template named as the site sees it, no internal error', () => {
    const { site, out } = builtSite();
    const before = readTree(out);
    writeFiles(site, { 'templates/post.liquid': postWithUnknownFilter });
    const r = spawnSync(process.execPath, [cli, 'build'], { cwd: site, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).not.toContain('internal error');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('templates/post.liquid:5:47  error  There is no filter named "nosuchfilter".  [TemplateError]');
    expect(readTree(out)).toEqual(before);
  });
});
