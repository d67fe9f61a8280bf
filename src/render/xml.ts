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

/**
 * Text for xmlbuilder2's `txt()` and attribute values. xmlbuilder2 escapes `&` only where it does
 * not start something shaped like a reference, so `AT&amp;T` or `&nbsp;` in a title would pass
 * through as a reference: changed text, or an undefined entity that makes the feed ill-formed.
 * Escaping every `&` first (xmlbuilder2 leaves `&amp;` alone) gives text escaped exactly once.
 */
export function xmlbuilderText(text: string): string {
  return stripInvalidXml(text).replace(/&/g, '&amp;');
}
