import type { Parent, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { VFile } from 'vfile';
import { pickProcessor, type PostProcessor, type PostProcessors } from './create-processor.js';
import { extractExcerpt } from './excerpt.js';
import { linkOutcome } from './link-outcome.js';
import { ReadingCounter } from './reading-time.js';
import { alignTableCells, headingIds } from './remark-heading-ids.js';
import { postLinks, type PostLinkOptions } from './remark-post-links.js';
import { resolveUrl } from './remark-resolve-urls.js';

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
  code: 'BrokenPostLink' | 'LinkToUnpublished' | 'MarkdownTooDeep' | 'MarkdownFailed';
  message: string;
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
}

/**
 * Code points HTML forbids in a document (controls other than whitespace, noncharacters, lone
 * surrogates). Pasted text can hold them; they are removed, as the feeds remove them for XML.
 */
const forbiddenInHtml = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Renders one post body to sanitized HTML, with its excerpt and reading time.
 * Depends only on its arguments, so results can be cached by content hash and computed in workers.
 */
export function renderPost(
  post: PostSource,
  processors: PostProcessor | PostProcessors,
  urlOf: (source: string) => string | undefined,
  isUnpublished: (source: string) => boolean = () => false,
): RenderedPost {
  const body = post.body.replace(forbiddenInHtml, '');
  // Chosen by the text that is parsed: removing characters can bring others together.
  const processor = pickProcessor(processors, body);
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
    const tree = processor.parse(file) as Root;
    const counter = new ReadingCounter();
    transformTree(tree, file, { source: post.source, urlOf: recordedUrlOf, isUnpublished: recordedIsUnpublished }, post.url, counter);
    const html = String(processor.stringify(tree, file));
    const { excerpt, hasMore } = extractExcerpt(tree, post.url);
    const excerptHtml = String(processor.stringify(excerpt, file));
    const time = counter.result();
    const summary = shorten(toString(excerpt, { includeImageAlt: false }).replace(/\s+/g, ' ').trim(), 200);
    const problems: RenderProblem[] = file.messages.map((m) => {
        const problem: RenderProblem = m.fatal
          ? { severity: 'error', code: 'BrokenPostLink', message: m.reason }
          : { severity: 'warning', code: 'LinkToUnpublished', message: m.reason };
        if (m.line) problem.line = m.line + post.bodyLine - 1;
        if (m.column) problem.column = m.column;
        return problem;
      });
    return { html, excerptHtml, hasMore, summary, words: time.words + time.cjk, readingMinutes: time.minutes, problems, deps: [...deps].sort() };
  } catch (error) {
    const deep = error instanceof RangeError;
    return {
      html: '', excerptHtml: '', hasMore: false, summary: '', words: 0, readingMinutes: 0, deps: [],
      problems: [{
        severity: 'error',
        code: deep ? 'MarkdownTooDeep' : 'MarkdownFailed',
        message: deep
          ? 'This post nests block quotes or lists too deeply to render.'
          : `This post could not be rendered: ${(error as Error).message}`,
      }],
    };
  }
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
 * URLs, and counting the words of the text, code and inline code (each node counted apart, so
 * "Part" and "More." in two blocks stay two words).
 */
function transformTree(tree: Root, file: VFile, links: PostLinkOptions, pageUrl: string, counter: ReadingCounter): void {
  const headingId = headingIds();
  const postLink = postLinks(links, file);
  const walk = (parent: Parent): void => {
    const children = parent.children;
    for (let i = 0; i < children.length; i++) {
      const node = children[i] as Parent['children'][number];
      switch (node.type) {
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
          // An unpublished post's link was replaced by its children: visit them where they now are.
          if (postLink(node, i, parent)) {
            i--;
            continue;
          }
          node.url = resolveUrl(node.url, pageUrl);
          break;
        case 'image':
          node.url = resolveUrl(node.url, pageUrl);
          break;
      }
      if ('children' in node) walk(node);
    }
  };
  walk(tree);
}
