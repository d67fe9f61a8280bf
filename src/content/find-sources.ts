import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';

/** A post source found on disk. */
export interface SourceFile {
  /** Absolute path of the markdown file. */
  absolutePath: string;
  /** Path relative to the source folder, with `/` separators (stable across systems). */
  relativePath: string;
  /** For a bundle (`name/index.md`): the other files of its folder, relative to it. */
  assets: string[];
}

/**
 * True for names that are not content: hidden files, editor backups and lock files
 * (`.#post.md`, `post.md~`, `.DS_Store`, `#post.md#`).
 */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || name.startsWith('#') || name.endsWith('~') || name.endsWith('.swp');
}

/**
 * Lists every post under `root`, sorted by path. A folder holding `index.md` is a bundle: one post,
 * whose other files are its assets. Symbolic links are followed only when they stay inside `root`,
 * and each real folder is visited once, so a link loop cannot hang the walk.
 */
export function findSources(root: string, shownRoot = root): { sources: SourceFile[]; diagnostics: Diagnostic[] } {
  const sources: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return { sources, diagnostics };
  }
  const visited = new Set<string>();

  const walk = (dir: string, rel: string): void => {
    const real = realpathSync(dir);
    if (visited.has(real)) return;
    visited.add(real);
    const names = readdirSync(dir).filter((name) => !isIgnoredName(name)).sort();
    if (rel !== '' && names.includes('index.md')) {
      const assets = listAssets(dir, realRoot);
      sources.push({ absolutePath: path.join(dir, 'index.md'), relativePath: `${rel}/index.md`, assets });
      return;
    }
    for (const name of names) {
      const full = path.join(dir, name);
      const childRel = rel === '' ? name : `${rel}/${name}`;
      const kind = entryKind(full, realRoot);
      if (kind === 'outside') {
        diagnostics.push(
          diagnostic('warning', 'SourceSymlink', { file: path.join(shownRoot, childRel) },
            'This symbolic link points outside the source folder; it is skipped.',
            'Copy the file into the source folder instead of linking to it.'),
        );
      } else if (kind === 'dir') walk(full, childRel);
      else if (kind === 'file' && name.endsWith('.md')) {
        sources.push({ absolutePath: full, relativePath: childRel, assets: [] });
      }
    }
  };
  walk(root, '');
  sources.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
  return { sources, diagnostics };
}

function listAssets(dir: string, realRoot: string): string[] {
  const assets: string[] = [];
  const visit = (current: string, rel: string): void => {
    for (const name of readdirSync(current).filter((n) => !isIgnoredName(n)).sort()) {
      const full = path.join(current, name);
      const childRel = rel === '' ? name : `${rel}/${name}`;
      const kind = entryKind(full, realRoot);
      if (kind === 'dir') visit(full, childRel);
      else if (kind === 'file' && childRel !== 'index.md') assets.push(childRel);
    }
  };
  visit(dir, '');
  return assets;
}

function entryKind(full: string, realRoot: string): 'file' | 'dir' | 'outside' | 'other' {
  let stat = lstatSync(full);
  if (stat.isSymbolicLink()) {
    let target: string;
    try {
      target = realpathSync(full);
    } catch {
      return 'outside';
    }
    if (target !== realRoot && !target.startsWith(realRoot + path.sep)) return 'outside';
    stat = statSync(full);
  }
  if (stat.isDirectory()) return 'dir';
  if (stat.isFile()) return 'file';
  return 'other';
}
