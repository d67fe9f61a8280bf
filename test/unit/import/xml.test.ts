import { describe, expect, it } from 'vitest';
import { ImportFormatError } from '../../../src/import/model.js';
import { child, childText, decodeXml, findBareAmpersand, parseXml, positionOf } from '../../../src/import/xml.js';

/** The error parseXml throws for `text`. */
function failure(text: string): ImportFormatError {
  try {
    parseXml(text);
  } catch (error) {
    if (error instanceof ImportFormatError) return error;
    throw error;
  }
  throw new Error('expected an ImportFormatError');
}

describe('parseXml', () => {
  it('resolves namespaces whatever the prefix, and joins text and CDATA', () => {
    const root = parseXml('<rss xmlns:x="http://wordpress.org/export/1.2/"><channel><x:post_id>7</x:post_id><t>a &amp; <![CDATA[<b>]]></t></channel></rss>');
    const channel = child(root, '', 'channel');
    expect(channel).toBeDefined();
    if (!channel) return;
    expect(childText(channel, 'http://wordpress.org/export/1.2/', 'post_id')).toBe('7');
    expect(childText(channel, '', 't')).toBe('a & <b>');
  });

  it('keeps attributes in a Map, so "__proto__" is just a key', () => {
    const root = parseXml('<a __proto__="x" domain="post_tag"/>');
    expect(root.attrs.get('__proto__')).toBe('x');
    expect(root.attrs.get('domain')).toBe('post_tag');
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });

  it('records the line of each start tag', () => {
    const root = parseXml('<a>\n\n  <b/>\n</a>');
    expect(root.children[0]?.line).toBe(3);
  });

  it.each([
    ['a mismatched end tag', '<rss>\n  <channel>\n    <item><title>x</titel></item>\n  </channel>\n</rss>', 3, /close tag/],
    ['an undefined entity', '<rss>\n<t>&nbsp;</t>\n</rss>', 2, /undefined entity/],
    ['an unbound prefix', '<rss>\n <wp:x>1</wp:x></rss>', 2, /prefix/],
    ['an unclosed element', '<rss>\n<channel>\n', 3, /unclosed|unexpected end/],
    ['a second root', '<a/>\n<b/>', 2, /root/],
    ['a character XML cannot hold', '<a>\n\u0001</a>', 2, /character/],
  ])('reports %s with its line and column', (_name, text, line, message) => {
    const error = failure(text);
    expect(error.line).toBe(line);
    expect(error.column).toBeGreaterThan(0);
    expect(error.message).toMatch(message);
  });

  it('reports a bare "&" where it is, not where saxes notices it', () => {
    const error = failure('<rss>\n<t>Salt & pepper</t>\n<u>x;</u>\n</rss>');
    expect([error.line, error.column]).toEqual([2, 9]);
    expect(error.message).toMatch(/&amp;/);
  });

  it('never expands entities declared in a DTD (no entity bombs, no external files)', () => {
    const bomb = '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<r>&b;</r>';
    expect(() => parseXml(bomb)).toThrow(ImportFormatError);
    const external = '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<r>&x;</r>';
    expect(() => parseXml(external)).toThrow(ImportFormatError);
  });

  it('refuses absurd nesting, which would cost quadratic time, with a position', () => {
    const depth = 1500;
    const error = failure(`${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`);
    expect(error.message).toMatch(/nested more than 1000 deep/);
    expect(error.line).toBe(1);
    expect(parseXml(`${'<a>'.repeat(900)}x${'</a>'.repeat(900)}`).local).toBe('a');
  });
});

describe('findBareAmpersand', () => {
  it('skips references, CDATA, comments and processing instructions', () => {
    const text = '<a>&amp;&#38;&#x26;<![CDATA[ & ]]><!-- & --><?pi & ?></a>';
    expect(findBareAmpersand(text, text.length)).toBeUndefined();
    expect(findBareAmpersand('<a b="x & y"/>', 20)).toBe(8);
  });
});

describe('decodeXml', () => {
  it('reads UTF-8 with or without a BOM, and UTF-16 with one', () => {
    expect(decodeXml(new TextEncoder().encode('<a>é</a>'))).toBe('<a>é</a>');
    expect(decodeXml(Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('<a/>')]))).toBe('<a/>');
    const utf16 = Buffer.from('\ufeff<a>é</a>', 'utf16le');
    expect(decodeXml(utf16)).toBe('<a>é</a>');
  });

  it('follows the declared encoding', () => {
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>\xe9</a>', 'latin1');
    expect(decodeXml(latin1)).toContain('<a>é</a>');
  });

  it('reports the line and column of the first invalid byte', () => {
    const bytes = Buffer.concat([Buffer.from('<a>\nok\nbad '), Buffer.from([0xff]), Buffer.from('</a>')]);
    try {
      decodeXml(bytes);
      expect.fail('should throw');
    } catch (error) {
      expect(error).toBeInstanceOf(ImportFormatError);
      expect([(error as ImportFormatError).line, (error as ImportFormatError).column]).toEqual([3, 5]);
    }
  });

  it('refuses an encoding it cannot decode', () => {
    expect(() => decodeXml(Buffer.from('<?xml version="1.0" encoding="x-bogus"?><a/>'))).toThrow(/not supported/);
  });
});

describe('positionOf', () => {
  it('counts lines and columns from 1', () => {
    expect(positionOf('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(positionOf('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
