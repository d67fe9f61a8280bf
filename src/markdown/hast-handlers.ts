import type { Element, ElementContent } from 'hast';
import { common, createLowlight } from 'lowlight';
import type { Code, Table } from 'mdast';
import { defaultHandlers, type State } from 'mdast-util-to-hast';
import { imageHandler } from './post-images.js';

const lowlight = createLowlight(common);

/**
 * An mdast-util-to-hast handler for fenced code: like the default one (`<pre><code
 * class="language-x">`), but with the code highlighted at build time by lowlight
 * (highlight.js grammars) into `<span class="hljs-…">` tokens, so readers need no JavaScript.
 * Unknown or missing languages stay plain text.
 */
function codeHandler(state: State, node: Code): Element {
  const value = node.value ? `${node.value}\n` : '';
  const lang = node.lang?.toLowerCase();
  let children: ElementContent[] = [{ type: 'text', value }];
  if (lang && lowlight.registered(lang)) {
    children = lowlight.highlight(lang, value).children as ElementContent[];
  }
  const code: Element = {
    type: 'element',
    tagName: 'code',
    properties: node.lang ? { className: [`language-${node.lang}`] } : {},
    children,
  };
  state.patch(node, code);
  // Long lines scroll inside the block; tabindex lets keyboard users scroll it too.
  const pre: Element = { type: 'element', tagName: 'pre', properties: { tabIndex: 0 }, children: [state.applyData(node, code)] };
  state.patch(node, pre);
  return pre;
}

/**
 * Tables wider than a phone scroll sideways inside a focusable, labelled region, so keyboard
 * users can scroll them too (WCAG: scrollable regions must be reachable by keyboard).
 */
function tableHandler(state: State, node: Table): Element {
  return {
    type: 'element',
    tagName: 'div',
    properties: { className: ['table-scroll'], role: 'region', ariaLabel: 'Table', tabIndex: 0 },
    children: [defaultHandlers.table(state, node)],
  };
}

/** The handlers quire adds to markdown → HTML conversion. */
export const handlers = { code: codeHandler, table: tableHandler, image: imageHandler };
