import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { thrownDiagnostic } from '../../../src/serve/watch-site.js';
import { isWatched, type WatchTargets } from '../../../src/serve/watch-targets.js';

const root = path.resolve('/site');
const targets: WatchTargets = {
  root,
  dirs: ['posts', 'comments', 'static', 'content/templates'].map((d) => path.join(root, d)),
  configFiles: [path.join(root, 'quire.config.yaml')],
  outDir: path.join(root, 'dist'),
};
const at = (p: string) => path.join(root, p);

describe('isWatched', () => {
  it('watches the source folders, their contents and the config', () => {
    for (const p of ['posts', 'posts/a.md', 'posts/2024/bundle/img.png', 'static/css/x.css', 'comments/a/1.md', 'content/templates/post.liquid', 'quire.config.yaml']) {
      expect(isWatched(targets, at(p)), p).toBe(true);
    }
    expect(isWatched(targets, root)).toBe(true);
    expect(isWatched(targets, at('content')), 'an ancestor of a source folder').toBe(true);
  });

  it('ignores the output, .quire, hidden files, editor leftovers and everything else', () => {
    for (const p of ['dist', 'dist/index.html', '.quire/cache/x', 'node_modules', 'README.md', 'content/other.md', 'posts/.#a.md', 'posts/a.md~', 'posts/.a.md.swp', 'posts/.git/x', 'static/node_modules/x']) {
      expect(isWatched(targets, at(p)), p).toBe(false);
    }
  });
});

describe('thrownDiagnostic', () => {
  it('names the template file and line of a LiquidJS error', () => {
    const error = Object.assign(new Error('unexpected token\nmore'), { token: { file: '/site/templates/post.liquid', getPosition: () => [4, 2] } });
    expect(thrownDiagnostic(error)).toMatchObject({ severity: 'error', code: 'TemplateError', line: 4, column: 2, message: 'unexpected token' });
  });

  it('reports any other exception as a failed build', () => {
    expect(thrownDiagnostic(new Error('disk full'))).toMatchObject({ severity: 'error', message: 'The build stopped: disk full' });
  });
});
