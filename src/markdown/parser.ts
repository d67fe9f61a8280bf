import { createRequire } from 'node:module';
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';

/** What satteri's `markdownToMdast` is called with (the part of its options quire uses). */
interface NativeOptions {
  features: { frontmatter: false; gfm: true; math: boolean | { singleDollarTextMath: boolean } };
  position: true;
}
type NativeParse = (source: string, options: NativeOptions) => Root;

let native: { parse: NativeParse } | { error: string } | undefined;

/**
 * satteri's parser, loaded on first use; or why it cannot load (no binary for this platform, a
 * damaged install). Loaded with `require` so rendering stays synchronous in every thread.
 */
export function nativeParser(): { parse: NativeParse } | { error: string } {
  if (!native) {
    try {
      const satteri = createRequire(import.meta.url)('satteri') as typeof import('satteri');
      native = { parse: satteri.markdownToMdast as unknown as NativeParse };
    } catch (error) {
      native = { error: (error as Error).message.split('\n')[0] ?? 'unknown error' };
    }
  }
  return native;
}

/** The syntax satteri is asked for beyond CommonMark and GFM, from the site's remark plugins. */
export interface NativeSyntax {
  /** remark-math's syntax, with its `singleDollarTextMath` option. */
  math?: { singleDollarTextMath: boolean };
}

/**
 * Parses a post body with satteri into the tree remark-parse + remark-gfm (+ remark-math) give:
 * same nodes, fields and positions (proven by `test/unit/markdown/parser-equivalence.test.ts`).
 * satteri's own front-matter reading is off: gray-matter has taken the front matter away, and
 * with it on, a `---` line at the top of a body would parse differently.
 */
export function parseNative(parse: NativeParse, body: string, syntax: NativeSyntax): Root {
  const tree = parse(body, { features: { frontmatter: false, gfm: true, math: syntax.math ?? false }, position: true });
  if (syntax.math) addMathData(tree);
  return tree;
}

/**
 * mdast-util-math marks math nodes with how they become HTML (`data.hName`…); satteri gives the
 * nodes without it. Set here as mdast-util-math sets it, so rehype plugins (rehype-katex) and
 * the HTML see the same tree.
 */
function addMathData(tree: Root): void {
  visit(tree, (node) => {
    if (node.type === 'inlineMath') {
      node.data = { hName: 'code', hProperties: { className: ['language-math', 'math-inline'] }, hChildren: [{ type: 'text', value: node.value }] };
    } else if (node.type === 'math') {
      node.data = {
        hName: 'pre',
        hChildren: [{ type: 'element', tagName: 'code', properties: { className: ['language-math', 'math-display'] }, children: [{ type: 'text', value: node.value }] }],
      };
    }
  });
}
