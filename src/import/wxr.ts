import {
  ImportFormatError,
  type ImportDate,
  type ImportedComment,
  type ImportedItem,
  type ImportedMenuItem,
  type ImportedSite,
  type ImportedTerm,
  type ItemKind,
  type ItemStatus,
} from './model.js';
import { child, children, childText, parseXml, type XmlElement } from './xml.js';

/** WXR 1.0, 1.1 and 1.2 differ in the version in their namespace URIs: `http://wordpress.org/export/1.2/`. */
const isWp = (uri: string) => /^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/$/.test(uri);
const isExcerpt = (uri: string) => /^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/excerpt\/$/.test(uri);
const CONTENT = 'http://purl.org/rss/1.0/modules/content/';
const DC = 'http://purl.org/dc/elements/1.1/';

/**
 * Reads a WordPress eXtended RSS export (WXR 1.0–1.2; Squarespace writes the same format) into
 * the neutral model. Nothing is filtered here: statuses, types and comment kinds are kept so the
 * writer can count what it leaves out.
 *
 * @throws ImportFormatError for malformed XML (with line and column) or a file that is not WXR.
 */
export function readWxr(text: string): ImportedSite {
  const rss = parseXml(text);
  const channel = rss.local === 'rss' && rss.uri === '' ? child(rss, '', 'channel') : undefined;
  if (!channel) {
    throw new ImportFormatError(`this is not a WordPress export: its root element is <${rss.local}>, not <rss> with a <channel>`, rss.line, 1);
  }
  const wpUri = findWpNamespace(channel);
  if (!wpUri) {
    throw new ImportFormatError('this RSS feed is not a WordPress export: it has no elements in the WordPress export namespace (wp:)', channel.line, 1);
  }
  const version = childText(channel, isWp, 'wxr_version') || /export\/(\d+\.\d+)\//.exec(wpUri)?.[1] || '';
  const home = childText(channel, isWp, 'base_blog_url') || childText(channel, '', 'link');

  // dc:creator holds the author's login; the export lists each author's display name.
  const authors = new Map<string, string>();
  for (const author of children(channel, isWp, 'author')) {
    const login = childText(author, isWp, 'author_login');
    const name = childText(author, isWp, 'author_display_name');
    if (login) authors.set(login, name || login);
  }

  const paths = categoryPaths(channel);
  const items = children(channel, '', 'item').map((item) => readItem(item, authors, paths));
  const site: ImportedSite = {
    source: 'wordpress', title: childText(channel, '', 'title'), version, items,
    authors: [...authors].map(([login, name]) => ({ login, name })), terms: termsById(channel, paths),
  };
  if (home) site.home = home;
  return site;
}

/** Categories and tags by term id: menu entries name them by id only. */
function termsById(channel: XmlElement, paths: Map<string, string>): Map<string, ImportedTerm> {
  const terms = new Map<string, ImportedTerm>();
  for (const category of children(channel, isWp, 'category')) {
    const id = childText(category, isWp, 'term_id');
    const nicename = childText(category, isWp, 'category_nicename');
    const name = paths.get(nicename) ?? childText(category, isWp, 'cat_name');
    if (id && name) terms.set(id, { taxonomy: 'category', name });
  }
  for (const tag of children(channel, isWp, 'tag')) {
    const id = childText(tag, isWp, 'term_id');
    const name = childText(tag, isWp, 'tag_name');
    if (id && name) terms.set(id, { taxonomy: 'tag', name });
  }
  // WXR 1.2 lists every term again as <wp:term>, including those of taxonomies above.
  for (const term of children(channel, isWp, 'term')) {
    const id = childText(term, isWp, 'term_id');
    const taxonomy = childText(term, isWp, 'term_taxonomy');
    const name = childText(term, isWp, 'term_name');
    if (!id || !name || terms.has(id)) continue;
    if (taxonomy === 'category') terms.set(id, { taxonomy: 'category', name: paths.get(childText(term, isWp, 'term_slug')) ?? name });
    else if (taxonomy === 'post_tag') terms.set(id, { taxonomy: 'tag', name });
  }
  return terms;
}

/**
 * Each category's nicename mapped to its `Parent/Child` path, from the channel's `<wp:category>`
 * list (items name only their own category, not its ancestors).
 */
function categoryPaths(channel: XmlElement): Map<string, string> {
  const byNicename = new Map<string, { name: string; parent: string }>();
  for (const category of children(channel, isWp, 'category')) {
    const nicename = childText(category, isWp, 'category_nicename');
    if (nicename) byNicename.set(nicename, { name: childText(category, isWp, 'cat_name'), parent: childText(category, isWp, 'category_parent') });
  }
  const paths = new Map<string, string>();
  for (const nicename of byNicename.keys()) {
    const names: string[] = [];
    // The seen set stops at a parent loop, which a hand-edited export could hold.
    const seen = new Set<string>();
    for (let at = byNicename.get(nicename); at && !seen.has(at.name); at = byNicename.get(at.parent)) {
      seen.add(at.name);
      names.unshift(at.name.replaceAll('/', '-'));
    }
    paths.set(nicename, names.join('/'));
  }
  return paths;
}

function findWpNamespace(channel: XmlElement): string | undefined {
  const direct = channel.children.find((c) => isWp(c.uri));
  if (direct) return direct.uri;
  for (const item of channel.children) {
    const nested = item.children.find((c) => isWp(c.uri));
    if (nested) return nested.uri;
  }
  return undefined;
}

function readItem(item: XmlElement, authors: Map<string, string>, categoryPaths: Map<string, string>): ImportedItem {
  const type = childText(item, isWp, 'post_type') || 'post';
  const kind: ItemKind = type === 'post' ? 'post' : type === 'page' ? 'page' : type === 'attachment' ? 'attachment' : 'other';
  const rawStatus = childText(item, isWp, 'status');
  const password = childText(item, isWp, 'post_password');
  const status: ItemStatus = password !== '' && kind !== 'attachment'
    ? 'protected'
    : (['publish', 'future', 'draft', 'pending', 'private', 'trash'] as const).find((s) => s === rawStatus) ?? 'other';

  const tags: string[] = [];
  const categories: string[] = [];
  for (const category of children(item, '', 'category')) {
    const name = category.text.trim();
    const domain = category.attrs.get('domain') ?? 'category';
    if (name === '') continue;
    // WXR 1.0 wrote tags as domain="tag"; 1.1 and later as domain="post_tag".
    if (domain === 'post_tag' || domain === 'tag') pushUnique(tags, name);
    // The default category says nothing about a post; it would tag every post of most blogs.
    else if (domain === 'category' && category.attrs.get('nicename') !== 'uncategorized' && name.toLowerCase() !== 'uncategorized') {
      pushUnique(categories, categoryPaths.get(category.attrs.get('nicename') ?? '') || name.replaceAll('/', '-'));
    }
  }

  const creator = childText(item, DC, 'creator');
  const result: ImportedItem = {
    id: childText(item, isWp, 'post_id'),
    kind,
    type,
    status,
    title: childText(item, '', 'title'),
    slug: childText(item, isWp, 'post_name'),
    oldUrls: [],
    html: child(item, CONTENT, 'encoded')?.text ?? '',
    // Classic-editor posts are stored as text whose blank lines are paragraphs; block-editor
    // posts are HTML already (WordPress skips wpautop for them, and so does the converter).
    autop: true,
    tags,
    categories,
    commentsOpen: childText(item, isWp, 'comment_status') !== 'closed',
    comments: children(item, isWp, 'comment').map(readComment),
    line: item.line,
  };
  const link = childText(item, '', 'link');
  if (link) result.link = link;
  const date = wpDate(childText(item, isWp, 'post_date_gmt'), childText(item, isWp, 'post_date'));
  if (date) result.date = date;
  const modified = wpDate(childText(item, isWp, 'post_modified_gmt'), childText(item, isWp, 'post_modified'));
  if (modified) result.modified = modified;
  const excerpt = child(item, isExcerpt, 'encoded')?.text.trim();
  if (excerpt) result.excerptHtml = excerpt;
  if (creator) result.author = authors.get(creator) ?? creator;
  const attachmentUrl = childText(item, isWp, 'attachment_url');
  if (attachmentUrl) result.attachmentUrl = attachmentUrl;
  const parent = childText(item, isWp, 'post_parent');
  if (parent && parent !== '0') result.parent = parent;
  const order = Number.parseInt(childText(item, isWp, 'menu_order'), 10);
  if (Number.isSafeInteger(order) && order !== 0) result.order = order;
  if (type === 'nav_menu_item') {
    const menuItem = readMenuItem(item);
    if (menuItem) result.menuItem = menuItem;
  }
  // The guid of a post is often its `?p=ID` link; it is an old URL too when it is on the blog.
  const guid = childText(item, '', 'guid');
  if (guid && /[?&]p(?:age_id)?=\d+/.test(guid)) result.oldUrls.push(guid);
  return result;
}

/** A menu item's menu (its `nav_menu` category) and target, from its postmeta. */
function readMenuItem(item: XmlElement): ImportedMenuItem | undefined {
  const menu = children(item, '', 'category').find((c) => c.attrs.get('domain') === 'nav_menu');
  if (!menu) return undefined;
  const meta = new Map<string, string>();
  for (const entry of children(item, isWp, 'postmeta')) meta.set(childText(entry, isWp, 'meta_key'), childText(entry, isWp, 'meta_value'));
  const type = meta.get('_menu_item_type') ?? '';
  const result: ImportedMenuItem = {
    menu: menu.attrs.get('nicename') ?? menu.text.trim(),
    menuName: menu.text.trim(),
    type: type === 'post_type' || type === 'taxonomy' || type === 'custom' ? type : 'other',
    object: meta.get('_menu_item_object') ?? '',
    objectId: meta.get('_menu_item_object_id') ?? '',
    url: meta.get('_menu_item_url') ?? '',
  };
  const parent = meta.get('_menu_item_menu_item_parent');
  if (parent && parent !== '0') result.parent = parent;
  return result;
}

function readComment(comment: XmlElement): ImportedComment {
  const approved = childText(comment, isWp, 'comment_approved');
  const rawType = childText(comment, isWp, 'comment_type');
  const result: ImportedComment = {
    id: childText(comment, isWp, 'comment_id'),
    author: childText(comment, isWp, 'comment_author'),
    html: child(comment, isWp, 'comment_content')?.text ?? '',
    autop: true,
    status: approved === '1' ? 'approved' : approved === 'spam' ? 'spam' : approved === 'trash' || approved === 'post-trashed' ? 'trash' : 'pending',
    type: rawType === 'pingback' ? 'pingback' : rawType === 'trackback' ? 'trackback' : 'comment',
  };
  const parent = childText(comment, isWp, 'comment_parent');
  if (parent && parent !== '0') result.parent = parent;
  const url = childText(comment, isWp, 'comment_author_url');
  if (url) result.url = url;
  const date = wpDate(childText(comment, isWp, 'comment_date_gmt'), childText(comment, isWp, 'comment_date'));
  if (date) result.date = date;
  return result;
}

const mysqlDate = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/;

/**
 * A WordPress date pair: the GMT one when it is set (drafts have `0000-00-00 00:00:00`), else the
 * local one, whose zone the export does not say.
 */
export function wpDate(gmt: string, local: string): ImportDate | undefined {
  const g = mysqlDate.exec(gmt);
  if (g && !gmt.startsWith('0000')) return { utc: `${g[1]}T${g[2]}Z` };
  const l = mysqlDate.exec(local);
  if (l && !local.startsWith('0000')) return { local: `${l[1]}T${l[2]}` };
  return undefined;
}

function pushUnique(list: string[], value: string): void {
  if (!list.some((v) => v.toLowerCase() === value.toLowerCase())) list.push(value);
}
