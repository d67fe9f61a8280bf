/**
 * Small HTML query helpers over htmlparser2's DOM, for checking built pages.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DomUtils, parseDocument } from 'htmlparser2';

/** An element of a parsed page. */
export type Element = ReturnType<typeof DomUtils.getElementsByTagName>[number];
/** A parsed page. */
export type Document = ReturnType<typeof parseDocument>;

/** Parses an HTML string. */
export function parseHtml(html: string): Document {
  return parseDocument(html, { decodeEntities: true });
}

/** Reads and parses `relative` inside the built site `root`. */
export function readPage(root: string, relative: string): { html: string; doc: Document } {
  const html = readFileSync(path.join(root, relative), 'utf8');
  return { html, doc: parseHtml(html) };
}

/** Every element named `tag` (lowercase), in document order, optionally filtered. */
export function all(root: Document | Element, tag: string, where: (el: Element) => boolean = () => true): Element[] {
  return DomUtils.getElementsByTagName(tag, root, true).filter(where);
}

/** The first element named `tag` that matches, or throws (so a missing element fails the test clearly). */
export function one(root: Document | Element, tag: string, where: (el: Element) => boolean = () => true): Element {
  const found = all(root, tag, where)[0];
  if (!found) throw new Error(`no <${tag}> matching the condition`);
  return found;
}

/** True when the element's class list holds `name`. */
export function hasClass(name: string): (el: Element) => boolean {
  return (el) => (el.attribs['class'] ?? '').split(/\s+/).includes(name);
}

/** An attribute's value, or undefined. */
export function attr(el: Element, name: string): string | undefined {
  return el.attribs[name];
}

/** The element's text content with runs of white space collapsed. */
export function text(el: Element | Document): string {
  return DomUtils.textContent(el).replace(/\s+/g, ' ').trim();
}

/** Every element id in the page. */
export function ids(doc: Document): Set<string> {
  return new Set(DomUtils.findAll((el) => el.attribs['id'] !== undefined, doc.children).map((el) => el.attribs['id'] ?? ''));
}
