import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { ContentError, type Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import { useTempDirs, writeFiles } from '../../support/temp-dir.js';

const tempDir = useTempDirs('quire-config-');

function loadError(root: string, file?: string): Diagnostic[] {
  try {
    loadConfig(root, file);
  } catch (error) {
    if (error instanceof ContentError) return error.diagnostics;
    throw error;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig', () => {
  it('uses the defaults when the site has no config file', () => {
    const { config, file } = loadConfig(tempDir());
    expect(file).toBeUndefined();
    expect(config.timeZone).toBe('UTC');
  });

  it('reads quire.config.yaml from the root', () => {
    const root = tempDir();
    writeFiles(root, { 'quire.config.yaml': 'title: Mine\ntimeZone: Asia/Tokyo\n' });
    const loaded = loadConfig(root);
    expect(loaded.file).toBe(path.join(root, 'quire.config.yaml'));
    expect(loaded.config).toMatchObject({ title: 'Mine', timeZone: 'Asia/Tokyo' });
  });

  it('reads quire.config.json, and a file with a BOM', () => {
    const root = tempDir();
    writeFiles(root, { 'quire.config.json': '\uFEFF{ "title": "Json", "postsPerPage": 4 }' });
    expect(loadConfig(root).config).toMatchObject({ title: 'Json', postsPerPage: 4 });
  });

  it('reports a bad time zone at its line in the file, with a frame', () => {
    const root = tempDir();
    writeFiles(root, { 'quire.config.yaml': '# settings\ntitle: Mine\n\ntimeZone: Mars/Olympus_Mons\n' });
    const [d] = loadError(root);
    expect(d).toMatchObject({ severity: 'error', code: 'ConfigInvalid', line: 4, column: 1 });
    expect(path.resolve(d?.file ?? '')).toBe(path.join(root, 'quire.config.yaml'));
    expect(d?.frame).toContain('> 4 | timeZone: Mars/Olympus_Mons');
  });

  it('reports a bad baseUrl at its line, also when nested keys come first', () => {
    const root = tempDir();
    writeFiles(root, { 'quire.config.yaml': 'author:\n  name: Ada\n  url: https://x.org/\nbaseUrl: example.com\n' });
    expect(loadError(root)[0]).toMatchObject({ code: 'ConfigInvalid', line: 4 });
  });

  it('reports an unknown string of the theme at its line, with the close match', () => {
    const root = tempDir();
    writeFiles(root, { 'quire.config.yaml': 'title: Mine\nstrings:\n  leaveReply: Say something\n  olderPots: Back in time\n' });
    expect(loadError(root)[0]).toMatchObject({ code: 'ConfigInvalid', line: 4, hint: 'Did you mean "strings.olderPosts"? The README lists every string.' });
  });

  it('reports a YAML syntax error at its line', () => {
    const root = tempDir();
    writeFiles(root, { 'quire.config.yaml': 'title: a\ndescription: "x" y\n' });
    expect(loadError(root)[0]).toMatchObject({ code: 'ConfigYaml', line: 2 });
  });

  it('reports a missing explicit --config file', () => {
    expect(loadError(tempDir(), 'nope.yaml')[0]).toMatchObject({ code: 'ConfigUnreadable' });
  });
});
