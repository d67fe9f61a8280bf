/**
 * A site's own markdown plugins and template filters, end to end through `quire build` (render
 * workers, which load the site's config themselves): plugins as functions in quire.config.ts,
 * by package name and as local files in YAML; the render cache re-rendering exactly what a
 * change affects; a failing plugin and a plugin's warnings as diagnostics; filters in templates.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { useTempDirs, writeFiles } from '../support/temp-dir.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repo, 'bin', 'quire.js');
const tempDir = useTempDirs('quire-plugins-');

beforeAll(() => {
  if (!existsSync(path.join(repo, 'lib', 'index.js'))) throw new Error('lib/ is missing: run npm run compile (npm ci does it).');
});

/**
 * A site folder with its own node_modules, as `npm install quire remark-math rehype-katex` makes
 * it: links to the installed packages (their dependencies resolve from where they really are),
 * and quire itself.
 */
function site(files: Record<string, string>, packages = ['remark-math', 'rehype-katex']): string {
  const root = tempDir();
  mkdirSync(path.join(root, 'node_modules'));
  for (const name of packages) symlinkSync(path.join(repo, 'node_modules', name), path.join(root, 'node_modules', name));
  symlinkSync(repo, path.join(root, 'node_modules', 'quire'));
  writeFiles(root, {
    'posts/2024-05-01-energy.md': '---\ntitle: Energy\ndate: 2024-05-01\n---\nMass and energy: $E=mc^2$ holds.\n\n$$\nx^2\n$$\n',
    'posts/2024-05-02-plain.md': '---\ntitle: Plain\ndate: 2024-05-02\n---\nNothing to see, energy aside.\n',
    ...files,
  });
  return root;
}

function quire(root: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [cli, 'build', '--root', root, '--jobs', '2', ...args], { encoding: 'utf8' });
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

/** Posts rendered by a build, from its closing line. */
function rendered(out: { stdout: string }): number {
  const line = /Built (\d+) posts?(?: \((\d+) rendered, the rest from cache\))?/.exec(out.stdout);
  if (!line) throw new Error(`no closing line in: ${out.stdout}`);
  return Number(line[2] ?? line[1]);
}

const postBody = (root: string, slug: string) => {
  const html = readFileSync(path.join(root, 'dist', '2024', '05', slug, 'index.html'), 'utf8');
  return html.slice(html.indexOf('<div class="post-body'), html.indexOf('</article>'));
};

const katexConfig = `import { defineConfig } from 'quire';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
export default defineConfig({
  title: 'Marginalia',
  markdown: {
    remarkPlugins: [remarkMath],
    rehypePlugins: [[rehypeKatex, { output: 'html' }]],
    sanitize: { attributes: { span: ['className', 'style', 'ariaHidden'] } },
  },
  templates: { filters: { shout: (s: unknown) => String(s).toUpperCase() } },
});
`;

describe('plugins in quire.config.ts', () => {
  it('render KaTeX on the workers as in this thread, and a filter reaches the templates', async () => {
    const root = site({ 'quire.config.ts': katexConfig });
    mkdirSync(path.join(root, 'templates'));
    const post = readFileSync(path.join(repo, 'templates', 'post.liquid'), 'utf8');
    expect(post).toContain('{{ post.title }}');
    writeFileSync(path.join(root, 'templates', 'post.liquid'), post.replace('{{ post.title }}', '{{ post.title | shout }}'));
    const out = quire(root);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const body = postBody(root, 'energy');
    expect(body).toContain('<span class="katex"><span class="katex-html" aria-hidden="true">');
    expect(body).toMatch(/<span class="mord mathnormal"[^>]*>E<\/span>/);
    // Display math, and nothing KaTeX made escaped the sanitizer's schema beyond what the config allows.
    expect(body).toContain('<span class="katex-display">');
    expect(body).not.toMatch(/<(script|math|svg)\b/);
    const page = readFileSync(path.join(root, 'dist', '2024', '05', 'energy', 'index.html'), 'utf8');
    expect(page).toContain('<h1 class="post-title p-name">ENERGY</h1>');

    // The same site built in this thread (no workers, the config loaded here) gives the same page.
    const workers = readFileSync(path.join(root, 'dist', '2024', '05', 'energy', 'index.html'), 'utf8');
    const here = build({ root, out: 'dist-here', cache: false });
    expect(here.diagnostics).toEqual([]);
    expect(readFileSync(path.join(root, 'dist-here', '2024', '05', 'energy', 'index.html'), 'utf8')).toBe(workers);
  });

  it('a config that fails to load is an error naming the file, with the package to install', () => {
    const root = site({ 'quire.config.ts': "import nothing from 'remark-nothing-here';\nexport default { markdown: { remarkPlugins: [nothing] } };\n" });
    const out = quire(root);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('quire.config.ts');
    expect(out.stderr).toContain('[ConfigModule]');
    expect(out.stderr).toContain('npm install remark-nothing-here');
    expect(existsSync(path.join(root, 'dist'))).toBe(false);
  });
});

describe('plugins named in quire.config.yaml', () => {
  const yaml = (word: string) => `title: Marginalia
markdown:
  remarkPlugins: [remark-math, [./plugins/shout.mjs, { word: ${word} }]]
  rehypePlugins: [[rehype-katex, { output: html }]]
  sanitize: { attributes: { span: [className, style, ariaHidden] } }
`;
  const shout = `export default function remarkShout(options) {
  return (tree) => {
    const walk = (node) => {
      if (node.type === 'text') node.value = node.value.replaceAll(options.word, options.word.toUpperCase());
      for (const child of node.children ?? []) walk(child);
    };
    walk(tree);
  };
}
`;
  const fake = (version: string) => ({
    'node_modules/remark-fake/package.json': JSON.stringify({ name: 'remark-fake', version, type: 'module', exports: './index.js' }),
    'node_modules/remark-fake/index.js': 'export default function remarkFake() { return () => {}; }\n',
  });

  it('load by package name and from a local file, and re-render exactly what a change affects', () => {
    const root = site({ 'quire.config.yaml': yaml('energy'), 'plugins/shout.mjs': shout });
    let out = quire(root);
    expect(out.code, out.stderr).toBe(0);
    expect(rendered(out)).toBe(2);
    expect(postBody(root, 'energy')).toContain('Mass and ENERGY: <span class="katex">');
    expect(postBody(root, 'plain')).toContain('ENERGY aside');

    out = quire(root);
    expect(rendered(out)).toBe(0);

    // A plugin option: every post again.
    writeFileSync(path.join(root, 'quire.config.yaml'), yaml('Mass'));
    out = quire(root);
    expect(rendered(out)).toBe(2);
    expect(postBody(root, 'energy')).toContain('MASS and energy');

    // One post edited: that post.
    writeFileSync(path.join(root, 'posts', '2024-05-02-plain.md'), '---\ntitle: Plain\ndate: 2024-05-02\n---\nStill nothing, mass aside.\n');
    out = quire(root);
    expect(rendered(out)).toBe(1);

    // Anything else in the config (the title): no post.
    writeFileSync(path.join(root, 'quire.config.yaml'), yaml('Mass').replace('Marginalia', 'Marginalia II'));
    out = quire(root);
    expect(rendered(out)).toBe(0);

    // The local plugin's code: every post.
    writeFileSync(path.join(root, 'plugins', 'shout.mjs'), shout.replace('options.word.toUpperCase()', '`[${options.word}]`'));
    out = quire(root);
    expect(rendered(out)).toBe(2);
    expect(postBody(root, 'energy')).toContain('[Mass] and energy');
  });

  it('re-render every post when a plugin package is upgraded', () => {
    const root = site({ 'quire.config.yaml': 'markdown:\n  remarkPlugins: [remark-fake]\n', ...fake('1.0.0') }, []);
    expect(rendered(quire(root))).toBe(2);
    expect(rendered(quire(root))).toBe(0);
    writeFiles(root, fake('1.0.1'));
    expect(rendered(quire(root))).toBe(2);
  });

  it('a plugin that is not installed is an error naming it, before anything is rendered', () => {
    const root = site({ 'quire.config.yaml': 'markdown:\n  remarkPlugins: [remark-not-installed]\n' });
    const out = quire(root);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/quire\.config\.yaml\s+error\s+The plugin "remark-not-installed" is not installed/);
    expect(out.stderr).toContain('npm install remark-not-installed');
  });
});

describe('plugins that fail or warn', () => {
  const plugin = `export default function picky() {
  return (tree, file) => {
    for (const node of tree.children) {
      if (node.type === 'heading') file.message('Headings are discouraged here', { place: node.position, source: 'picky', ruleId: 'no-heading' });
      if (node.type === 'paragraph' && node.children[0]?.value?.startsWith('BOOM')) throw new Error('cannot handle BOOM');
    }
  };
}
`;
  it('a throw is an error naming the plugin and the post; a message is a warning under its own rule', () => {
    const root = site({
      'quire.config.yaml': 'markdown:\n  remarkPlugins: [./picky.mjs]\n',
      'picky.mjs': plugin,
      'posts/2024-05-03-boom.md': '---\ntitle: Boom\ndate: 2024-05-03\n---\n\nBOOM goes the post.\n',
      'posts/2024-05-04-heading.md': '---\ntitle: Heading\ndate: 2024-05-04\n---\n\nText.\n\n## A heading\n',
    });
    let out = quire(root);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/posts\/2024-05-03-boom\.md\S*\s+error\s+The plugin "\.\/picky\.mjs" failed on this post: cannot handle BOOM\s+\[PluginFailed\]/);
    expect(out.stderr).toMatch(/posts\/2024-05-04-heading\.md:8:1\s+warning\s+Headings are discouraged here \(picky:no-heading\)\s+\[PluginWarning\]/);
    expect(out.stderr).not.toContain('internal error');
    expect(existsSync(path.join(root, 'dist'))).toBe(false);

    rmSync(path.join(root, 'posts', '2024-05-03-boom.md'));
    out = quire(root);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('[PluginWarning]');
    expect(quire(root, '--strict').code).toBe(1);
  });
});

describe('without the native parser', () => {
  it('falls back to remark-parse with one notice, and the site is byte for byte the same', () => {
    // A copy of quire whose node_modules has every package but satteri's binding unloadable.
    const copy = tempDir();
    cpSync(path.join(repo, 'lib'), path.join(copy, 'lib'), { recursive: true });
    cpSync(path.join(repo, 'bin'), path.join(copy, 'bin'), { recursive: true });
    cpSync(path.join(repo, 'templates'), path.join(copy, 'templates'), { recursive: true });
    cpSync(path.join(repo, 'package.json'), path.join(copy, 'package.json'));
    mkdirSync(path.join(copy, 'node_modules'));
    for (const name of readdirSync(path.join(repo, 'node_modules'))) {
      if (name !== 'satteri' && name !== '.bin') symlinkSync(path.join(repo, 'node_modules', name), path.join(copy, 'node_modules', name));
    }
    writeFiles(copy, {
      'node_modules/satteri/package.json': JSON.stringify({ name: 'satteri', version: '0.10.5', type: 'module', main: 'index.js' }),
      'node_modules/satteri/index.js': "throw new Error('Cannot find native binding. npm has a bug related to optional dependencies');\n",
    });
    const sample = (into: string) => {
      const root = tempDir();
      cpSync(path.join(repo, 'posts'), path.join(root, 'posts'), { recursive: true });
      cpSync(path.join(repo, 'pages'), path.join(root, 'pages'), { recursive: true });
      cpSync(path.join(repo, 'quire.config.yaml'), path.join(root, 'quire.config.yaml'));
      cpSync(path.join(repo, 'static'), path.join(root, 'static'), { recursive: true });
      const run = spawnSync(process.execPath, [path.join(into, 'bin', 'quire.js'), 'build', '--root', root, '--jobs', '2'], { encoding: 'utf8' });
      return { root, code: run.status, stderr: run.stderr };
    };
    const native = sample(repo);
    const fallback = sample(copy);
    expect(native.stderr).not.toContain('Note:');
    expect(fallback.code).toBe(0);
    const notes = fallback.stderr.split('\n').filter((line) => line.startsWith('Note:'));
    expect(notes).toEqual([expect.stringContaining('The native markdown parser (satteri) cannot load here (Cannot find native binding.')]);
    const files = (root: string) => readdirSync(path.join(root, 'dist'), { recursive: true, encoding: 'utf8' }).sort();
    expect(files(fallback.root)).toEqual(files(native.root));
    for (const file of files(native.root).filter((f) => f.endsWith('.html') || f.endsWith('.xml') || f.endsWith('.json'))) {
      const a = readFileSync(path.join(native.root, 'dist', file), 'utf8');
      const b = readFileSync(path.join(fallback.root, 'dist', file), 'utf8');
      expect(b, file).toBe(a);
    }
  }, 120_000);
});
