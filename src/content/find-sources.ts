import { closeSync, openSync, readdirSync, readSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { isBundleIndex, postExtension } from './file-name.js';

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
 * Lists every post under `root`, sorted by path. Posts are `*.md`, `*.markdown`, `*.mdown` and `*.mkd`
 * files; any other file that starts like a post (front matter) is named in a warning, so nothing a
 * Jekyll or Hugo site holds (`.html`, `.textile` posts) disappears silently. A folder holding `index.md` is a bundle: one post,
 * whose other files are its assets. Symbolic links to files are followed only when they stay inside
 * `root`; links to folders are not followed at all, so a link loop cannot hang the walk. Each
 * skipped link is a warning.
 */
export function findSources(root: string, shownRoot = root): { sources: SourceFile[]; diagnostics: Diagnostic[]; links: boolean } {
  const sources: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return { sources, diagnostics, links: false };
  }
  // Whether any symbolic link was met: a file reached through one changes under another name.
  let links = realRoot !== path.resolve(root);
  const visited = new Set<string>();
  const warn = (childRel: string, message: string, hint: string) =>
    diagnostics.push(diagnostic('warning', 'SourceSymlink', { file: path.join(shownRoot, childRel) }, message, hint));

  const walk = (dir: string, rel: string): void => {
    let entries: Dirent[];
    try {
      // Links to folders are never followed (below), so this only guards against the unexpected.
      const real = realpathSync(dir);
      if (visited.has(real)) return;
      visited.add(real);
      entries = readEntries(dir);
    } catch (error) {
      diagnostics.push(diagnostic('error', 'SourceUnreadable', { file: path.join(shownRoot, rel) },
        `Cannot read this folder: ${(error as Error).message}`, 'Check its permissions, or move it out of the posts folder.'));
      return;
    }
    const index = rel === '' ? undefined : entries.find((entry) => isBundleIndex(entry.name))?.name;
    if (index !== undefined) {
      const assets = listAssets(dir, realRoot, index);
      sources.push({ absolutePath: path.join(dir, index), relativePath: `${rel}/${index}`, assets });
      return;
    }
    for (const entry of entries) {
      const name = entry.name;
      const full = path.join(dir, name);
      const childRel = rel === '' ? name : `${rel}/${name}`;
      const kind = entryKind(full, realRoot, entry);
      if (entry.isSymbolicLink()) links = true;
      if (kind === 'outside') {
        warn(childRel, 'This symbolic link points outside the source folder; it is skipped.',
          'Copy the file into the source folder instead of linking to it.');
      } else if (kind === 'broken') {
        warn(childRel, 'This symbolic link is broken or part of a loop of links; it is skipped.',
          'Remove the link, or point it at a file inside the source folder.');
      } else if (kind === 'dirlink') {
        warn(childRel, 'This symbolic link leads to a folder inside the source folder (perhaps its own parent: a loop); it is skipped.',
          'Remove the link: the folder it points to is read anyway.');
      } else if (kind === 'dir') walk(full, childRel);
      else if (kind === 'file' && postExtension.test(name)) {
        sources.push({ absolutePath: full, relativePath: childRel, assets: [] });
      } else if (kind === 'file' && startsLikePost(full)) {
        diagnostics.push(diagnostic('warning', 'SourceSkipped', { file: path.join(shownRoot, childRel) },
          'This file starts with front matter like a post, but only .md, .markdown, .mdown and .mkd files are read as posts; it is skipped.',
          'Rename it to .md if it is a markdown post; convert it to markdown if it is HTML or Textile; or move it out of the posts folder.'));
      }
    }
  };
  walk(root, '');
  sources.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
  return { sources, diagnostics, links };
}

/** Whether a file's first bytes open front matter as a post's would (`---`, `+++`, `;;;`, `{"`). */
function startsLikePost(file: string): boolean {
  const head = Buffer.alloc(16);
  let length = 0;
  try {
    const fd = openSync(file, 'r');
    try {
      length = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
  return /^(?:\uFEFF)?(?:---|\+\+\+|;;;)[\w \t]*\r?\n|^\{\s*"/.test(head.subarray(0, length).toString('utf8'));
}

function listAssets(dir: string, realRoot: string, index: string): string[] {
  const assets: string[] = [];
  const seen = new Set<string>();
  const visit = (current: string, rel: string): void => {
    let entries: Dirent[];
    try {
      const real = realpathSync(current);
      if (seen.has(real)) return;
      seen.add(real);
      entries = readEntries(current);
    } catch {
      return;
    }
    for (const entry of entries) {
      const name = entry.name;
      const full = path.join(current, name);
      const childRel = rel === '' ? name : `${rel}/${name}`;
      const kind = entryKind(full, realRoot, entry);
      if (kind === 'dir') visit(full, childRel);
      else if (kind === 'file' && childRel !== index) assets.push(childRel);
    }
  };
  visit(dir, '');
  return assets;
}

/**
 * A folder's entries that are not ignored, sorted by name. With their types: the file system
 * says what each is, so only symbolic links need a further look (not one lstat per post).
 */
function readEntries(dir: string): Dirent[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !isIgnoredName(entry.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * What a folder entry is. A symbolic link is `outside` when it leads out of the source folder,
 * `broken` when it leads nowhere or loops, `dirlink` when it leads to a folder inside (read through
 * its real path instead, so a link to a parent cannot loop and no post is read twice), and
 * otherwise what it points at.
 */
function entryKind(full: string, realRoot: string, entry: Dirent): 'file' | 'dir' | 'dirlink' | 'outside' | 'broken' | 'other' {
  let stat: Pick<Dirent, 'isDirectory' | 'isFile'> = entry;
  if (entry.isSymbolicLink()) {
    let target: string;
    try {
      target = realpathSync(full);
    } catch {
      // ENOENT (dangling) or ELOOP (links pointing at each other).
      return 'broken';
    }
    if (target !== realRoot && !target.startsWith(realRoot + path.sep)) return 'outside';
    stat = statSync(full);
    if (stat.isDirectory()) return 'dirlink';
  }
  if (stat.isDirectory()) return 'dir';
  if (stat.isFile()) return 'file';
  return 'other';
}
