import { ImportFormatError, type ImportDate, type ImportedComment, type ImportedItem, type ImportedSite, type ItemKind, type ItemStatus } from './model.js';
import { child, children, childText, parseXml, type XmlElement } from './xml.js';

const ATOM = 'http://www.w3.org/2005/Atom';
const KIND_SCHEME = 'http://schemas.google.com/g/2005#kind';
const KIND_PREFIX = 'http://schemas.google.com/blogger/2008/kind#';
const LABEL_SCHEME = 'http://www.blogger.com/atom/ns#';
const THR = 'http://purl.org/syndication/thread/1.0';
/** The Atom Publishing Protocol's namespace: Blogger's export uses the draft one, AtomPub the final one. */
const isApp = (uri: string) => uri === 'http://purl.org/atom/app#' || uri === 'http://www.w3.org/2007/app';
/** The namespace of the export Google Takeout writes since 2018 (`feed.atom`). */
const TAKEOUT = 'http://schemas.google.com/blogger/2018';

/**
 * Reads a Blogger export into the neutral model. Two shapes exist:
 *
 * - the classic export (Settings → Back up content): an Atom feed whose entries are posts,
 *   comments, pages, settings and the template, told apart by a `<category>` with the scheme
 *   `http://schemas.google.com/g/2005#kind`; comments point at their post with
 *   `<thr:in-reply-to ref>` and at the comment they answer with `<link rel="related">`; drafts
 *   have `<app:control><app:draft>yes</app:draft></app:control>`;
 * - Google Takeout's `feed.atom`, with `<blogger:type>`, `<blogger:status>`, `<blogger:filename>`,
 *   `<blogger:parent>` and `<blogger:inReplyTo>`.
 *
 * @throws ImportFormatError for malformed XML (with line and column) or a file that is not a Blogger export.
 */
export function readBlogger(text: string): ImportedSite {
  const feed = parseXml(text);
  if (feed.uri !== ATOM || feed.local !== 'feed') {
    throw new ImportFormatError(`this is not a Blogger export: its root element is <${feed.local}>, not an Atom <feed>`, feed.line, 1);
  }
  const entries = children(feed, ATOM, 'entry');
  const takeout = entries.some((entry) => child(entry, TAKEOUT, 'type'));
  if (!takeout && entries.length > 0 && !entries.some((entry) => kindOf(entry) !== undefined)) {
    throw new ImportFormatError('this Atom feed is not a Blogger export: no entry is marked as a post or comment (category scheme "http://schemas.google.com/g/2005#kind")', feed.line, 1);
  }
  const home = links(feed).find((l) => l.rel === 'alternate')?.href;

  const items: ImportedItem[] = [];
  const comments: Array<{ comment: ImportedComment; postRef: string }> = [];
  for (const entry of entries) {
    if (takeout) readTakeoutEntry(entry, items, comments);
    else readClassicEntry(entry, items, comments);
  }
  // Comments follow their posts in neither format reliably: attach them at the end.
  const byRef = new Map(items.map((item) => [item.id, item]));
  for (const { comment, postRef } of comments) byRef.get(numericId(postRef))?.comments.push(comment);

  const site: ImportedSite = { source: 'blogger', title: childText(feed, ATOM, 'title'), version: takeout ? 'takeout' : 'classic', items };
  if (home) site.home = home;
  return site;
}

function readClassicEntry(entry: XmlElement, items: ImportedItem[], comments: Array<{ comment: ImportedComment; postRef: string }>): void {
  const kind = kindOf(entry);
  const alternate = links(entry).find((l) => l.rel === 'alternate' && (l.type ?? 'text/html') === 'text/html')?.href;
  if (kind === 'comment') {
    const reply = child(entry, THR, 'in-reply-to');
    const postRef = reply?.attrs.get('ref') ?? '';
    const comment = baseComment(entry);
    comment.status = 'approved';
    // A reply to a comment links to that comment's feed entry: …/comments/default/<id>.
    const related = links(entry).find((l) => l.rel === 'related')?.href;
    const parent = related ? /\/comments\/default\/(\d+)\/?$/.exec(related)?.[1] : undefined;
    if (parent) comment.parent = parent;
    comments.push({ comment, postRef });
    return;
  }
  const draft = childText(child(entry, isApp, 'control') ?? entry, isApp, 'draft') === 'yes';
  const status: ItemStatus = draft ? 'draft' : 'publish';
  const type = kind ?? 'unknown';
  items.push(baseItem(entry, kind === 'post' ? 'post' : kind === 'page' ? 'page' : 'other', type, status, alternate));
}

function readTakeoutEntry(entry: XmlElement, items: ImportedItem[], comments: Array<{ comment: ImportedComment; postRef: string }>): void {
  const type = childText(entry, TAKEOUT, 'type').toUpperCase();
  const rawStatus = childText(entry, TAKEOUT, 'status').toUpperCase();
  const trashed = childText(entry, TAKEOUT, 'trashed') !== '';
  if (type === 'COMMENT') {
    const comment = baseComment(entry);
    comment.status = trashed || rawStatus.includes('TRASH') || rawStatus === 'DELETED' ? 'trash'
      : rawStatus === 'SPAM' ? 'spam'
      : rawStatus === 'LIVE' || rawStatus === '' ? 'approved' : 'pending';
    const parent = numericId(childText(entry, TAKEOUT, 'inReplyTo'));
    if (parent) comment.parent = parent;
    comments.push({ comment, postRef: childText(entry, TAKEOUT, 'parent') });
    return;
  }
  const status: ItemStatus = trashed || rawStatus.includes('TRASH') || rawStatus === 'DELETED' ? 'trash'
    : rawStatus === 'DRAFT' ? 'draft'
    : rawStatus === 'SCHEDULED' ? 'future'
    : rawStatus === 'LIVE' || rawStatus === '' ? 'publish' : 'other';
  const filename = childText(entry, TAKEOUT, 'filename');
  const kind: ItemKind = type === 'POST' ? 'post' : type === 'PAGE' ? 'page' : 'other';
  items.push(baseItem(entry, kind, type.toLowerCase() || 'unknown', status, filename || undefined));
}

function baseItem(entry: XmlElement, kind: ItemKind, type: string, status: ItemStatus, link: string | undefined): ImportedItem {
  const tags: string[] = [];
  for (const category of children(entry, ATOM, 'category')) {
    const scheme = category.attrs.get('scheme') ?? '';
    const term = category.attrs.get('term')?.trim() ?? '';
    if (term === '' || scheme === KIND_SCHEME) continue;
    if ((scheme === '' || scheme === LABEL_SCHEME || scheme.startsWith('tag:blogger.com')) && !tags.some((t) => t.toLowerCase() === term.toLowerCase())) {
      tags.push(term);
    }
  }
  const item: ImportedItem = {
    id: numericId(childText(entry, ATOM, 'id')),
    kind,
    type,
    status,
    title: textOf(child(entry, ATOM, 'title')),
    slug: link ? (/\/([^/?#]+?)(?:\.html?)?(?:[?#].*)?$/.exec(link)?.[1] ?? '') : '',
    oldUrls: [],
    html: htmlOf(child(entry, ATOM, 'content')),
    autop: false,
    tags,
    categories: [],
    commentsOpen: true,
    comments: [],
    line: entry.line,
  };
  if (link) item.link = link;
  const date = atomDate(childText(entry, ATOM, 'published'));
  if (date) item.date = date;
  const updated = atomDate(childText(entry, ATOM, 'updated'));
  if (updated) item.modified = updated;
  const author = childText(child(entry, ATOM, 'author') ?? entry, ATOM, 'name');
  if (author) item.author = author;
  return item;
}

function baseComment(entry: XmlElement): ImportedComment {
  const author = child(entry, ATOM, 'author');
  const comment: ImportedComment = {
    id: numericId(childText(entry, ATOM, 'id')),
    author: author ? childText(author, ATOM, 'name') : '',
    html: htmlOf(child(entry, ATOM, 'content')),
    autop: false,
    status: 'approved',
    type: 'comment',
  };
  const uri = author ? childText(author, ATOM, 'uri') : '';
  if (uri) comment.url = uri;
  const date = atomDate(childText(entry, ATOM, 'published'));
  if (date) comment.date = date;
  return comment;
}

/** `post`, `comment`, `page`, `settings`, `template`… from the entry's kind category. */
function kindOf(entry: XmlElement): string | undefined {
  for (const category of children(entry, ATOM, 'category')) {
    const term = category.attrs.get('term') ?? '';
    if (category.attrs.get('scheme') === KIND_SCHEME && term.startsWith(KIND_PREFIX)) return term.slice(KIND_PREFIX.length);
  }
  return undefined;
}

function links(element: XmlElement): Array<{ rel: string; href: string; type?: string }> {
  return children(element, ATOM, 'link').flatMap((link) => {
    const href = link.attrs.get('href');
    if (!href) return [];
    const type = link.attrs.get('type');
    return [{ rel: link.attrs.get('rel') ?? 'alternate', href, ...(type ? { type } : {}) }];
  });
}

/** `tag:blogger.com,1999:blog-123.post-456` → `456`; other ids are kept as they are. */
export function numericId(id: string): string {
  return /\.post-(\d+)$/.exec(id.trim())?.[1] ?? id.trim();
}

/** Atom text constructs: `type="html"` holds escaped HTML, `text` (the default) plain text. */
function htmlOf(element: XmlElement | undefined): string {
  if (!element) return '';
  const type = element.attrs.get('type') ?? 'text';
  if (type === 'html') return element.text;
  return element.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br>\n');
}

/** A title as text: an `html` title is markup, the converter strips it later; entities stay for that step. */
function textOf(element: XmlElement | undefined): string {
  if (!element) return '';
  const type = element.attrs.get('type') ?? 'text';
  return type === 'html' || type === 'xhtml' ? element.text.trim() : element.text.trim().replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

function atomDate(value: string): ImportDate | undefined {
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(time)) return undefined;
  return { utc: new Date(time).toISOString().replace(/\.000Z$/, 'Z') };
}
