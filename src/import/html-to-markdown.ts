import type { Element, ElementContent, Nodes as HastNodes, Root as HastRoot } from 'hast';
import type { Heading, Paragraph, PhrasingContent, Root as MdastRoot } from 'mdast';
import { sanitize } from 'hast-util-sanitize';
import { toHtml } from 'hast-util-to-html';
import rehypeParse from 'rehype-parse';
import rehypeRemark from 'rehype-remark';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { slug } from 'github-slugger';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { ownIdPattern } from '../markdown/remark-heading-ids.js';
import { rawHtmlSchema } from '../markdown/sanitize-schema.js';

/** What a conversion could not express as plain markdown, counted for the import summary. */
export interface ConversionNotes {
  /** `[caption]` shortcodes and `<figure>`s with captions. */
  captions: number;
  /** `[gallery]` shortcodes. */
  galleries: number;
  /** Galleries whose images the export does not list (left as a note in the post). */
  emptyGalleries: number;
  /** `[embed]`, `[audio]`, `[video]` shortcodes and `<iframe>`, `<video>`, `<audio>` elements. */
  embeds: number;
  /** Other shortcodes, left in the text as written, by name. */
  unknownShortcodes: Record<string, number>;
  /** Elements removed as unsafe or meaningless in a post (`script`, `style`, `object`…), by name. */
  removed: Record<string, number>;
  /** Headings moved up a level or more so that none skips a level (an `h3` straight after the title). */
  headings: number;
}

/** How to convert. */
export interface ConvertOptions {
  /**
   * Keep what markdown cannot say (figures, galleries, embeds) as HTML, already passed through the
   * build's raw-HTML schema. Only useful with the site's `rawHtml: true` (without it the build drops
   * raw HTML), so without it these become markdown: image + italic caption, images, a link.
   */
  keepHtml?: boolean;
  /** WordPress-style text (classic editor, comments): blank lines are paragraphs, single newlines breaks. */
  autop?: boolean;
  /** The URL of an attachment by id, for `[gallery ids="…"]`. */
  attachment?: (id: string) => string | undefined;
  /** Attachments of this post, for a `[gallery]` without ids. */
  ownAttachments?: () => string[];
  /** Drop relative URLs (comments have no page to resolve them against). */
  dropRelative?: boolean;
  /** Rewrites a (safe) URL of an image or link, e.g. to a copied media file; undefined keeps it. */
  rewriteUrl?: (url: string, kind: 'image' | 'link') => string | undefined;
}

export function emptyNotes(): ConversionNotes {
  return { captions: 0, galleries: 0, emptyGalleries: 0, embeds: 0, unknownShortcodes: {}, removed: {}, headings: 0 };
}

/** Adds `more` into `into`. */
export function addNotes(into: ConversionNotes, more: ConversionNotes): void {
  into.captions += more.captions;
  into.galleries += more.galleries;
  into.emptyGalleries += more.emptyGalleries;
  into.embeds += more.embeds;
  into.headings += more.headings;
  for (const [name, n] of Object.entries(more.unknownShortcodes)) into.unknownShortcodes[name] = (into.unknownShortcodes[name] ?? 0) + n;
  for (const [name, n] of Object.entries(more.removed)) into.removed[name] = (into.removed[name] ?? 0) + n;
}

/** Elements dropped with their content: active content, or nothing a reader sees. */
const removedElements = new Set(['script', 'style', 'noscript', 'template', 'object', 'embed', 'applet', 'frame', 'frameset', 'base', 'link', 'meta', 'title', 'form', 'button', 'select', 'textarea', 'svg', 'math']);

/** Marks a place where the converter emits raw markdown (`<!-- more -->` or kept HTML). */
const RAW = 'quire-raw';

// The three stages, built once: a conversion is a few hundred microseconds, and blogs have thousands of posts.
const htmlParser = unified().use(rehypeParse, { fragment: true }).freeze();
const toMdast = unified()
  .use(rehypeRemark, {
    handlers: {
      // A paragraph holding only the HTML: flow content, so it is never merged into the text around it.
      [RAW]: (_state, node) => ({ type: 'paragraph', children: [{ type: 'html', value: String(node.properties['dataMarkdown'] ?? '') }] }),
    },
  })
  .freeze();
const toMarkdown = unified()
  .use(remarkGfm)
  .use(remarkStringify, { bullet: '-', emphasis: '_', strong: '*', fences: true, rule: '*', listItemIndent: 'one' })
  .freeze();

/**
 * Converts post or comment HTML from an export to markdown with the unified toolchain
 * (rehype-parse → rehype-remark → remark-stringify with GFM), so that quire's own markdown
 * pipeline renders the same content. Shortcodes markdown cannot express are kept as sanitised
 * HTML (`keepHtml`) or turned into their nearest markdown, and counted; nothing is dropped
 * silently except active content (scripts, styles, event handlers, `javascript:` URLs), which is
 * counted too. WordPress' `<!--more-->` becomes quire's `<!-- more -->` excerpt marker.
 */
export function htmlToMarkdown(html: string, options: ConvertOptions = {}): { markdown: string; notes: ConversionNotes } {
  const notes = emptyNotes();
  let source = html.replace(/\r\n?/g, '\n').replace(/[\uE000\uE001]/g, '');
  source = expandShortcodes(source, options, notes);
  // Gutenberg (block editor) content is HTML already; WordPress skips wpautop for it too.
  if (options.autop && !/<!--\s*wp:/.test(source)) source = wpautop(source);

  const tree = htmlParser.parse(source);
  transform(tree, options, notes);
  const mdast = toMdast.runSync(tree) as MdastRoot;
  tidy(mdast);
  notes.headings += closeHeadingGaps(mdast);
  const markdown = toMarkdown.stringify(mdast).trim();
  return { markdown, notes };
}

/** Plain text of an HTML fragment (a title, an excerpt): entities decoded, tags and scripts removed, spaces collapsed. */
export function htmlToText(html: string): string {
  const tree = htmlParser.parse(html);
  const parts: string[] = [];
  const walk = (node: HastNodes): void => {
    if (node.type === 'text') parts.push(node.value);
    else if (node.type === 'element') {
      if (removedElements.has(node.tagName)) return;
      if (node.tagName === 'br' || node.tagName === 'p') parts.push(' ');
      for (const c of node.children) walk(c);
    } else if (node.type === 'root') for (const c of node.children) walk(c);
  };
  walk(tree);
  // Control characters (other than tab and newline) have no place in a title or description.
  return parts.join('').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B\u2028\u2029]/g, '').replace(/\s+/g, ' ').trim();
}

/**
 * Moves headings up so that none skips a level, counting from the page's title (`h1`): WordPress
 * themes style an `h3` straight under the title as a sub-heading, but a reader's outline (and the
 * HTML checker) then lacks a level. Each heading is at most one level below the one before;
 * the order and relative depth of the author's headings stay. Returns how many moved.
 */
function closeHeadingGaps(tree: MdastRoot): number {
  let previous = 1;
  let moved = 0;
  visit(tree, 'heading', (node: Heading) => {
    const depth = Math.min(node.depth, previous + 1) as Heading['depth'];
    if (depth !== node.depth) moved++;
    node.depth = depth;
    previous = depth;
  });
  return moved;
}

/** Drops line breaks at the start or end of a paragraph (`<br><br>` between blocks) and the paragraphs left empty. */
function tidy(tree: MdastRoot): void {
  const blank = (n: PhrasingContent) => n.type === 'break' || (n.type === 'text' && n.value.trim() === '');
  visit(tree, 'paragraph', (node: Paragraph) => {
    while (node.children[0] && blank(node.children[0])) node.children.shift();
    while (node.children.at(-1) && blank(node.children.at(-1) as PhrasingContent)) node.children.pop();
  });
  const prune = (parent: { children: unknown[] }) => {
    parent.children = parent.children.filter((c) => !(typeof c === 'object' && c !== null && (c as { type: string }).type === 'paragraph' && (c as Paragraph).children.length === 0));
    for (const c of parent.children) if (typeof c === 'object' && c !== null && 'children' in c) prune(c as { children: unknown[] });
  };
  prune(tree);
}

// ---------------------------------------------------------------------------------------------
// Shortcodes

/** Parses shortcode attributes: `a="x" b='y' c=z`, plus positional values. */
export function shortcodeAttributes(text: string): Record<string, string> {
  const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
  const pattern = /([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)/g;
  for (const m of text.matchAll(pattern)) {
    const key = (m[1] ?? m[3] ?? m[5] ?? '').toLowerCase();
    if (key) attrs[key] = m[2] ?? m[4] ?? m[6] ?? '';
  }
  return attrs;
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * Replaces WordPress' media shortcodes with HTML the rest of the converter understands
 * (`<figure>`, `<quire-gallery>`, `<quire-embed>`), and counts any other shortcode it leaves.
 */
function expandShortcodes(source: string, options: ConvertOptions, notes: ConversionNotes): string {
  // `[[name]]` is WordPress' escape for a literal `[name]`.
  let out = source.replace(/\[\[([a-z_][\w-]*\b[^\]]*)\]\]/gi, '&#91;$1&#93;');

  out = out.replace(/\[(caption|wp_caption)\b([^\]]*)\]([\s\S]*?)\[\/\1\]/gi, (_m, _name: string, attrText: string, inner: string) => {
    notes.captions++;
    const attrs = shortcodeAttributes(attrText);
    const media = /^\s*(<a\b[^>]*>\s*<img\b[^>]*>\s*<\/a>|<img\b[^>]*>)/i.exec(inner);
    const mediaHtml = media?.[1] ?? '';
    const captionHtml = (media ? inner.slice(media[0].length) : inner).trim() || (attrs['caption'] ?? '');
    return `\n\n<figure class="wp-caption">${mediaHtml.replace(/\n/g, ' ')}<figcaption>${captionHtml.replace(/\n+/g, ' ')}</figcaption></figure>\n\n`;
  });

  out = out.replace(/\[gallery\b([^\]]*)\]/gi, (_m, attrText: string) => {
    notes.galleries++;
    const attrs = shortcodeAttributes(attrText);
    const ids = (attrs['ids'] ?? attrs['include'] ?? '').split(',').map((s) => s.trim()).filter((s) => /^\d+$/.test(s));
    const urls = ids.length > 0
      ? ids.map((id) => options.attachment?.(id)).filter((u): u is string => u !== undefined)
      : options.ownAttachments?.() ?? [];
    if (urls.length === 0) notes.emptyGalleries++;
    return `\n\n<quire-gallery data-urls="${escapeAttr(JSON.stringify(urls))}"></quire-gallery>\n\n`;
  });

  out = out.replace(/\[embed\b[^\]]*\]([\s\S]*?)\[\/embed\]/gi, (_m, url: string) => {
    notes.embeds++;
    return `\n\n<quire-embed data-url="${escapeAttr(url.trim())}"></quire-embed>\n\n`;
  });

  out = out.replace(/\[(audio|video)\b([^\]]*)\](?:([\s\S]*?)\[\/\1\])?/gi, (_m, name: string, attrText: string) => {
    notes.embeds++;
    const attrs = shortcodeAttributes(attrText);
    const url = attrs['src'] ?? attrs['mp4'] ?? attrs['mp3'] ?? attrs['m4a'] ?? attrs['ogg'] ?? attrs['webm'] ?? attrs['wav'] ?? '';
    return `\n\n<quire-embed data-url="${escapeAttr(url)}" data-kind="${name.toLowerCase()}"></quire-embed>\n\n`;
  });

  // Any other shortcode stays as text; count the ones that look like shortcodes (with a
  // closing tag, self-closed, or a name WordPress core or common plugins use).
  const seen = new Set<number>();
  const count = (name: string, at: number) => {
    if (seen.has(at)) return;
    seen.add(at);
    const key = name.toLowerCase();
    notes.unknownShortcodes[key] = (notes.unknownShortcodes[key] ?? 0) + 1;
  };
  for (const m of out.matchAll(/\[([a-z_][\w-]*)\b[^\]\n]*\][\s\S]*?\[\/\1\]/gi)) count(m[1] ?? '', m.index);
  for (const m of out.matchAll(/\[([a-z_][\w-]*)\b[^\]\n]*\/\]/gi)) count(m[1] ?? '', m.index);
  for (const m of out.matchAll(/\[(playlist|contact-form-7|contact-form|wpforms|soundcloud|youtube|vimeo|tweet|instagram|gist|code|sourcecode|latex)\b[^\]\n]*\]/gi)) count(m[1] ?? '', m.index);
  return out;
}

// ---------------------------------------------------------------------------------------------
// wpautop

const blockStart = /^(?:<\/?(?:p|div|h[1-6]|ul|ol|li|dl|dt|dd|blockquote|pre|table|thead|tbody|tfoot|tr|td|th|caption|figure|figcaption|hr|address|section|article|aside|header|footer|nav|main|details|summary|iframe|video|audio|object|embed|script|style|noscript|math|svg|form|fieldset|quire-gallery|quire-embed)\b|<!--)/i;

/**
 * A simplified version of WordPress' `wpautop`: text separated by blank lines becomes paragraphs
 * and single newlines inside them line breaks; blocks that already start with a block-level tag
 * are left alone, and so is everything inside `<pre>`.
 */
export function wpautop(text: string): string {
  const pres: string[] = [];
  const protectedText = text.replace(/<pre\b[\s\S]*?<\/pre>/gi, (m) => {
    pres.push(m);
    return `\uE000${pres.length - 1}\uE001`;
  });
  const blocks = protectedText.split(/\n[ \t]*\n/).map((block) => {
    const t = block.trim();
    if (t === '') return '';
    if (blockStart.test(t) || /^\uE000\d+\uE001$/.test(t)) return t;
    return `<p>${t.replace(/\n/g, '<br>\n')}</p>`;
  });
  return blocks.filter((b) => b !== '').join('\n\n').replace(/\uE000(\d+)\uE001/g, (_m, i: string) => pres[Number(i)] ?? '');
}

// ---------------------------------------------------------------------------------------------
// The hast pass

/** Returns the URL when it is safe to keep (http, https, mailto, or relative), made absolute for `//host` URLs. */
export function safeUrl(value: string): string | undefined {
  // As browsers do: leading and trailing controls and spaces go, tabs and newlines anywhere
  // (`java\tscript:` is `javascript:`).
  const url = value.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  if (url === '') return undefined;
  if (url.startsWith('//')) return `https:${url}`;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) return url;
  return scheme === 'http' || scheme === 'https' || scheme === 'mailto' ? url : undefined;
}

const element = (tagName: string, properties: Element['properties'], children: ElementContent[] = []): Element => ({
  type: 'element', tagName, properties, children,
});
const text = (value: string): ElementContent => ({ type: 'text', value });

function transform(tree: HastRoot, options: ConvertOptions, notes: ConversionNotes): void {
  const keepHtml = options.keepHtml ?? false;
  const raw = (markdown: string): Element => element(RAW, { dataMarkdown: markdown });
  /** Serialises kept HTML through the build's raw-HTML schema, so the file holds only what would be shown. */
  const keep = (node: Element): Element => {
    const clean = sanitize(stripIds(structuredClone(node)), rawHtmlSchema);
    return raw(toHtml(clean).replace(/\n+/g, ' '));
  };
  const embedLink = (url: string | undefined, label: string): Element => {
    const safe = url === undefined ? undefined : safeUrl(url);
    return element('p', {}, safe
      ? [text(`${label}: `), element('a', { href: safe }, [text(safe)])]
      : [text(`${label} (not kept: it had no web address)`)]);
  };

  // 1. Remove active content; make every URL safe (and rewritten for copied media).
  const clean = (parent: HastRoot | Element): void => {
    for (let i = 0; i < parent.children.length; i++) {
      const node = parent.children[i];
      if (!node) continue;
      if (node.type === 'comment') {
        // WordPress' `<!--more-->` (with an optional label) marks the end of the excerpt.
        if (/^\s*more\b/i.test(node.value)) parent.children[i] = raw('<!-- more -->');
        else parent.children.splice(i--, 1);
        continue;
      }
      if (node.type !== 'element') continue;
      // Blogger's jump break is an empty `<a name="more">`.
      if (node.tagName === 'a' && node.properties['name'] === 'more' && node.properties['href'] === undefined && node.children.length === 0) {
        parent.children[i] = raw('<!-- more -->');
        continue;
      }
      if (removedElements.has(node.tagName)) {
        notes.removed[node.tagName] = (notes.removed[node.tagName] ?? 0) + 1;
        parent.children.splice(i, 1);
        i--;
        continue;
      }
      const props = node.properties;
      for (const key of Object.keys(props)) {
        // Event handlers and inline styles never survive; the build would drop them anyway.
        if (/^on/i.test(key) || key === 'style') delete props[key];
      }
      for (const key of ['href', 'src', 'poster', 'cite'] as const) {
        const value = props[key];
        if (value === undefined || value === null) continue;
        const safe = safeUrl(String(value));
        const rewritten = safe === undefined ? undefined : (options.rewriteUrl?.(safe, key === 'href' ? 'link' : 'image') ?? safe);
        if (rewritten === undefined || (options.dropRelative && !/^[a-z][a-z0-9+.-]*:/i.test(rewritten))) delete props[key];
        else props[key] = rewritten;
      }
      // A link or image left without its address is just its text.
      if ((node.tagName === 'a' && props['href'] === undefined) || (node.tagName === 'img' && props['src'] === undefined)) {
        clean(node);
        parent.children.splice(i, 1, ...(node.tagName === 'a' ? node.children : []));
        i--;
        continue;
      }
      // Responsive variants point at files that are not copied; the plain `src` is enough.
      delete props['srcSet'];
      delete props['sizes'];
      if (node.tagName !== 'template') clean(node);
    }
  };
  clean(tree);
  liftMoreMarker(tree);
  // The document's own `#part` links, for the headings' ids (see `keepHeadingId`).
  const fragments = new Set<string>();
  visit(tree, 'element', (el: Element) => {
    const href = el.properties['href'];
    if (typeof href === 'string' && href.startsWith('#')) fragments.add(href.slice(1));
  });

  // 2. Figures, galleries, embeds and media: HTML when kept, else their nearest markdown.
  const convert = (parent: HastRoot | Element): void => {
    for (let i = 0; i < parent.children.length; i++) {
      const node = parent.children[i];
      if (!node || node.type !== 'element') continue;
      let replacement: Element | undefined;
      if (node.tagName === 'figure') {
        const caption = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'figcaption');
        if (caption && !(node.properties['className'] as string[] | undefined)?.includes('wp-caption')) notes.captions++;
        if (keepHtml) replacement = keep(node);
        else {
          convert(node);
          const rest = node.children.filter((c) => c !== caption);
          replacement = element('div', {}, [...rest, ...(caption ? [element('p', {}, [element('em', {}, unwrapEmphasis(caption.children))])] : [])]);
        }
      } else if (node.tagName === 'quire-gallery') {
        let urls: unknown;
        try {
          urls = JSON.parse(String(node.properties['dataUrls'] ?? '[]'));
        } catch {
          urls = [];
        }
        const images = (Array.isArray(urls) ? urls : [])
          .map((u) => (typeof u === 'string' ? safeUrl(u) : undefined))
          .filter((u): u is string => u !== undefined)
          .map((u) => element('img', { src: options.rewriteUrl?.(u, 'image') ?? u, alt: '' }));
        if (images.length === 0) replacement = element('p', {}, [text('[A gallery was here; the export does not list its images.]')]);
        else if (keepHtml) replacement = keep(element('figure', { className: ['gallery'] }, images));
        else replacement = element('p', {}, images.flatMap((img, n) => (n === 0 ? [img] : [text(' '), img])));
      } else if (node.tagName === 'quire-embed') {
        const kind = String(node.properties['dataKind'] ?? '');
        replacement = embedLink(String(node.properties['dataUrl'] ?? ''), kind === 'audio' ? 'Audio' : kind === 'video' ? 'Video' : 'Embedded content');
        if (keepHtml && (kind === 'audio' || kind === 'video')) {
          const src = safeUrl(String(node.properties['dataUrl'] ?? ''));
          if (src) replacement = keep(element(kind, { src: options.rewriteUrl?.(src, 'image') ?? src, controls: true }));
        }
      } else if (node.tagName === 'iframe' || node.tagName === 'video' || node.tagName === 'audio') {
        notes.embeds++;
        const src = node.properties['src'] !== undefined ? String(node.properties['src']) : findSource(node);
        const label = node.tagName === 'iframe' ? 'Embedded content' : node.tagName === 'video' ? 'Video' : 'Audio';
        replacement = keepHtml && src?.startsWith('https:') ? keep(node) : embedLink(src, label);
      }
      if (replacement) parent.children[i] = replacement;
      else {
        convert(node);
        if (/^h[1-6]$/.test(node.tagName)) keepHeadingId(node, fragments);
      }
    }
  };
  convert(tree);
}

/**
 * A heading's id (`<h2 id="usage">`, or an anchor in it, `<h2><a id="usage">…`) written after its
 * text as quire reads it (`## Usage {#usage}`) where quire would give it another, so links to
 * the heading keep arriving. Unless the document's own links (`fragments`) point at the id quire
 * gives and never at the author's: they were written for that one.
 */
function keepHeadingId(heading: Element, fragments: ReadonlySet<string>): void {
  // The heading's own id, or that of an anchor in it (`<a id>`, `<a name>`), not a footnote mark's.
  let id: unknown = heading.properties['id'];
  visit(heading, 'element', (el: Element) => {
    if (el.tagName === 'a') id ??= el.properties['id'] ?? el.properties['name'];
  });
  let words = '';
  visit(heading, 'text', (node: { value: string }) => {
    words += node.value;
  });
  words = words.trim();
  const ours = slug(words);
  if (typeof id !== 'string' || !ownIdPattern.test(id) || id === ours || words === '') return;
  if (fragments.has(ours) && !fragments.has(id)) return;
  heading.children.push({ type: 'text', value: ` {#${id}}` });
}

/**
 * Moves the first `<!-- more -->` marker to the top level, right after the block that held it
 * (quire looks for it between blocks), and drops any other.
 */
function liftMoreMarker(tree: HastRoot): void {
  const isMarker = (n: HastNodes): boolean => n.type === 'element' && n.tagName === RAW && n.properties['dataMarkdown'] === '<!-- more -->';
  let found = -1;
  const strip = (parent: Element): boolean => {
    let had = false;
    parent.children = parent.children.filter((c) => {
      if (isMarker(c)) {
        had = true;
        return false;
      }
      if (c.type === 'element' && strip(c)) had = true;
      return true;
    });
    return had;
  };
  const contains = (n: HastNodes): boolean => isMarker(n) || ('children' in n && n.children.some(contains));
  // Blogger wraps whole posts in a `<div>`: a wrapper holding the marker is dissolved first, as
  // markdown has no divs anyway.
  for (let k = 0; k < tree.children.length; k++) {
    const top = tree.children[k];
    if (top?.type === 'element' && ['div', 'section', 'article', 'main', 'span', 'center', 'font'].includes(top.tagName) && contains(top)) {
      tree.children.splice(k, 1, ...top.children);
      k--;
    }
  }
  for (let k = 0; k < tree.children.length; k++) {
    const top = tree.children[k];
    if (!top) continue;
    if (isMarker(top)) {
      if (found >= 0) tree.children.splice(k--, 1);
      else found = k;
    } else if (top.type === 'element' && strip(top) && found < 0) {
      tree.children.splice(k + 1, 0, element(RAW, { dataMarkdown: '<!-- more -->' }));
      found = k + 1;
      k++;
    }
  }
}

function findSource(node: Element): string | undefined {
  for (const c of node.children) {
    if (c.type === 'element' && c.tagName === 'source' && c.properties['src'] !== undefined) return String(c.properties['src']);
  }
  return undefined;
}

/** Emphasis inside an emphasised caption would close it early in markdown (`_a _b_ c_`): keep its text only. */
function unwrapEmphasis(nodes: ElementContent[]): ElementContent[] {
  return nodes.flatMap((n) => (n.type === 'element' && (n.tagName === 'em' || n.tagName === 'i') ? unwrapEmphasis(n.children) : n.type === 'element' ? [{ ...n, children: unwrapEmphasis(n.children) }] : [n]));
}

/** Drops ids and names from kept HTML: the page's own ids must stay unique. */
function stripIds<T extends HastNodes>(node: T): T {
  if (node.type === 'element') {
    delete node.properties['id'];
    delete node.properties['name'];
  }
  if ('children' in node) for (const c of node.children) stripIds(c);
  return node;
}
