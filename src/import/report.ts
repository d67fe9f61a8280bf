import { displayPath } from '../diagnostics/display-path.js';
import type { SiteImportReport } from './write-site-import.js';
import type { ImportReport } from './write-import.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const list = (parts: Array<string | false>) => parts.filter((p): p is string => p !== false).join(', ');

/**
 * The import summary: what was written, skipped, left out and could not be converted, one topic a
 * line, with the details that need the author's attention listed below.
 */
export function formatImportReport(report: ImportReport, paths: { posts: string; pages: string; comments: string }): string {
  const from = report.source === 'wordpress' ? 'WordPress export' : 'Blogger export';
  const lines: string[] = [`Imported ${from}${report.title ? ` “${report.title}”` : ''}${report.version ? ` (${report.source === 'wordpress' ? 'WXR ' : ''}${report.version})` : ''}:`];
  const row = (label: string, text: string) => lines.push(`  ${label.padEnd(11)} ${text}`);

  const extra = list([report.drafts > 0 && plural(report.drafts, 'draft'), report.scheduled > 0 && `${report.scheduled} scheduled`]);
  row('posts', `${report.written.length} written to ${paths.posts}${extra ? ` (${extra})` : ''}`);
  if (report.existing.length > 0) row('', `${report.existing.length} already there, left as they are (--force replaces them)`);
  const out = report.leftOut;
  const leftOut = list([
    out.private > 0 && `${out.private} private`,
    out.protected > 0 && `${out.protected} password-protected`,
    out.trash > 0 && `${out.trash} trashed`,
    out.other > 0 && `${out.other} with another status`,
    out.undated > 0 && `${out.undated} without a date`,
  ]);
  if (leftOut) row('left out', `${leftOut}: not public on the old blog, so not imported`);
  if (report.pages.found > 0 && report.pages.asPosts) row('pages', `${report.pages.found} imported as posts (--pages-as-posts)`);
  else if (report.pages.found > 0) {
    const pages = report.pages;
    row('pages', `${pages.written.length} written to ${paths.pages}${pages.drafts > 0 ? ` (${plural(pages.drafts, 'draft')})` : ''}, their hierarchy as folders`);
    if (pages.existing.length > 0) row('', `${pages.existing.length} already there, left as they are (--force replaces them)`);
  }
  const other = Object.entries(report.otherTypes).sort(([a], [b]) => a.localeCompare(b)).map(([type, n]) => `${n} ${type}`);
  if (other.length > 0) row('not posts', `${other.join(', ')} (not imported${report.otherTypes['attachment'] ? '; attachments are used for galleries and --media' : ''})`);

  const c = report.comments;
  const skipped = list([
    c.pending > 0 && `${c.pending} awaiting moderation`,
    c.spam > 0 && `${c.spam} spam`,
    c.trash > 0 && `${c.trash} trashed`,
    c.pingbacks > 0 && `${c.pingbacks} ${c.pingbacks === 1 ? 'pingback or trackback' : 'pingbacks and trackbacks'} (--include-pingbacks keeps them)`,
    c.empty > 0 && `${c.empty} empty`,
    c.onSkippedItems > 0 && `${c.onSkippedItems} on items not imported`,
    c.onPages > 0 && `${c.onPages} on pages (quire's pages have no comment section)`,
  ]);
  row('comments', `${c.written} written to ${paths.comments}${c.existing > 0 ? `, ${c.existing} already there` : ''}${skipped ? `; skipped: ${skipped}` : ''}`);
  if (c.rethreaded > 0) row('', `${plural(c.rethreaded, 'reply', 'replies')} to a skipped comment attached to the nearest imported one (or the post)`);

  const n = report.notes;
  const converted = list([
    n.captions > 0 && plural(n.captions, 'caption'),
    n.galleries > 0 && plural(n.galleries, 'gallery', 'galleries') + (n.emptyGalleries > 0 ? ` (${n.emptyGalleries} without images in the export, left as a note)` : ''),
    n.embeds > 0 && plural(n.embeds, 'embed'),
  ]);
  if (converted) {
    row('converted', `${converted}: ${report.rawHtml
      ? 'kept as sanitised HTML (figures, players; rawHtml: true)'
      : 'written as images, italic captions and links (with rawHtml: true in the config they are kept as HTML figures)'}`);
  }
  const unknown = Object.entries(n.unknownShortcodes).map(([name, k]) => `[${name}] ×${k}`);
  if (unknown.length > 0) row('', `shortcodes left as text (no markdown equivalent): ${unknown.join(', ')}`);
  const removed = Object.entries(n.removed).map(([name, k]) => `<${name}> ×${k}`);
  if (removed.length > 0) row('removed', `${removed.join(', ')} (active or invisible content)`);
  if (n.headings > 0) row('headings', `${plural(n.headings, 'heading')} moved up so that none skips a level below the title (an h3 straight after it becomes an h2)`);
  if (report.untitled > 0) row('titles', `${plural(report.untitled, 'post')} had no title and ${report.untitled === 1 ? 'was' : 'were'} titled from their first words`);
  if (report.renamed.length > 0) row('slugs', `${report.renamed.length} taken by another post, given a suffix: ${report.renamed.map((r) => r.post).join(', ')}`);

  row('old links', `${plural(report.aliases, 'alias', 'aliases')} recorded: the build writes a redirect page at each old address`);
  if (report.queryLinks.length > 0) {
    row('', `${plural(report.queryLinks.length, 'query-string link')} (${report.queryLinks.slice(0, 3).map((q) => q.link).join(', ')}${report.queryLinks.length > 3 ? ', …' : ''}) cannot be redirect pages on a static host;`);
    row('', 'they are noted in each post’s front matter: redirect them in your host’s settings (see the README)');
  }
  for (const d of report.droppedAliases) row('', `not an alias: ${d.alias} (${d.post}): ${d.reason}`);
  if (report.media.copied > 0 || report.media.missing.length > 0) {
    const missing = [...new Set(report.media.missing)];
    row('media', `${plural(report.media.copied, 'file')} copied beside their posts${missing.length > 0 ? `; ${missing.length} not in the media folder, links kept: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}` : ''}`);
  }
  const remote = [...new Set(report.media.remote)];
  if (remote.length > 0) row('', `${plural(remote.length, 'file')} of pages with sub-pages left linked to the old site (such a page is a file beside its sub-pages' folder, not a bundle)`);
  const menu = report.menu;
  if (menu?.chosen) {
    const others = menu.menus.filter((m) => m !== menu.chosen).map((m) => m.slug);
    row('menu', `“${menu.chosen.name}”, ${plural(menu.menu.length, 'entry', 'entries')} at the top level${others.length > 0 ? ` (also in the export: ${others.join(', ')}; --menu <name> picks one)` : ''}`);
    if (menu.flattened > 0) row('', `${plural(menu.flattened, 'entry', 'entries')} deeper than two levels moved under their top-level entry`);
    const byReason = new Map<string, string[]>();
    for (const d of menu.dropped) byReason.set(d.reason, [...(byReason.get(d.reason) ?? []), d.label]);
    for (const [reason, labels] of byReason) row('', `left out ${labels.length > 3 ? `${labels.slice(0, 3).join(', ')} and ${labels.length - 3} more` : labels.join(', ')}: ${reason}`);
  }
  const config = report.config;
  if (config?.byHand) row('config', `${config.file} is code, so it was not changed; add these settings to it:\n${config.byHand.trimEnd().split('\n').map((l) => `      ${l}`).join('\n')}`);
  else if (config && config.written.length > 0) row('config', `${config.written.join(' and ')} written to ${displayPath(config.file)}`);
  if (config && config.kept.length > 0) row('', `${config.kept.join(' and ')} already in ${displayPath(config.file)}, left as ${config.kept.length === 1 ? 'it is' : 'they are'} (--force replaces ${config.kept.length === 1 ? 'it' : 'them'})`);
  for (const file of report.refused) row('refused', `${file}: its path leads outside the site's folders (a symbolic link), not written`);
  return lines.join('\n');
}

const engineNames = { jekyll: 'Jekyll', hugo: 'Hugo', hexo: 'Hexo' } as const;

/** The summary of a site folder's import, in the same style as an export's. */
export function formatSiteImportReport(report: SiteImportReport, paths: { posts: string; pages: string; static: string }): string {
  const lines: string[] = [`Imported ${engineNames[report.engine]} site${report.title ? ` “${report.title}”` : ''}:`];
  const row = (label: string, text: string) => lines.push(`  ${label.padEnd(11)} ${text}`);
  const f = report.found;
  row('found', `${plural(f.posts, 'post')}, ${plural(f.drafts, 'draft')}, ${plural(f.pages, 'page')}`);
  row('posts', `${report.written.length} written to ${paths.posts}${report.drafts > 0 ? ` (${plural(report.drafts, 'draft')})` : ''}`);
  if (report.existing.length > 0) row('', `${report.existing.length} already there, left as they are (--force replaces them)`);
  const pages = report.pages;
  if (pages.found > 0 && pages.asPosts) row('pages', `${pages.found} imported as posts (--pages-as-posts)`);
  else if (pages.found > 0) {
    row('pages', `${pages.written.length} written to ${paths.pages}${pages.drafts > 0 ? ` (${plural(pages.drafts, 'draft')})` : ''}, their folders kept`);
    if (pages.existing.length > 0) row('', `${pages.existing.length} already there, left as they are (--force replaces them)`);
    for (const skipped of pages.skipped) row('', `not imported: ${skipped.file}: ${skipped.reason}`);
  }
  if (report.listPages > 0) row('', `${plural(report.listPages, 'template page')} (section lists, feeds, HTML layouts) not imported: quire writes its own`);
  // Many files with one reason (a folder of HTML documents) make one line, not a screenful.
  const byReason = new Map<string, typeof report.problems>();
  for (const p of report.problems) byReason.set(p.reason, [...(byReason.get(p.reason) ?? []), p]);
  for (const [reason, problems] of byReason) {
    if (problems.length > 3) row('not read', `${problems.length} files: ${reason} (${problems.slice(0, 3).map((p) => p.file).join(', ')}, …)`);
    else for (const p of problems) row('not read', `${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.reason}`);
  }
  if (report.untitled > 0) row('titles', `${plural(report.untitled, 'post')} had no title and were titled from their file names`);
  if (report.renamed.length > 0) row('slugs', `${report.renamed.length} taken by another post, given a suffix: ${report.renamed.map((r) => r.post).join(', ')}`);

  const converted = Object.entries(report.converted).sort(([a], [b]) => a.localeCompare(b)).map(([name, n]) => `${name} ×${n}`);
  if (converted.length > 0) row('converted', `${converted.join(', ')}`);
  if (report.leftovers.length > 0) {
    row('left as is', `${plural(report.leftovers.length, 'template tag')} with no markdown equivalent, shown as text:`);
    for (const l of report.leftovers) row('', `${l.file}:${l.line}  ${l.text}`);
  }
  if (report.headings > 0) row('headings', `${plural(report.headings, 'heading')} moved up so that none skips a level below the title (an h3 straight after it becomes an h2)`);
  if (report.rawHtml > 0) {
    const which = `${plural(report.rawHtml, 'post or page', 'posts and pages')} ${report.rawHtml === 1 ? 'holds' : 'hold'} HTML of their own, which the old site showed`;
    row('HTML', report.configWritten ? `${which}: rawHtml: true is in the new config, so it is kept (sanitized)` : `${which}: set rawHtml: true in the config to keep it (sanitized)`);
  }
  if (report.deadLinks.length > 0) {
    row('dead links', `${plural(report.deadLinks.length, 'link')} to a markdown file that is no post or page of the old site either, kept as its text:`);
    for (const d of report.deadLinks) row('', `${d.file}:${d.line}  ${d.link}`);
  }
  if (report.deadLinks.length > 0) {
    row('dead links', `${plural(report.deadLinks.length, 'link')} to a markdown file that is no post or page of the old site either, kept as its text:`);
    for (const d of report.deadLinks) row('', `${d.file}:${d.line}  ${d.link}`);
  }
  row('old links', `${plural(report.aliases, 'alias', 'aliases')} recorded: the build writes a redirect page at each old address that differs from the new one`);
  for (const d of report.droppedAliases) row('', `not an alias: ${d.alias} (${d.post}): ${d.reason}`);
  if (report.assets > 0) row('bundles', `${plural(report.assets, 'file')} copied beside their posts`);
  row('static', `${plural(report.staticFiles.copied, 'file')} copied to ${paths.static}${report.staticFiles.existing > 0 ? `, ${report.staticFiles.existing} already there` : ''}`);
  row('config', report.configWritten
    ? `${displayPath(report.configWritten)} written from the old settings (title, description, author, URL, time zone, pagination, permalink)`
    : 'the site\'s own config was kept; the old settings were not copied into it');
  for (const s of report.settingsDropped) row('', `not kept: ${s}`);
  for (const file of report.refused) row('refused', `${file}: its path leads outside the site's folders (a symbolic link), not written`);
  return lines.join('\n');
}
