import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { ContentError, diagnostic, UsageError } from '../diagnostics/diagnostic.js';
import { displayPath } from '../diagnostics/display-path.js';
import { ImportFormatError, type ImportSource } from '../import/model.js';
import type { Engine } from '../import/engine-site.js';
import { addToConfig } from '../import/config-additions.js';
import { importFile, type ImportOptions, type ImportReport } from '../import/write-import.js';
import { importSite, type SiteImportReport } from '../import/write-site-import.js';

/**
 * Runs an import with commander's parsed arguments and returns what it did.
 *
 * @throws UsageError for an unknown platform or a missing media folder (exit 2); ContentError for
 *   an unreadable or malformed export (exit 1, with the line and column of the XML error), or a bad config.
 */
export function importCommand(platform: string, file: string, opts: Record<string, unknown>): { report: ImportReport; paths: { posts: string; pages: string; comments: string } } {
  const source: ImportSource | undefined = platform === 'wordpress' || platform === 'squarespace' ? 'wordpress' : platform === 'blogger' ? 'blogger' : undefined;
  if (!source) throw new UsageError(`Cannot import from "${platform}"; use wordpress (also for Squarespace) or blogger for an export file, or jekyll, hugo or hexo for a site folder.`);
  const root = path.resolve(typeof opts.root === 'string' ? opts.root : '.');
  const { config, file: configFile } = loadConfig(root, typeof opts.config === 'string' ? opts.config : undefined);
  const options: ImportOptions = {
    force: opts.force === true,
    pagesAsPosts: opts.pagesAsPosts === true,
    includePingbacks: opts.includePingbacks === true,
  };
  if (typeof opts.menu === 'string') options.menu = opts.menu;
  if (typeof opts.media === 'string') {
    if (!statSync(opts.media, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--media ${opts.media} is not a folder.`);
    options.media = opts.media;
  }
  const shown = displayPath(path.resolve(file));
  try {
    statSync(file);
  } catch (error) {
    throw new ContentError([diagnostic('error', 'SourceUnreadable', { file: shown }, `Cannot read the export: ${(error as Error).message}`,
      source === 'wordpress' ? 'Give the path of the .xml file from Tools → Export in WordPress.' : 'Give the path of the .xml/.atom file from Blogger’s Settings → Back up content, or Takeout’s feed.atom.')]);
  }
  const paths = { posts: path.resolve(root, config.dirs.posts), pages: path.resolve(root, config.dirs.pages), comments: path.resolve(root, config.dirs.comments) };
  try {
    const report = importFile(source, file, { postsDir: paths.posts, pagesDir: paths.pages, commentsDir: paths.comments, config }, options);
    // The export's authors and menu become settings; the posts name authors by display name, which the build matches.
    report.config = addToConfig(root, configFile, report.settings, options.force ?? false);
    return { report, paths: { posts: displayPath(paths.posts), pages: displayPath(paths.pages), comments: displayPath(paths.comments) } };
  } catch (error) {
    if (!(error instanceof ImportFormatError)) throw error;
    const d = diagnostic('error', 'ImportMalformed', { file: shown, line: error.line, column: error.column },
      `The export cannot be read: ${error.message}.`, 'Nothing was written. Export the blog again, or fix the file at this line and column.');
    if (error.line !== undefined) {
      try {
        d.frame = xmlFrame(readFileSync(file, 'utf8'), error.line, error.column ?? 1);
      } catch {
        // no frame
      }
    }
    throw new ContentError([d]);
  }
}

/** A code frame for XML, whose lines can be megabytes long: each line is cut to a window around the column. */
export function xmlFrame(text: string, line: number, column: number, width = 100): string {
  const lines = text.split('\n');
  const first = Math.max(1, line - 1);
  const last = Math.min(lines.length, line + 1);
  const gutter = String(last).length;
  const start = Math.max(0, column - 1 - Math.floor(width / 2));
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const full = (lines[n - 1] ?? '').replace(/\r$/, '');
    // Short context lines are shown whole; the marked line (and long ones) through the window.
    const from = n !== line && full.length <= width ? 0 : start;
    const cut = full.slice(from, from + width);
    const shown = `${from > 0 ? '…' : ''}${cut}${full.length > from + width ? '…' : ''}`.replace(/\t/g, ' ');
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(gutter)} | ${shown}`);
    if (n === line) out.push(`  ${' '.repeat(gutter)} | ${' '.repeat(column - 1 - start + (start > 0 ? 1 : 0))}^`);
  }
  return out.join('\n');
}

/** Whether a platform name is a static-site engine, whose import reads a site folder. */
export function isEngine(platform: string): platform is Engine {
  return platform === 'jekyll' || platform === 'hugo' || platform === 'hexo';
}

/** What marks a folder as each engine's site. */
const siteMarks: Record<Engine, { files: string[]; hint: string }> = {
  jekyll: { files: ['_config.yml', '_config.yaml', '_posts'], hint: 'Give the folder holding _config.yml and _posts/.' },
  hugo: { files: ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config.toml', 'config.yaml', 'config.yml', 'config.json', 'config/_default', 'content'], hint: 'Give the folder holding hugo.toml (or config.toml) and content/.' },
  hexo: { files: ['_config.yml', 'source/_posts'], hint: 'Give the folder holding _config.yml and source/_posts/.' },
};

/**
 * Runs `quire import jekyll|hugo|hexo <site-folder>` and returns what it did.
 *
 * @throws UsageError when the quire site would be inside the old site's folder (exit 2);
 *   ContentError when the folder is missing or is not that engine's site, or for a bad config (exit 1).
 */
export function siteImportCommand(engine: Engine, folder: string, opts: Record<string, unknown>): { report: SiteImportReport; paths: { posts: string; pages: string; static: string } } {
  const root = path.resolve(typeof opts.root === 'string' ? opts.root : '.');
  const siteDir = path.resolve(folder);
  const shown = displayPath(siteDir);
  if (!statSync(siteDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ContentError([diagnostic('error', 'SourceUnreadable', { file: shown }, `There is no folder ${shown} to import.`, siteMarks[engine].hint)]);
  }
  if (!siteMarks[engine].files.some((name) => existsSync(path.join(siteDir, name)))) {
    throw new ContentError([diagnostic('error', 'ImportMalformed', { file: shown }, `This folder does not look like a ${engine} site: it has none of ${siteMarks[engine].files.join(', ')}.`, siteMarks[engine].hint)]);
  }
  const realSite = realpathSync(siteDir);
  const realRoot = existsSync(root) ? realpathSync(root) : root;
  if (realRoot === realSite || realRoot.startsWith(realSite + path.sep)) {
    throw new UsageError(`The quire site (${displayPath(root)}) is inside the ${engine} site being imported; run the import from a new folder outside it, e.g. mkdir ../new-blog && cd ../new-blog && quire import ${engine} ${path.relative(path.join(root, '..', 'new-blog'), siteDir)}`);
  }
  const explicit = typeof opts.config === 'string' ? opts.config : undefined;
  const { config, file } = loadConfig(root, explicit);
  const paths = { posts: path.resolve(root, config.dirs.posts), pages: path.resolve(root, config.dirs.pages), static: path.resolve(root, config.dirs.static) };
  const report = importSite(engine, siteDir, {
    postsDir: paths.posts, pagesDir: paths.pages, staticDir: paths.static, config,
    // The importer writes YAML: the data config's name, not the first one looked for (a config in code).
    configFile: file, newConfigFile: path.join(root, explicit ?? 'quire.config.yaml'),
  }, { force: opts.force === true, pagesAsPosts: opts.pagesAsPosts === true });
  return { report, paths: { posts: displayPath(paths.posts), pages: displayPath(paths.pages), static: displayPath(paths.static) } };
}
