import type { Root as HastRoot } from 'hast';
import { raw } from 'hast-util-raw';
import { sanitize, type Schema } from 'hast-util-sanitize';
import { toHtml } from 'hast-util-to-html';
import type { Root } from 'mdast';
import { toHast } from 'mdast-util-to-hast';
import type { Processor } from 'unified';
import { handlers } from './highlight-code.js';

/**
 * A unified compiler for authors who keep raw HTML: like remark-html, but the raw HTML is parsed
 * (hast-util-raw) before sanitizing, so the reviewed schema sees real elements and attributes.
 * remark-html cannot do this: given a schema, it drops raw HTML before sanitizing.
 */
export function remarkHtmlWithRaw(this: Processor, options: { schema: Schema }): void {
  this.compiler = (tree) => {
    const hast = toHast(tree as Root, { allowDangerousHtml: true, handlers });
    const parsed = raw(hast as HastRoot);
    return `${toHtml(sanitize(parsed, options.schema))}\n`;
  };
}
