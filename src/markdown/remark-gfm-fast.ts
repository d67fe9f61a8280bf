import type { Root } from 'mdast';
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

/**
 * Text in which mdast-util-gfm-autolink-literal's tree transform can find a literal: each of its
 * patterns needs `http://`, `https://` or `www.` (in any case) or an `@`.
 */
const literalCandidate = /https?:\/\/|www\.|@/i;

/** True when a text node outside links and link references (the transform skips those) is a candidate. */
function hasLiteralCandidate(node: Root | Root['children'][number]): boolean {
  if (node.type === 'text') return literalCandidate.test(node.value);
  if (node.type === 'link' || node.type === 'linkReference' || !('children' in node)) return false;
  return node.children.some(hasLiteralCandidate);
}

/**
 * remark-gfm's tree extensions, except that the autolink-literal transform (which runs a
 * find-and-replace walk over the whole tree for each of its four patterns, and so cost more than
 * all of quire's own tree work) only runs when some text could hold a literal. Where none can,
 * it would leave the tree as it is.
 */
function gfmFromMarkdownFast(): ReturnType<typeof gfmFromMarkdown> {
  return gfmFromMarkdown().map((extension) => {
    if (!extension.enter?.literalAutolink || !extension.transforms) return extension;
    const transforms = extension.transforms;
    return {
      ...extension,
      transforms: transforms.map((transform) => (tree: Root) => (hasLiteralCandidate(tree) ? transform(tree) : undefined)),
    };
  });
}

/** True when `remarkGfmFast` parses `markdown` exactly as remark-gfm does: it has no `@`. */
export function usesFastGfm(markdown: string): boolean {
  return !markdown.includes('@');
}

/**
 * False when `markdown` cannot hold a table, so `remarkGfmFast` may leave the table tokenizer out.
 * That tokenizer is tried on every line that could start a block and reads the whole line as a
 * possible head row before failing, which made it the costliest GFM construct after autolink
 * literals. A table needs a delimiter row: micromark-extension-gfm-table accepts only a line
 * that, after its containers' block quote markers and indentation, holds nothing but dashes,
 * colons, pipes, spaces and tabs, with a pipe or an alignment colon (`:-`, `-:`). Without such a
 * line every attempt fails, and a failed attempt leaves no trace.
 */
export function mayHaveTable(markdown: string): boolean {
  // The lookahead keeps this linear in the line's length (no backtracking between two runs).
  return /^(?=[ \t>|:-]*?(?:\||:-|-:))[ \t>|:-]*$/m.test(markdown);
}

/**
 * GitHub-flavoured markdown (tables, footnotes, strikethrough, task lists, autolink literals),
 * configured like remark-gfm with default options but with the cheaper autolink tokenizer and
 * transform above, and without the table tokenizer when `tables` is false. Only for documents
 * where `usesFastGfm` holds (and, without tables, where `mayHaveTable` does not);
 * `test/unit/markdown/remark-gfm-fast.test.ts` checks the equivalence on the sample blog, URL and
 * table edge cases and random text.
 */
export function remarkGfmFast(this: Processor, options: { tables?: boolean } = {}): void {
  const data = this.data() as { micromarkExtensions?: Extension[]; fromMarkdownExtensions?: unknown[] };
  const tables = options.tables === false ? [] : [gfmTable()];
  (data.micromarkExtensions ??= []).push(combineExtensions([urlLiterals, gfmFootnote(), gfmStrikethrough(), ...tables, gfmTaskListItem()]));
  (data.fromMarkdownExtensions ??= []).push(gfmFromMarkdownFast());
}
