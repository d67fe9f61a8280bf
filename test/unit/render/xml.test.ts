import fc from 'fast-check';
import { parseDocument, DomUtils } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { escapeXml, stripInvalidXml } from '../../../src/render/xml.js';

/** XML 1.0 `Char`: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. */
function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}
/** Code points of a string; a lone surrogate comes out as itself (0xD800–0xDFFF). */
const codePoints = (s: string): number[] => [...s].map((c) => c.codePointAt(0) ?? -1);
const onlyXmlChars = (s: string): boolean => codePoints(s).every(isXmlChar);

/** Strings with every kind of UTF-16 unit: controls, surrogates (paired and lone), U+FFFE/F, markup. */
const anyText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('&', '<', '>', '"', "'", ']]>', '\t', '\n', '\u0000', '\u0001', '\u001f', '\uFFFE', '\uFFFF', '\uFFFD', '\uD800', '\uDFFF', '😀', '寿'),
    fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)),
    fc.integer({ min: 0x10000, max: 0x10ffff }).map((n) => String.fromCodePoint(n)),
  ),
  maxLength: 40,
});

describe('stripInvalidXml', () => {
  it('removes C0 controls except tab, LF and CR', () => {
    expect(stripInvalidXml('a\u0000b\u0001c\u0008d\u000Be\u000Cf\u000Eg\u001Fh')).toBe('abcdefgh');
    expect(stripInvalidXml('tab\there\nnew\rcr')).toBe('tab\there\nnew\rcr');
  });

  it('removes U+FFFE and U+FFFF but keeps U+FFFD, DEL, C1 controls and private use', () => {
    expect(stripInvalidXml('a\uFFFEb\uFFFFc')).toBe('abc');
    expect(stripInvalidXml('\uFFFD\u007F\u0085\u009F\uE000')).toBe('\uFFFD\u007F\u0085\u009F\uE000');
  });

  it('removes lone surrogates and keeps surrogate pairs', () => {
    expect(stripInvalidXml('a\uD800b')).toBe('ab'); // lone high
    expect(stripInvalidXml('a\uDC00b')).toBe('ab'); // lone low
    expect(stripInvalidXml('\uD800')).toBe(''); // high at the end
    expect(stripInvalidXml('\uDFFF\uD800')).toBe(''); // low before high: both lone
    expect(stripInvalidXml('\uD800\uD800\uDC00')).toBe('\uD800\uDC00'); // the second high pairs
    expect(stripInvalidXml('😀 𝄞 𠀋')).toBe('😀 𝄞 𠀋');
    expect(stripInvalidXml('\uD83D\uDE00\uDE00')).toBe('😀');
  });

  it('leaves ordinary text, emoji and CJK alone', () => {
    const text = 'Fish & Chips <b>"quoted"</b> \'single\' ]]> 🐟 寿司 日本語 Zoë';
    expect(stripInvalidXml(text)).toBe(text);
  });

  it('keeps exactly the XML characters of any string (property)', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const out = stripInvalidXml(s);
        expect(onlyXmlChars(out)).toBe(true);
        // Nothing valid is lost: the output is the input's valid code points, in order.
        expect(codePoints(out)).toEqual(codePoints(s).filter(isXmlChar));
      }),
      { numRuns: 500 },
    );
  });
});

describe('escapeXml', () => {
  it('escapes the five XML specials, & first so nothing is escaped twice', () => {
    expect(escapeXml('&')).toBe('&amp;');
    expect(escapeXml('&amp;')).toBe('&amp;amp;');
    expect(escapeXml('<script>alert("x")</script>')).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(escapeXml("it's")).toBe('it&apos;s');
    expect(escapeXml(']]>')).toBe(']]&gt;');
  });

  it('removes characters XML cannot hold, even escaped', () => {
    expect(escapeXml('a\u0001b\uD800c&')).toBe('abc&amp;');
  });

  it('keeps emoji and CJK as they are', () => {
    expect(escapeXml('🐟 寿司 & 😀')).toBe('🐟 寿司 &amp; 😀');
  });

  it('is safe in element content and attribute values and decodes back exactly (property)', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const escaped = escapeXml(s);
        expect(escaped).not.toMatch(/[<>"']/);
        // Every & starts one of the five entities.
        expect(escaped.replace(/&(amp|lt|gt|quot|apos);/g, '')).not.toContain('&');
        expect(onlyXmlChars(escaped)).toBe(true);
        const doc = parseDocument(`<r a="${escaped}" b='${escaped}'>${escaped}</r>`, { xmlMode: true });
        const r = DomUtils.findOne((el) => el.name === 'r', doc.children);
        expect(r?.attribs['a']).toBe(stripInvalidXml(s));
        expect(r?.attribs['b']).toBe(stripInvalidXml(s));
        expect(r && DomUtils.textContent(r)).toBe(stripInvalidXml(s));
      }),
      { numRuns: 500 },
    );
  });
});
