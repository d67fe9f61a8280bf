/**
 * Fuzzing the real CLI: small sites whose templates or front matter are mutated at random must
 * build (exit 0) or be refused with diagnostics (1, or 2 for usage), never crash with an
 * internal error. Each case starts `node bin/quire.js build` (about a second), so the runs are
 * few and the file stays near 15 s; a failure prints fast-check's seed and the case, to replay it.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCI } from '../helpers/tools.js';
import { useTempDirs, writeFiles } from '../support/temp-dir.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const cli = path.join(repo, 'bin', 'quire.js');
const skip = !existsSync(path.join(repo, 'lib', 'cli', 'main.js')) && !isCI();
const tempDir = useTempDirs('quire-fuzz-');

const config = 'title: Fuzz\nbaseUrl: https://example.com/\n';
const goodPost = [
  '---',
  'title: "A post"',
  'date: 2024-03-09',
  'tags: [one, two]',
  'description: Short.',
  'aliases: [/old/path.html]',
  '---',
  'First paragraph.',
  '',
  '<!-- more -->',
  '',
  'More text with a [link](./2024-01-01-other.md).',
  '',
].join('\n');
const otherPost = '---\ntitle: Other\ndate: 2024-01-01\n---\nThe other post.\n';

/** Fragments that templates are made of, and broken halves of them. */
const templatePiece = fc.constantFrom(
  '{{', '}}', '{%', '%}', '{{ post.title }}', '{{ post.title | nosuchfilter }}', '{{ x | default: }}', '{% if post.title %}',
  '{% endif %}', '{% for p in posts %}', '{% endfor %}', '{% else %}', '{% unless x %}', '{% endunless %}', '{% nosuchtag %}',
  "{% render 'partials/nope' %}", "{% render 'partials/post-meta', post: post %}", "{% include post.title %}", "{% layout 'layouts/nope' %}",
  '{% block content %}', '{% endblock %}', '{% raw %}', '{% endraw %}', '{% comment %}', '{% assign a = 1 | plus: %}', '{{ 1 | divided_by: 0 }}',
  '{{ "a" | slice: "x" }}', '{{ post.date | date: "%Y" }}', '|', "'", '"', '\n', '-', '{{-', '-%}', '{%- liquid\necho 1\n-%}',
);

/** Fragments of front matter: YAML syntax, tags, odd values and over-long or unusual text. */
const yamlPiece = fc.constantFrom(
  ':', ': ', '\n', '\n  ', '  ', '- ', '"', "'", '[', ']', '{', '}', '#', '&a ', '*a', '!!js/function ', '!!python/object/apply:os.system ',
  '!!str ', '!!binary ', '? ', '|', '>', '---', '...', '\t', 'draft: true', 'draft: "false"', 'date: 2024-02-30', 'date: 99999-01-01',
  'slug: ', 'slug: ../../etc', `slug: ${'x'.repeat(300)}`, `title: ${'é'.repeat(200)}`, 'tags: a, b', 'tags: [A, a]', 'aliases: [../x]',
  `aliases: [/${'a'.repeat(300)}/]`, `tags: [${'t'.repeat(300)}]`, 'comments: false', 'updated: 2024-01-01T25:00:00Z', '__proto__: x', 'é', '\u0000', '\uFEFF',
);

/** A text with a few random insertions and deletions. */
function mutated(text: string, piece: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const edit = fc.record({
    at: fc.nat(),
    remove: fc.nat({ max: 12 }),
    insert: fc.oneof(piece, fc.string({ maxLength: 4 })),
  });
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) =>
    edits.reduce((acc, { at, remove, insert }) => {
      const i = at % (acc.length + 1);
      return acc.slice(0, i) + insert + acc.slice(i + remove);
    }, text));
}

interface Run {
  code: number | null;
  stderr: string;
}

function quireBuild(site: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, 'build', '--jobs', '1', '--quiet'], { cwd: site, encoding: 'utf8', timeout: 30_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr });
    });
  });
}

async function expectNoCrash(files: Record<string, string>): Promise<void> {
  const site = tempDir();
  writeFiles(site, files);
  const run = await quireBuild(site);
  expect(run.stderr).not.toContain('internal error');
  expect([0, 1, 2]).toContain(run.code);
}

const theme = (name: string) => readFileSync(path.join(repo, 'templates', name), 'utf8');
const templateNames = ['post.liquid', 'home.liquid', 'partials/sidebar.liquid', 'partials/post-meta.liquid', 'layouts/base.liquid'];

describe.skipIf(skip)('the CLI on randomly broken sites', () => {
  it('exits 0, 1 or 2 whatever a template says', async () => {
    const cases = fc.constantFrom(...templateNames).chain((name) => mutated(theme(name), templatePiece).map((text) => ({ name, text })));
    await fc.assert(
      fc.asyncProperty(cases, ({ name, text }) =>
        expectNoCrash({
          'quire.config.yaml': config,
          'posts/2024-03-09-a-post.md': goodPost,
          'posts/2024-01-01-other.md': otherPost,
          [`templates/${name}`]: text,
        })),
      { numRuns: 8, endOnFailure: true },
    );
  }, 120_000);

  it('exits 0, 1 or 2 whatever the front matter says', async () => {
    await fc.assert(
      fc.asyncProperty(mutated(goodPost, yamlPiece), (post) =>
        expectNoCrash({ 'quire.config.yaml': config, 'posts/2024-03-09-a-post.md': post, 'posts/2024-01-01-other.md': otherPost })),
      { numRuns: 8, endOnFailure: true },
    );
  }, 120_000);
});
