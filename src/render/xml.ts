/**
 * Characters XML 1.0 forbids anywhere, even escaped: C0 controls other than tab, LF and CR,
 * lone surrogates, and U+FFFE/U+FFFF. A post can contain them (pasted text); a feed must not.
 */
const invalidXmlChars = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Any unit `invalidXmlChars` could match: one character class is far cheaper to scan a post body with. */
const maybeInvalidXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Removes characters that XML cannot hold. */
export function stripInvalidXml(text: string): string {
  return maybeInvalidXml.test(text) ? text.replace(invalidXmlChars, '') : text;
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
 * Element content for the RSS and Atom feeds: characters XML cannot hold removed, then `&`, `<`
 * and `>` escaped (quotes stay as they are, as the feeds have always had them).
 */
export function xmlText(text: string): string {
  return stripInvalidXml(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute of a feed element: ` name="value"`, the value escaped like `xmlText` plus `"`. */
export function xmlAttribute(name: string, value: string): string {
  return ` ${name}="${xmlText(value).replace(/"/g, '&quot;')}"`;
}

/**
 * A feed element with escaped content (see `xmlText`): `<name attributes>content</name>`, or
 * `<name attributes/>` when the content is empty.
 */
export function xmlElement(name: string, content: string, attributes = ''): string {
  return content === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${content}</${name}>`;
}
