import type { Definition, Image, Link, Parent, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { VFile } from 'vfile';
import type { SiteLink } from '../site/site-links.js';
import type { Pipeline } from './pipeline.js';
import { PluginRunError } from './plugins.js';
import { extractExcerpt } from './excerpt.js';
import { failedRendering } from './failed-rendering.js';
import { linkOutcome } from './link-outcome.js';
import type { SiteImages } from './image-plan.js';
import { postImages } from './post-images.js';
import { ReadingCounter } from './reading-time.js';
import { alignTableCells, headingIds } from './remark-heading-ids.js';
import { postLinks, type PostLinkOptions } from './remark-post-links.js';
import { resolveUrl } from './remark-resolve-urls.js';
import { sitePathOf } from './site-path.js';

/** What rendering needs of a post: plain data, so it can cross to a worker thread. */
export interface PostSource {
  source: string;
  body: string;
  bodyLine: number;
  /** The post's URL path, for resolving relative links. */
  url: string;
}

/** A problem found while rendering, positioned in the post's file. */
export interface RenderProblem {
  severity: 'error' | 'warning';
  code: 'BrokenPostLink' | 'LinkToUnpublished' | 'MissingImage' | 'MarkdownTooDeep' | 'MarkdownFailed' | 'PluginFailed' | 'PluginWarning' | 'UnsafeLink';
  message: string;
  /** For a plugin's own messages: the plugin's name for the rule (`source:ruleId`). */
  rule?: string;
  line?: number;
  column?: number;
}

/** A post's rendered body and what listings need of it. */
export interface RenderedPost {
  html: string;
  excerptHtml: string;
  /** True when the post has more than its excerpt ("Continue reading"). */
  hasMore: boolean;
  /** The excerpt as plain text, cut to about 200 characters: for meta descriptions and cards. */
  summary: string;
  words: number;
  readingMinutes: number;
  problems: RenderProblem[];
  /**
   * Every other post this one links to, with what the link resolved to (`linkOutcome`). A cached
   * rendering stays valid only while each of these still resolves the same way.
   */
  deps: Array<[source: string, outcome: string]>;
  /**
   * The links and definitions written as site URLs (`/2014/07/post/`), for the build to check
   * against the pages it writes. Absent when there are none, and in renderings cached before
   * they were recorded.
   */
  siteLinks?: SiteLink[];
}

/**
 * Code points HTML forbids in a document (controls other than whitespace, noncharacters, lone
 * surrogates). Pasted text can hold them; they are removed, as the feeds remove them for XML.
 */
const forbiddenInHtml = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A body as it is parsed: without the code points HTML forbids (see `forbiddenInHtml`). */
export function renderableText(body: string): string {
  return body.replace(forbiddenInHtml, '');
}

/**
 * Renders one post body to sanitized HTML, with its excerpt and reading time.
 * Depends only on its arguments, so results can be cached by content hash and computed in workers.
 */
export function renderPost(
  post: PostSource,
  pipeline: Pipeline,
  urlOf: (source: string) => string | undefined,
  isUnpublished: (source: string) => boolean = () => false,
  images?: SiteImages,
): RenderedPost {
  const body = renderableText(post.body);
  const file = new VFile({ path: post.source, value: body });
  const deps = new Map<string, string>();
  const recordedUrlOf = (source: string) => {
    deps.set(source, linkOutcome(source, urlOf, isUnpublished));
    return urlOf(source);
  };
  const recordedIsUnpublished = (source: string) => {
    deps.set(source, linkOutcome(source, urlOf, isUnpublished));
    return isUnpublished(source);
  };
  try {
    const parsed = pipeline.parse(file);
    const counter = new ReadingCounter();
    const placeImage = images && postImages(images, file, deps);
    const siteLinks: SiteLink[] = [];
    transformTree(parsed, file, { source: post.source, urlOf: recordedUrlOf, isUnpublished: recordedIsUnpublished }, post.url, counter, pipeline.protocols, siteLinks, placeImage);
    for (const link of siteLinks) link[1] += post.bodyLine - 1;
    const tree = pipeline.transform(parsed, file);
    const anchors = { url: post.url, ids: new Set<string>() };
    const html = pipeline.toHtml(tree, file, anchors);
    const { excerpt, hasMore } = extractExcerpt(tree, post.url);
    // The excerpt is part of the body: what plugins say of it was said of the body already.
    const excerptHtml = pipeline.toHtml(excerpt, new VFile({ path: post.source, value: body }), anchors);
    const time = counter.result();
    const summary = shorten(toString(excerpt, { includeImageAlt: false }).replace(/\s+/g, ' ').trim(), 200);
    const problems = file.messages.map((m) => placed(problemOf(m), m, post.bodyLine));
    const rendered: RenderedPost = { html, excerptHtml, hasMore, summary, words: time.words + time.cjk, readingMinutes: time.minutes, problems, deps: [...deps].sort() };
    // Only when there are some: the renderings (and summaries) of other posts keep their shape.
    if (siteLinks.length > 0) rendered.siteLinks = siteLinks;
    return rendered;
  } catch (error) {
    return failedRendering(failure(error, post.bodyLine));
  }
}

/** quire's own messages by their rule; any other is a plugin's, kept under its own rule name. */
function problemOf(m: VFile['messages'][number]): RenderProblem {
  if (m.source === 'quire' && (m.ruleId === 'BrokenPostLink' || m.ruleId === 'LinkToUnpublished' || m.ruleId === 'UnsafeLink' || m.ruleId === 'MissingImage')) {
    return { severity: m.fatal ? 'error' : 'warning', code: m.ruleId, message: m.reason };
  }
  const rule = [m.source, m.ruleId].filter(Boolean).join(':');
  return { severity: m.fatal ? 'error' : 'warning', code: 'PluginWarning', message: m.reason, ...(rule ? { rule } : {}) };
}

/** A problem placed in the post's file: body lines counted from the line the body starts on. */
function placed(problem: RenderProblem, at: { line?: number | undefined; column?: number | undefined }, bodyLine: number): RenderProblem {
  if (at.line) problem.line = at.line + bodyLine - 1;
  if (at.column) problem.column = at.column;
  return problem;
}

/** Why a post could not be rendered: too deep for the parser, a plugin's error (named), or another. */
function failure(error: unknown, bodyLine: number): RenderProblem {
  if (error instanceof PluginRunError) {
    const cause = error.cause as { line?: number; column?: number; place?: unknown } | undefined;
    return placed({ severity: 'error', code: 'PluginFailed', message: `The plugin "${error.plugin}" failed on this post: ${error.message}` },
      cause && typeof cause === 'object' ? cause : {}, bodyLine);
  }
  if (error instanceof RangeError) return { severity: 'error', code: 'MarkdownTooDeep', message: 'This post nests block quotes or lists too deeply to render.' };
  return { severity: 'error', code: 'MarkdownFailed', message: `This post could not be rendered: ${(error as Error).message}` };
}

/** Cuts text at a word boundary near `max` characters, adding an ellipsis when it cut. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?-]+$/, '')}…`;
}

/**
 * Everything quire does to a parsed post, in one walk (separate walks per step cost more than the
 * steps themselves): heading ids, table alignment classes, links to other posts, root-relative
 * URLs, links written as site URLs (into `siteLinks`, at their lines in the body), and counting
 * the words of the text, code and inline code (each node counted apart, so "Part" and "More."
 * in two blocks stay two words).
 */
function transformTree(tree: Root, file: VFile, links: PostLinkOptions, pageUrl: string, counter: ReadingCounter, protocols: Pipeline['protocols'],
  siteLinks: SiteLink[], placeImage?: (node: Image) => void): void {
  const headingId = headingIds();
  const postLink = postLinks(links, file);
  // A URL whose scheme the sanitizer would drop (`javascript:`, also behind spaces or
  // entities) would leave a link to nowhere or an image without a source: show the text.
  const unsafe = (node: Link | Image | Definition, index: number, parent: Parent): boolean => {
    const cleaned = node.url.replace(/[\u0000-\u0020]/g, '');
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned)?.[1]?.toLowerCase();
    if (scheme === undefined || (node.type === 'image' ? protocols.src : protocols.href).includes(scheme)) {
      if (scheme !== undefined) node.url = node.url.replace(/^[\u0000-\u0020]+/, '');
      return false;
    }
    file.message(`The ${node.type === 'image' ? 'image' : 'link'} URL "${node.url.trim().slice(0, 60)}" uses the "${scheme}:" scheme, which could run code or is not allowed; it is shown as its ${node.type === 'image' ? 'description' : 'text'}.`,
      { place: node.position, source: 'quire', ruleId: 'UnsafeLink' });
    // A definition stays: the sanitizer drops its URL from the links that use it.
    if (node.type === 'definition') return false;
    parent.children.splice(index, 1, ...(node.type === 'link' ? node.children : node.alt ? [{ type: 'text' as const, value: node.alt }] : []));
    return true;
  };
  // Whether a site URL leads anywhere is known only once every page is placed and every post rendered.
  const recordSiteLink = (node: Link | Definition): void => {
    const sitePath = sitePathOf(node.url);
    const start = node.position?.start;
    if (sitePath !== undefined && start) siteLinks.push([sitePath, start.line, start.column]);
  };
  const walk = (parent: Parent, inline = 0): void => {
    const children = parent.children;
    for (let i = 0; i < children.length; i++) {
      const node = children[i] as Parent['children'][number];
      switch (node.type) {
        case 'emphasis':
        case 'strong':
        case 'delete':
          // Emphasis nested past any writer's use (`*` × 5,000 nests 2,500 deep) would make HTML that
          // browsers flatten at 512 and checkers reject: deeper levels keep their text only.
          if (inline >= maxInlineNesting) {
            children.splice(i, 1, ...node.children);
            i--;
            continue;
          }
          walk(node, inline + 1);
          continue;
        case 'text':
        case 'inlineCode':
        case 'code':
          counter.add(node.value);
          continue;
        case 'heading':
          headingId(node);
          break;
        case 'table':
          alignTableCells(node);
          break;
        case 'link':
        case 'definition':
          // A link replaced by its children (unsafe, or to an unpublished post): visit them where they now are.
          if (unsafe(node, i, parent)) {
            i--;
            continue;
          }
          // Before a link to a post's source file is given that post's URL.
          recordSiteLink(node);
          if (postLink(node, i, parent)) {
            i--;
            continue;
          }
          node.url = resolveUrl(node.url, pageUrl);
          break;
        case 'image':
          if (unsafe(node, i, parent)) {
            i--;
            continue;
          }
          node.url = resolveUrl(node.url, pageUrl);
          placeImage?.(node);
          break;
      }
      if ('children' in node) walk(node, inline);
    }
  };
  walk(tree);
}

/** Emphasis, strong and strikethrough levels kept inside one another. */
const maxInlineNesting = 32;
