import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutputDir } from '../../../src/output/check-output-dir.js';

const root = path.resolve('/srv/site');
const protectedDirs = [root, 'posts', 'static', 'templates', 'comments'].map((d) => path.resolve(root, d));

describe('checkOutputDir', () => {
  it.each([['.'], ['posts'], ['posts/sub'], ['static'], ['static/files'], ['templates'], ['comments'], ['..'], ['/']])(
    'refuses --out %s, which would replace the author’s own files',
    (out) => {
      const d = checkOutputDir(path.resolve(root, out), protectedDirs);
      expect(d).toMatchObject({ severity: 'error', code: 'OutputUnsafe' });
    },
  );

  it.each([['dist'], ['public'], ['build/site'], ['../elsewhere'], ['/tmp/quire-out']])('accepts --out %s', (out) => {
    expect(checkOutputDir(path.resolve(root, out), protectedDirs)).toBeUndefined();
  });
});
