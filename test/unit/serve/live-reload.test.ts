import { describe, expect, it } from 'vitest';
import { diagnostic } from '../../../src/diagnostics/diagnostic.js';
import { clientScript, errorReport, injectLiveReload, liveReloadPaths, overlayId } from '../../../src/serve/live-reload.js';

const script = `<script src="${liveReloadPaths.client}"></script>`;

describe('injectLiveReload', () => {
  it('adds the script before the last </body>, whatever its case', () => {
    expect(injectLiveReload('<html><body><p>x</p></BODY></html>', undefined)).toBe(`<html><body><p>x</p>${script}</BODY></html>`);
    expect(injectLiveReload('<p>a</p><!-- </body> --></body>', undefined)).toBe(`<p>a</p><!-- </body> -->${script}</body>`);
  });

  it('appends it to a page without </body>', () => {
    expect(injectLiveReload('<p>x', undefined)).toBe(`<p>x${script}`);
  });

  it('adds the overlay, escaped, when the last build failed', () => {
    const report = errorReport([diagnostic('error', 'FrontMatterYaml', { file: 'posts/<bad>.md', line: 3, column: 7 }, 'Unexpected "</script>" & more')]);
    const html = injectLiveReload('<body></body>', report);
    expect(html).toContain(`<div id="${overlayId}"`);
    expect(html).toContain('posts/&lt;bad&gt;.md:3:7');
    expect(html).toContain('Unexpected &quot;&lt;/script&gt;&quot; &amp; more');
    expect(html).not.toContain('</script>"');
    expect(html.indexOf(overlayId)).toBeLessThan(html.indexOf(script));
  });
});

describe('errorReport', () => {
  it('keeps the terminal text and the place of each problem', () => {
    const report = errorReport([diagnostic('error', 'MissingTitle', { file: 'posts/a.md', line: 1 }, 'No title.')]);
    expect(report.text).toContain('posts/a.md:1  error  No title.  [MissingTitle]');
    expect(report.diagnostics).toEqual([{ severity: 'error', code: 'MissingTitle', file: 'posts/a.md', line: 1, message: 'No title.' }]);
  });
});

describe('clientScript', () => {
  it('is valid JavaScript listening for reload and error', () => {
    expect(() => new Function(clientScript)).not.toThrow();
    expect(clientScript).toContain("addEventListener('reload'");
    expect(clientScript).toContain("addEventListener('error'");
  });
});

describe('hostAllowed', () => {
  it('lets a loopback server answer loopback names only', async () => {
    const { hostAllowed } = await import('../../../src/serve/dev-server.js');
    expect(hostAllowed('127.0.0.1', '127.0.0.1:4000')).toBe(true);
    expect(hostAllowed('127.0.0.1', 'localhost:4000')).toBe(true);
    expect(hostAllowed('127.0.0.1', 'blog.localhost')).toBe(true);
    expect(hostAllowed('127.0.0.1', '[::1]:4000')).toBe(true);
    expect(hostAllowed('127.0.0.1', 'evil.example')).toBe(false);
    expect(hostAllowed('127.0.0.1', undefined)).toBe(false);
    expect(hostAllowed('127.0.0.1', 'a b')).toBe(false);
    expect(hostAllowed('0.0.0.0', 'my-laptop.lan:4000')).toBe(true);
  });
});
