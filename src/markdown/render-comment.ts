import type { Element, Root as HastRoot } from 'hast';
import { defaultSchema, sanitize, type Schema } from 'hast-util-sanitize';
import { toHtml } from 'hast-util-to-html';
import type { Root, RootContent, PhrasingContent } from 'mdast';
import { toHast } from 'mdast-util-to-hast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { SKIP, visit } from 'unist-util-visit';
import { remarkResolveUrls } from './remark-resolve-urls.js';

/**
 * The schema for comment bodies: WordPress's comment allow-list, on GitHub's schema
 * (hast-util-sanitize's default), whatever the site's `rawHtml` setting: links, emphasis,
 * code, quotes and lists, and no headings, images, tables, rules or form controls. Comments are
 * written by strangers, so it is never widened. No raw HTML reaches it in the first place (see
 * {@link renderComment}); it is the second line of defence against `<script>`, event
 * handlers, `<iframe>` and `javascript:` URLs.
 */
const commentSchema: Schema = {
  ...defaultSchema,
  tagNames: ['a', 'p', 'br', 'em', 'strong', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'del', 's', 'b', 'i', 'q', 'cite', 'abbr'],
};

/** The `rel` every link in a comment gets: not endorsed, user-generated. */
const commentLinkRel = ['nofollow', 'ugc'];

/** Creates the comment parser (markdown + GFM); made once per build and reused. */
export function createCommentProcessor() {
  return unified().use(remarkParse).use(remarkGfm).freeze();
}

/** A frozen comment processor. */
export type CommentProcessor = ReturnType<typeof createCommentProcessor>;

/** A rendered comment body, or why it could not be rendered. */
export interface RenderedComment {
  html: string;
  problem?: string;
}

/**
 * Renders a comment body to sanitized HTML for a post page (and the comments feed).
 *
 * - Raw HTML in the markdown is dropped (never parsed), and the hast tree is sanitized with
 *   {@link commentSchema} even so.
 * - Every link gets `rel="nofollow ugc"`, set on the sanitized tree, so no input can avoid it; a
 *   link whose URL the schema removed (`javascript:`) becomes plain text.
 * - What WordPress's comment allow-list leaves out is kept as text: headings as paragraphs,
 *   images as their description, tables as a paragraph per row (see `keepToAllowList`).
 * - Footnotes are kept as the text the commenter typed (`[^1]`): GFM footnotes carry fixed ids
 *   (`fn-1`, `footnote-label`) that would clash with the post's own footnotes on the same page.
 * - Relative URLs are resolved against the post's URL.
 */
export function renderComment(body: string, processor: CommentProcessor, pageUrl: string): RenderedComment {
  try {
    const tree = processor.runSync(processor.parse(body)) as Root;
    flattenFootnotes(tree);
    keepToAllowList(tree);
    remarkResolveUrls({ pageUrl })(tree);
    const hast = sanitize(toHast(tree, { allowDangerousHtml: false }) as HastRoot, commentSchema) as HastRoot;
    visit(hast, 'element', (node: Element, index, parent) => {
      if (node.tagName === 'a') {
        // A link whose URL the schema refused (`javascript:`) is left as its text.
        if (node.properties.href === undefined && parent && index !== undefined) {
          parent.children.splice(index, 1, ...node.children);
          return index;
        }
        node.properties.rel = [...commentLinkRel];
      }
      if (/^h[1-6]$/.test(node.tagName)) delete node.properties.id;
      return undefined;
    });
    return { html: `${toHtml(hast)}\n` };
  } catch (error) {
    return {
      html: '',
      problem: error instanceof RangeError
        ? 'This comment nests block quotes or lists too deeply to render.'
        : `This comment could not be rendered: ${(error as Error).message}`,
    };
  }
}

/**
 * What the allow-list leaves out, turned into what it keeps before sanitizing (which would drop
 * the elements and run their text together): a heading becomes a paragraph, an image its
 * description, a table a paragraph per row (cells separated by " | "), a rule nothing.
 */
function keepToAllowList(tree: Root): void {
  visit(tree, (node, index, parent) => {
    if (!parent || index === undefined) return undefined;
    const siblings = parent.children as RootContent[];
    if (node.type === 'heading') {
      siblings.splice(index, 1, { type: 'paragraph', children: node.children });
      return index;
    }
    if (node.type === 'image') {
      siblings.splice(index, 1, ...(node.alt ? [{ type: 'text' as const, value: node.alt }] : []));
      return index;
    }
    if (node.type === 'thematicBreak') {
      siblings.splice(index, 1);
      return index;
    }
    if (node.type === 'table') {
      const rows = node.children.map((row): RootContent => ({
        type: 'paragraph',
        children: row.children.flatMap((cell, i) => [...(i > 0 ? [{ type: 'text' as const, value: ' | ' }] : []), ...cell.children]),
      }));
      siblings.splice(index, 1, ...rows);
      return index;
    }
    return undefined;
  });
}

/** Turns GFM footnote references and definitions back into the literal text the commenter wrote. */
function flattenFootnotes(tree: Root): void {
  visit(tree, (node, index, parent) => {
    if (!parent || index === undefined) return undefined;
    if (node.type === 'footnoteReference') {
      const text: PhrasingContent = { type: 'text', value: `[^${node.label ?? node.identifier}]` };
      (parent.children as PhrasingContent[]).splice(index, 1, text);
      return [SKIP, index + 1];
    }
    if (node.type === 'footnoteDefinition') {
      const label = `[^${node.label ?? node.identifier}]: `;
      const first = node.children[0];
      const content = [...node.children] as RootContent[];
      if (first?.type === 'paragraph') first.children.unshift({ type: 'text', value: label });
      else content.unshift({ type: 'paragraph', children: [{ type: 'text', value: label }] });
      (parent.children as RootContent[]).splice(index, 1, ...content);
      return [SKIP, index];
    }
    return undefined;
  });
}
