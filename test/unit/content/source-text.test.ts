import { describe, expect, it } from 'vitest';
import { decodeSourceText } from '../../../src/content/source-text.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('decodeSourceText', () => {
  it('removes a UTF-8 byte order mark', () => {
    expect(decodeSourceText(Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes('---\n')]))).toEqual({ text: '---\n' });
  });

  it.each([
    ['CRLF', 'a\r\nb\r\n', 'a\nb\n'],
    ['old Mac CR', 'a\rb\r', 'a\nb\n'],
    ['mixed', 'a\r\nb\nc\r', 'a\nb\nc\n'],
  ])('turns %s line endings into LF', (_what, input, output) => {
    expect(decodeSourceText(bytes(input))).toEqual({ text: output });
  });

  it('keeps non-ASCII text intact', () => {
    expect(decodeSourceText(bytes('京都 — café 📚'))).toEqual({ text: '京都 — café 📚' });
  });

  it('calls a file with a NUL byte binary', () => {
    expect(decodeSourceText(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]))).toEqual({ problem: 'binary' });
  });

  it('refuses bytes that are not UTF-8 (Latin-1 "café")', () => {
    expect(decodeSourceText(Uint8Array.from([0x63, 0x61, 0x66, 0xe9]))).toEqual({ problem: 'encoding' });
  });
});
