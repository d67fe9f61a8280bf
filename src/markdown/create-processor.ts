import remarkGfm from 'remark-gfm';
import remarkHtml from 'remark-html';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { remarkHtmlWithRaw } from './compile-html.js';
import { handlers } from './hast-handlers.js';
import { remarkHeadingIds } from './remark-heading-ids.js';
import { postSchema, rawHtmlSchema } from './sanitize-schema.js';

/**
 * Builds the markdown processor for post bodies: remark-parse + GFM (tables, footnotes,
 * strikethrough, task lists, autolinks) + heading ids, compiled to HTML (code highlighted at
 * build time) and sanitized.
 *
 * Security: bodies are always sanitized. By default raw HTML is dropped (remark-html's behaviour);
 * with `rawHtml` it is parsed and filtered through `rawHtmlSchema`, which still removes scripts,
 * event handlers and `javascript:` URLs. `sanitize: false` is never used.
 *
 * Post links are resolved per post by a separate transform (see `render-post.ts`), since they
 * depend on which post is being rendered; the processor itself is created once and reused.
 */
export function createProcessor(options: { rawHtml: boolean }) {
  const base = unified().use(remarkParse).use(remarkGfm).use(remarkHeadingIds);
  return options.rawHtml
    ? base.use(remarkHtmlWithRaw, { schema: rawHtmlSchema }).freeze()
    : base.use(remarkHtml, { sanitize: postSchema, handlers }).freeze();
}

/** A frozen post processor. */
export type PostProcessor = ReturnType<typeof createProcessor>;
