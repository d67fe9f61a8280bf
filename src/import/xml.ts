import { SaxesParser, type SaxesTagNS } from 'saxes';
import { ImportFormatError } from './model.js';

/**
 * A parsed XML element: just what the importers read. Names are namespace-resolved, so
 * `wp:post_id` matches whatever prefix an export binds to the WordPress namespace.
 */
export interface XmlElement {
  /** Namespace URI ('' for none). */
  uri: string;
  /** Local name (`post_id` for `wp:post_id`). */
  local: string;
  /** Attributes by local name (no namespace) or `{uri}local`. A Map, so `__proto__` is just a key. */
  attrs: Map<string, string>;
  children: XmlElement[];
  /** The element's own text and CDATA, concatenated (not its children's). */
  text: string;
  /** 1-based line of the start tag. */
  line: number;
}

/**
 * Parses an export into a tree of elements.
 *
 * Why saxes: it is a strict, namespace-aware parser that checks well-formedness the way the XML
 * specification says (undefined entities, unbound prefixes, characters XML cannot hold, a second
 * root element — all of which fast-xml-parser's validator accepts), reports the line and column of
 * every error, and never reads a DTD: no external entities, no entity expansion bombs.
 * One gap, covered here: for a bare `&` it reports the position of the next `;` (it reads an
 * entity name up to there), so the first bare `&` before that position is reported instead.
 *
 * @param maxDepth Deepest nesting accepted (exports need about five levels).
 * @throws ImportFormatError with the 1-based line and column of the first well-formedness error.
 */
export function parseXml(text: string, maxDepth = 1000): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const root: XmlElement = { uri: '', local: '#document', attrs: new Map(), children: [], text: '', line: 1 };
  const stack: XmlElement[] = [root];
  let failure: { message: string; line: number; column: number } | undefined;

  parser.on('error', (error) => {
    // saxes prefixes messages with "line:column: "; the position is kept separately.
    failure = { message: error.message.replace(/^\d+:\d+:\s*/, '').replace(/\.$/, ''), line: parser.line, column: parser.column };
    throw error;
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    // Exports nest a few levels deep; a hostile file nesting thousands would cost quadratic time.
    if (stack.length > maxDepth) parser.fail(`elements are nested more than ${maxDepth} deep`);
    const attrs = new Map<string, string>();
    for (const attr of Object.values(tag.attributes)) {
      if (attr.prefix === 'xmlns' || attr.name === 'xmlns') continue;
      attrs.set(attr.uri ? `{${attr.uri}}${attr.local}` : attr.local, attr.value);
    }
    const element: XmlElement = { uri: tag.uri, local: tag.local, attrs, children: [], text: '', line: parser.line };
    (stack.at(-1) ?? root).children.push(element);
    stack.push(element);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const addText = (value: string) => {
    const current = stack.at(-1);
    if (current && current !== root) current.text += value;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);

  try {
    parser.write(text).close();
  } catch (error) {
    if (!failure) throw error;
  }
  if (failure) {
    const bare = findBareAmpersand(text, offsetOf(text, failure.line, failure.column));
    if (bare !== undefined) {
      const { line, column } = positionOf(text, bare);
      throw new ImportFormatError('a bare "&" (XML needs "&amp;" or a character reference)', line, column);
    }
    throw new ImportFormatError(failure.message, failure.line, Math.max(1, failure.column));
  }
  const top = root.children[0];
  if (!top) throw new ImportFormatError('the file has no XML element', 1, 1);
  return top;
}

/**
 * Decodes an export's bytes: a byte-order mark or the XML declaration's `encoding` decides,
 * UTF-8 by default. Invalid bytes are an error with their position, never silently replaced.
 */
export function decodeXml(bytes: Uint8Array): string {
  let label = 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) label = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be';
  else if (!(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
    const declared = /^<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
    if (declared) label = declared.toLowerCase();
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw new ImportFormatError(`the export declares the encoding "${label}", which is not supported; save it as UTF-8`, 1, 1);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    // Find the first bad byte: the shortest prefix that fails to decode (streaming, so a
    // sequence cut at the end of the prefix is not counted as bad).
    let low = 0;
    let high = bytes.length;
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      try {
        new TextDecoder(label, { fatal: true }).decode(bytes.subarray(0, mid + 1), { stream: true });
        low = mid + 1;
      } catch {
        high = mid;
      }
    }
    const before = new TextDecoder(label).decode(bytes.subarray(0, low));
    const { line, column } = positionOf(before, before.length);
    throw new ImportFormatError(`the export is not valid ${label.toUpperCase()} text (byte ${low + 1})`, line, column);
  }
}

/** The first child element with this namespace and local name. */
export function child(element: XmlElement, uri: string | ((uri: string) => boolean), local: string): XmlElement | undefined {
  return element.children.find((c) => c.local === local && (typeof uri === 'string' ? c.uri === uri : uri(c.uri)));
}

/** Every child element with this namespace and local name. */
export function children(element: XmlElement, uri: string | ((uri: string) => boolean), local: string): XmlElement[] {
  return element.children.filter((c) => c.local === local && (typeof uri === 'string' ? c.uri === uri : uri(c.uri)));
}

/** The trimmed text of the first matching child, or '' when there is none. */
export function childText(element: XmlElement, uri: string | ((uri: string) => boolean), local: string): string {
  return child(element, uri, local)?.text.trim() ?? '';
}

/** 1-based line and column of a character offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** The character offset of a 1-based line and column (clamped to the text). */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column));
}

const reference = /^&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_:][\w.:-]*);/;

/** The offset of the first `&` before `limit` that starts no entity or character reference, outside CDATA, comments and PIs. */
export function findBareAmpersand(text: string, limit: number): number | undefined {
  let i = 0;
  while (i < limit) {
    const amp = text.indexOf('&', i);
    const lt = text.indexOf('<', i);
    if (amp === -1 || amp >= limit) return undefined;
    if (lt !== -1 && lt < amp) {
      const skip = (open: string, close: string): number | undefined =>
        text.startsWith(open, lt) ? (text.indexOf(close, lt + open.length) + 1 || text.length + 1) - 1 + close.length : undefined;
      i = skip('<![CDATA[', ']]>') ?? skip('<!--', '-->') ?? skip('<?', '?>') ?? lt + 1;
      continue;
    }
    if (!reference.test(text.slice(amp, amp + 80))) return amp;
    i = amp + 1;
  }
  return undefined;
}
