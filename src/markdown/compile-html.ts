import type { Element, Root as HastRoot } from 'hast';
import { raw } from 'hast-util-raw';
import { sanitize, type Schema } from 'hast-util-sanitize';
import { toHtml } from 'hast-util-to-html';
import type { Root } from 'mdast';
import { toHast } from 'mdast-util-to-hast';
import type { Processor } from 'unified';
import { visit } from 'unist-util-visit';
import { handlers } from './hast-handlers.js';

const prefix = 'user-content-';

/**
 * A unified compiler for authors who keep raw HTML: like remark-html, but the raw HTML is parsed
 * (hast-util-raw) before sanitizing, so the reviewed schema sees real elements and attributes.
 * remark-html cannot do this: given a schema, it drops raw HTML before sanitizing.
 */
export function remarkHtmlWithRaw(this: Processor, options: { schema: Schema }): void {
  this.compiler = (tree) => {
    const generated = new Set<string>();
    visit(tree as Root, (node) => {
      const id = (node.data as { hProperties?: { id?: unknown } } | undefined)?.hProperties?.id;
      if (node.type === 'heading' && typeof id === 'string') generated.add(id);
    });
    const hast = toHast(tree as Root, { allowDangerousHtml: true, handlers });
    const clean = sanitize(raw(hast as HastRoot), options.schema) as HastRoot;
    // The sanitizer prefixed every id; give back the ones quire made (headings, footnotes).
    visit(clean, 'element', (element: Element) => {
      const id = element.properties.id;
      if (typeof id !== 'string' || !id.startsWith(prefix)) return;
      const own = id.slice(prefix.length);
      if (generated.has(own) || own.startsWith(prefix) || own === 'footnote-label') element.properties.id = own;
    });
    return `${toHtml(clean)}\n`;
  };
}
