/** Why a file's bytes are not usable text. */
export type TextProblem = 'binary' | 'encoding';

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a source file's bytes as UTF-8 text with LF line endings and no BOM,
 * so line numbers and parsing behave the same for files saved on any system.
 */
export function decodeSourceText(bytes: Uint8Array): { text: string } | { problem: TextProblem } {
  // A NUL byte never appears in text; it marks a binary file saved with a .md name.
  if (bytes.includes(0)) return { problem: 'binary' };
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { problem: 'encoding' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  return { text };
}

/**
 * Where the first byte that is not valid UTF-8 sits, as a 1-based line and column (the column
 * counts the characters before it on its line), so an encoding error can point at it.
 * Undefined when the bytes are valid UTF-8.
 */
export function firstInvalidUtf8(bytes: Uint8Array): { line: number; column: number } | undefined {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    // Well-formed sequences (Unicode table 3-7): the lead byte fixes the length and the second byte's range.
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    let ok = length > 0;
    for (let k = 1; ok && k < length; k++) {
      const byte = bytes[i + k];
      ok = byte !== undefined && (k === 1 ? byte >= low && byte <= high : (byte & 0xc0) === 0x80);
    }
    if (!ok) return positionOf(bytes, i);
    i += length;
  }
  return undefined;
}

function positionOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    // LF, CRLF and a lone CR each end a line, as in `decodeSourceText`.
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  const before = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset)).replace(/^\uFEFF/, '');
  return { line, column: [...before].length + 1 };
}
