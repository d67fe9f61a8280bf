/**
 * Characters XML 1.0 forbids anywhere, even escaped: C0 controls other than tab, LF and CR,
 * lone surrogates, and U+FFFE/U+FFFF. A post can contain them (pasted text); a feed must not.
 */
const invalidXmlChars = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes characters that XML cannot hold. */
export function stripInvalidXml(text: string): string {
  return text.replace(invalidXmlChars, '');
}

/** Escapes text for XML element content and attribute values, removing characters XML cannot hold. */
export function escapeXml(text: string): string {
  return stripInvalidXml(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
