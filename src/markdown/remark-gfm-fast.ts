import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { combineExtensions } from 'micromark-util-combine-extensions';
import type { Extension } from 'micromark-util-types';
import type { Processor } from 'unified';

const literals = gfmAutolinkLiteral().text ?? {};

/**
 * The autolink-literal tokenizer, registered only where a `www.` or `http(s)://` literal can
 * start. Upstream also registers its e-mail construct on every other letter and digit, so it is
 * tried at the start of nearly every word, which makes it the most expensive part of GFM parsing:
 * profiling quire on a generated corpus showed autolink literals costing more than the table,
 * footnote, strikethrough and task-list extensions together.
 *
 * The e-mail construct can only succeed on text that contains `@` (it needs one between the
 * local part and the domain), and a failed attempt leaves no trace. So for a document without
 * `@` this extension and upstream's produce the same tree; `usesFastGfm` says when that holds.
 */
const urlLiterals = { text: { 72: literals[72], 104: literals[104], 87: literals[87], 119: literals[119] } } as Extension;

/** True when `remarkGfmFast` parses `markdown` exactly as remark-gfm does: it has no `@`. */
export function usesFastGfm(markdown: string): boolean {
  return !markdown.includes('@');
}

/**
 * GitHub-flavoured markdown (tables, footnotes, strikethrough, task lists, autolink literals),
 * configured like remark-gfm with default options but with the cheaper autolink tokenizer above.
 * Only for documents where `usesFastGfm` holds; `test/unit/markdown/remark-gfm-fast.test.ts`
 * checks the equivalence on the sample blog, URL edge cases and random text.
 */
export function remarkGfmFast(this: Processor): void {
  const data = this.data() as { micromarkExtensions?: Extension[]; fromMarkdownExtensions?: unknown[] };
  (data.micromarkExtensions ??= []).push(combineExtensions([urlLiterals, gfmFootnote(), gfmStrikethrough(), gfmTable(), gfmTaskListItem()]));
  (data.fromMarkdownExtensions ??= []).push(gfmFromMarkdown());
}
