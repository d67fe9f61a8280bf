import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { xmlFrame } from '../../../src/cli/import-command.js';
import { useTempDirs, writeFiles } from '../../support/temp-dir.js';
import { runCli } from '../../support/run-cli.js';

const tempDir = useTempDirs('quire-import-cli-');
const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/import/${name}`, import.meta.url));

const run = runCli;

function newSite(): string {
  const root = tempDir();
  writeFiles(root, { 'quire.config.yaml': 'title: New home\ntimeZone: America/Los_Angeles\nbaseUrl: https://blog.example/\n' });
  return root;
}

describe('quire import', () => {
  it('imports a WordPress export and prints the summary (exit 0)', async () => {
    const root = newSite();
    const r = await run('import', 'wordpress', fixture('wordpress.xml'), '--root', root);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Imported WordPress export “Field Notes from Ōtsuka’s Bindery” (WXR 1.2):');
    expect(r.stdout).toMatch(/posts\s+6 written to .*posts \(2 drafts, 1 scheduled\)/);
    expect(r.stdout).toContain('1 private, 1 password-protected, 1 trashed');
    expect(r.stdout).toMatch(/pages\s+2 written to .*pages, their hierarchy as folders/);
    expect(r.stdout).toContain('menu        “Main”, 3 entries at the top level');
    expect(r.stdout).toContain('config      authors and menu written to');
    expect(r.stdout).toMatch(/comments\s+5 written to .*; skipped: 1 awaiting moderation, 1 spam, 1 pingback or trackback/);
    expect(r.stdout).toContain('2 captions, 1 gallery, 1 embed');
    expect(r.stdout).toContain('[contact-form-7] ×1');
    expect(r.stdout).toContain('3 aliases recorded');
    expect(r.stdout).toContain('8 query-string links (/?p=101, /?p=102, /?p=103, …) cannot be redirect pages');
    const again = await run('import', 'wordpress', fixture('wordpress.xml'), '--root', root);
    expect(again.stdout).toMatch(/0 written to .*\n\s+6 already there, left as they are \(--force replaces them\)/);
  });

  it('accepts squarespace as the WordPress format, and imports Blogger', async () => {
    expect((await run('import', 'squarespace', fixture('wordpress.xml'), '--root', newSite())).code).toBe(0);
    const r = await run('import', 'blogger', fixture('blogger.xml'), '--root', newSite());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Imported Blogger export “Kettle & Stitch” (classic):');
    expect(r.stdout).toContain('1 settings, 1 template');
  });

  it('exits 1 with the line and column of malformed XML, and writes nothing', async () => {
    const root = newSite();
    const bad = path.join(root, 'bad.xml');
    writeFileSync(bad, '<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>Fish & chips</title>\n</channel>\n</rss>\n');
    const r = await run('import', 'wordpress', bad, '--root', root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.xml:4:13 {2}error {2}The export cannot be read: a bare "&"/);
    expect(r.stderr).toContain('> 4 | <title>Fish & chips</title>');
    expect(r.stderr).toContain('Nothing was written.');
    expect(readdirSync(root).sort()).toEqual(['bad.xml', 'quire.config.yaml']);
  });

  it('exits 1 for an export that is missing or of the other kind', async () => {
    const root = newSite();
    const missing = await run('import', 'wordpress', path.join(root, 'nope.xml'), '--root', root);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Cannot read the export');
    const wrong = await run('import', 'blogger', fixture('wordpress.xml'), '--root', root);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('not a Blogger export');
    expect(existsSync(path.join(root, 'posts'))).toBe(false);
  });

  it('exits 2 for an unknown platform or a media folder that is not there', async () => {
    const root = newSite();
    const r = await run('import', 'livejournal', fixture('wordpress.xml'), '--root', root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('use wordpress (also for Squarespace) or blogger');
    expect((await run('import', 'wordpress', fixture('wordpress.xml'), '--root', root, '--media', path.join(root, 'nope'))).code).toBe(2);
  });

  it('lists its options in --help', async () => {
    const r = await run('import', '--help');
    expect(r.code).toBe(0);
    for (const option of ['--force', '--media', '--pages-as-posts', '--include-pingbacks']) expect(r.stdout).toContain(option);
  });
});

describe('xmlFrame', () => {
  it('cuts long lines to a window around the column', () => {
    const line = `${'a'.repeat(500)}&${'b'.repeat(500)}`;
    const frame = xmlFrame(`<x>\n${line}\n</x>`, 2, 501, 20);
    expect(frame).toBe('  1 | <x>\n> 2 | …aaaaaaaaaa&bbbbbbbbb…\n    |            ^\n  3 | </x>');
  });
});
