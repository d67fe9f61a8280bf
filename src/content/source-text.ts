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
