import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolGate } from './tools.js';
import { formatVnuMessages, parseVnuJson, runVnu, vnuJarPath } from './vnu.js';

const page = (title: string, body: string): string =>
  `<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${title}</title></head>\n<body>\n${body}\n</body>\n</html>\n`;

describe('parseVnuJson', () => {
  it('decodes file URLs and keeps line, column and message', () => {
    const json =
      '{"version":"x","messages":[{"type":"error","url":"file:/tmp/a%20b/x.html","lastLine":3,"lastColumn":9,' +
      '"firstColumn":4,"message":"Stray end tag “p”.","extract":"</p>"}]}';
    expect(parseVnuJson(json)).toEqual([
      {
        file: '/tmp/a b/x.html',
        line: 3,
        column: 4,
        type: 'error',
        subType: undefined,
        message: 'Stray end tag “p”.',
        extract: '</p>',
      },
    ]);
  });

  it('prefers firstLine for multi-line spans', () => {
    const [m] = parseVnuJson('{"messages":[{"type":"error","url":"file:/x.html","firstLine":2,"lastLine":5,"message":"m"}]}');
    expect(m?.line).toBe(2);
  });

  it('throws on output that is not vnu JSON', () => {
    expect(() => parseVnuJson('Error: Unable to access jarfile')).toThrow(/no JSON/);
    expect(() => parseVnuJson('{"oops":1}')).toThrow(/no messages/);
  });
});

const gate = toolGate('java');

if (gate.mustFail) it('vnu: java is installed', () => expect.fail(gate.reason));

describe.skipIf(gate.skip)('runVnu (real java + vnu.jar)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'quire-vnu-'));
    await mkdir(path.join(dir, 'site', 'sub dir'), { recursive: true });
    await writeFile(path.join(dir, 'site', 'good.html'), page('Good', '<p>Fine.</p>'));
    // Line 5: unclosed <div>/<span>; line 6: img without alt.
    await writeFile(
      path.join(dir, 'site', 'sub dir', 'bad page.html'),
      '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Bad</title></head>\n<body>\n' +
        '<div><span></div>\n<img src="a.png">\n</body>\n</html>\n',
    );
    // Not HTML: must not be checked as HTML when a directory is given.
    await writeFile(path.join(dir, 'site', 'style.css'), 'body { color: red }\n');
    await writeFile(path.join(dir, 'notitle.html'), '<!DOCTYPE html>\n<html lang="en"><head></head><body></body></html>\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('resolves the jar from the vnu-jar package', () => {
    expect(vnuJarPath()).toMatch(/node_modules\/vnu-jar\/build\/dist\/vnu\.jar$/);
  });

  it('returns nothing for a valid page', async () => {
    expect(await runVnu([path.join(dir, 'site', 'good.html')])).toEqual([]);
  });

  it('reports each error with its file (spaces decoded) and line, and only for HTML files', async () => {
    const msgs = await runVnu([path.join(dir, 'site'), path.join(dir, 'notitle.html')]);
    const bad = path.join(dir, 'site', 'sub dir', 'bad page.html');
    const summary = msgs.map((m) => [path.relative(dir, m.file), m.line, m.message.slice(0, 30)]);
    expect(summary).toEqual(
      expect.arrayContaining([
        [path.relative(dir, bad), 5, 'End tag “div” seen, but there '],
        [path.relative(dir, bad), 6, 'An “img” element must have an '],
        ['notitle.html', 2, 'Element “head” is missing a re'],
      ]),
    );
    expect(msgs.every((m) => m.type === 'error')).toBe(true);
    expect(msgs.some((m) => m.file.endsWith('.css'))).toBe(false);
    expect(msgs.some((m) => m.file.endsWith('good.html'))).toBe(false);
    expect(formatVnuMessages(msgs, dir)).toContain('site/sub dir/bad page.html:6:');
  });

  it('refuses a path that does not exist (vnu itself would skip it silently)', async () => {
    await expect(runVnu([path.join(dir, 'nope.html')])).rejects.toThrow(/no such file/);
  });

  it('refuses an empty list of files', async () => {
    await mkdir(path.join(dir, 'empty'), { recursive: true });
    await expect(runVnu([path.join(dir, 'empty')])).rejects.toThrow(/no HTML files/);
  });

  it('checks 30 pages in one java process and finds the one bad page', async () => {
    const many = path.join(dir, 'many');
    await mkdir(many, { recursive: true });
    const sections = Array.from({ length: 100 }, (_, i) => `<h2 id="s${i}">S${i}</h2><p>Text <a href="/p${i}/">p${i}</a></p>`).join('\n');
    for (let i = 1; i <= 30; i++) {
      const body = i === 17 ? `${sections}\n<p><b>unclosed</p>` : sections;
      await writeFile(path.join(many, `p${String(i).padStart(2, '0')}.html`), page(`P${i}`, body));
    }
    const t0 = performance.now();
    const msgs = await runVnu([many]);
    const ms = performance.now() - t0;
    console.info(`[vnu] 30 pages in ${Math.round(ms)} ms`);
    expect(msgs.length).toBeGreaterThan(0);
    expect(new Set(msgs.map((m) => path.basename(m.file)))).toEqual(new Set(['p17.html']));
  });
});
