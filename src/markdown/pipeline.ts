import type { Element, Root as HastRoot } from 'hast';
import { raw } from 'hast-util-raw';
import { sanitize, type Schema } from 'hast-util-sanitize';
import { toHtml } from 'hast-util-to-html';
import type { Root } from 'mdast';
import { toHast } from 'mdast-util-to-hast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import type { MarkdownConfig, SanitizeAdditions } from '../config/site-config.js';
import { handlers } from './hast-handlers.js';
import { nativeParser, parseNative, type NativeSyntax } from './parser.js';
import { loadPlugins, PluginRunError, type LoadedPlugin } from './plugins.js';
import { postSchema, rawHtmlSchema } from './sanitize-schema.js';

/** What the markdown pipeline is made from: the site's settings, and where its plugins resolve. */
export interface PipelineSettings {
  rawHtml: boolean;
  markdown: MarkdownConfig;
  /** The site's folder: plugin names resolve from its `node_modules`. */
  root: string;
}

/**
 * The markdown stage of one site, in the order it runs:
 *
 *   parse (satteri, or remark-parse + remark-gfm) → quire's mdast passes (in `renderPost`) →
 *   the site's remark plugins → mdast → hast (quire's handlers: highlighting, tables) →
 *   the site's rehype plugins → sanitize (always, last) → HTML.
 *
 * remark-html is this chain with no plugins (`test/unit/markdown/pipeline.test.ts` compares
 * them), and its guarantee holds: whatever the plugins make, the sanitizer has the last word,
 * with the post schema plus only what the config's `markdown.sanitize` adds.
 */
export interface Pipeline {
  /** Which parser reads the posts, and why remark-parse when satteri was wanted. */
  parser: 'native' | 'remark';
  notice?: string;
  /** The URL schemes the sanitizer keeps in links and image sources. */
  protocols: { href: readonly string[]; src: readonly string[] };
  parse(file: VFile): Root;
  /** Runs the site's remark plugins. */
  transform(tree: Root, file: VFile): Root;
  /**
   * mdast → sanitized HTML, through the site's rehype plugins. `anchors`: the page's URL and the
   * ids of the whole document, filled by rendering it and given again for a part of it (the
   * excerpt, whose links say the page's URL), so the part's links to the author's own anchors
   * point where the whole document's do.
   */
  toHtml(tree: Root, file: VFile, anchors?: Anchors): string;
}

/** A document's ids, and the URL of its page. */
export interface Anchors {
  readonly url: string;
  readonly ids: Set<string>;
}

/** Builds a site's pipeline; throws `PluginLoadError` for a plugin that cannot be loaded. */
export function createPipeline(settings: PipelineSettings, identify: (fn: (...args: never[]) => unknown) => string = (fn) => fn.name): Pipeline {
  const { markdown } = settings;
  const remark = loadPlugins(markdown.remarkPlugins, settings.root, identify);
  const rehype = loadPlugins(markdown.rehypePlugins, settings.root, identify);
  const syntax = syntaxOf(remark);
  const loaded = markdown.parser === 'remark' || 'needsRemark' in syntax ? undefined : nativeParser();
  let parse: Pipeline['parse'];
  let parser: Pipeline['parser'] = 'native';
  let notice: string | undefined;
  if (loaded && 'parse' in loaded && 'native' in syntax) {
    const { native } = syntax;
    parse = (file) => parseNative(loaded.parse, String(file.value ?? ''), native);
  } else {
    if (markdown.parser === 'native' && loaded && 'error' in loaded) throw new Error(`The native markdown parser cannot load here: ${loaded.error}`);
    parser = 'remark';
    if (markdown.parser === 'auto') {
      notice = loaded && 'error' in loaded
        ? `The native markdown parser (satteri) cannot load here (${loaded.error}); posts are read by remark-parse, which gives the same HTML, more slowly.`
        : `The plugin "${(syntax as { needsRemark: string }).needsRemark}" adds markdown syntax the native parser does not know; posts are read by remark-parse.`;
    }
    const reader = unified().use(remarkParse).use(remarkGfm);
    for (const plugin of remark) reader.use(plugin.attacher as never, plugin.options);
    const frozen = reader.freeze();
    parse = (file) => frozen.parse(file);
  }
  const mdast = chain(remark);
  const hast = chain(rehype);
  const schema = extendSchema(settings.rawHtml ? rawHtmlSchema : postSchema, markdown.sanitize);
  return {
    parser,
    ...(notice ? { notice } : {}),
    protocols: { href: schema.protocols?.href ?? [], src: schema.protocols?.src ?? [] },
    parse,
    transform: mdast ? (tree, file) => mdast.runSync(tree, file) as Root : (tree) => tree,
    toHtml: settings.rawHtml ? (tree, file, anchors) => toHtmlKeepingRaw(tree, file, hast, schema, anchors) : (tree, file) => toSafeHtml(tree, file, hast, schema),
  };
}

/** A processor that runs the given plugins' transformers, or nothing when there are none. */
function chain(plugins: readonly LoadedPlugin[]): Processor | undefined {
  if (plugins.length === 0) return undefined;
  const processor = unified();
  for (const plugin of plugins) useWrapped(processor, plugin);
  return processor.freeze() as unknown as Processor;
}

/** remark-html's compiler with `sanitize: schema`, with the rehype plugins before the sanitizer. */
function toSafeHtml(tree: Root, file: VFile, plugins: Processor | undefined, schema: Schema): string {
  let hast = toHast(tree, { handlers, allowDangerousHtml: false }) as HastRoot;
  if (plugins) hast = plugins.runSync(hast, file) as HastRoot;
  const result = toHtml(sanitize(hast, schema) as HastRoot, { allowDangerousHtml: false });
  // remark-html ends a document with a newline.
  return result && /[^\r\n]/.test(result.charAt(result.length - 1)) ? `${result}\n` : result;
}

const prefix = 'user-content-';
/** Elements whose width and height HTML allows in pixels only. */
const sized = new Set(['img', 'video', 'iframe', 'canvas', 'embed', 'object', 'source', 'input']);

/**
 * For authors who keep raw HTML: the raw HTML is parsed (hast-util-raw) before the plugins and
 * the sanitizer, so the reviewed schema sees real elements and attributes (remark-html, given a
 * schema, drops raw HTML instead). The sanitizer prefixes every id; the ones quire made
 * (headings, footnotes) are given back.
 */
function toHtmlKeepingRaw(tree: Root, file: VFile, plugins: Processor | undefined, schema: Schema, anchors: Anchors = { url: '', ids: new Set() }): string {
  const generated = new Set<string>();
  visit(tree, 'heading', (node) => {
    const id = (node.data as { hProperties?: { id?: unknown } } | undefined)?.hProperties?.id;
    if (typeof id === 'string') generated.add(id);
  });
  let hast = raw(toHast(tree, { allowDangerousHtml: true, handlers }) as HastRoot) as HastRoot;
  if (plugins) hast = plugins.runSync(hast, file) as HastRoot;
  const clean = sanitize(hast, schema) as HastRoot;
  visit(clean, 'element', (element: Element) => {
    // An image written without alt text is as a markdown image without it (`![](x.png)`): alt="".
    if (element.tagName === 'img' && element.properties.alt === undefined) element.properties.alt = '';
    // HTML sizes images and media in pixels only: `width="30%"` is invalid, and dropped.
    for (const size of ['width', 'height'] as const) {
      const value = element.properties[size];
      if (value !== undefined && sized.has(element.tagName) && !/^\d+$/.test(String(value))) delete element.properties[size];
    }
    const id = element.properties.id;
    if (typeof id !== 'string') return;
    const own = id.slice(prefix.length);
    const kept = id.startsWith(prefix) && (generated.has(own) || own.startsWith(prefix) || own === 'footnote-label') ? own : id;
    element.properties.id = kept;
    anchors.ids.add(kept);
  });
  pointAtPrefixedIds(clean, anchors);
  return `${toHtml(clean)}\n`;
}

/**
 * An author's `[see](#note)` to their own `<a id="note">` would miss the prefixed id: such links
 * are pointed at it, as GitHub's script does when a reader follows one. `ids`: the document's.
 */
function pointAtPrefixedIds(tree: HastRoot, { url, ids }: Anchors): void {
  visit(tree, 'element', (element: Element) => {
    const href = element.properties.href;
    if (element.tagName !== 'a' || typeof href !== 'string') return;
    const page = href.startsWith('#') ? '' : url !== '' && href.startsWith(`${url}#`) ? url : undefined;
    if (page === undefined) return;
    let target: string;
    try {
      target = decodeURIComponent(href.slice(page.length + 1));
    } catch {
      return;
    }
    if (!ids.has(target) && ids.has(prefix + target)) element.properties.href = `${page}#${prefix}${target}`;
  });
}

/** The schema with the config's additions joined in; the base is never narrowed or replaced. */
function extendSchema(base: Schema, add: SanitizeAdditions): Schema {
  if (!add.tagNames && !add.attributes && !add.protocols) return base;
  const attributes = { ...base.attributes };
  // An attribute the config names replaces the base's entry for it: hast-util-sanitize applies
  // the first entry of a name, so `className` must not stay limited to `hljs-*` behind it.
  const nameOf = (entry: unknown) => (typeof entry === 'string' ? entry : (entry as readonly unknown[])[0]);
  for (const [tag, list] of Object.entries(add.attributes ?? {})) {
    const named = new Set(list.map(nameOf));
    attributes[tag] = [...(attributes[tag] ?? []).filter((entry) => !named.has(nameOf(entry))), ...(list as never[])];
  }
  const protocols = { ...base.protocols };
  for (const [attribute, list] of Object.entries(add.protocols ?? {})) protocols[attribute] = [...(protocols[attribute] ?? []), ...list];
  return { ...base, tagNames: [...(base.tagNames ?? []), ...(add.tagNames ?? [])], attributes, protocols };
}

/** Plugins whose syntax satteri parses itself, by the name their package gives the attacher. */
const nativeSyntax: Record<string, (options: unknown) => NativeSyntax> = {
  remarkMath: (options) => ({ math: { singleDollarTextMath: (options as { singleDollarTextMath?: boolean } | undefined)?.singleDollarTextMath !== false } }),
};

/**
 * What the remark plugins need of the parser: the native syntax they add, or the first plugin
 * that adds markdown syntax satteri does not have (then remark-parse must read the posts, with
 * that plugin's micromark extension).
 */
function syntaxOf(plugins: readonly LoadedPlugin[]): { native: NativeSyntax } | { needsRemark: string } {
  const native: NativeSyntax = {};
  for (const plugin of plugins) {
    const probe = unified().use(plugin.attacher as never, plugin.options).freeze();
    const extensions = (probe.data('micromarkExtensions') as unknown[] | undefined)?.length ?? 0;
    if (extensions === 0) continue;
    const known = nativeSyntax[plugin.attacher.name];
    if (!known) return { needsRemark: plugin.name };
    Object.assign(native, known(plugin.options));
  }
  return { native };
}

/**
 * Uses a plugin on a processor with its transformer wrapped, so an error thrown on a post names
 * the plugin. The attacher runs with the processor as `this`, as unified runs it.
 */
function useWrapped(processor: Processor, plugin: LoadedPlugin): void {
  function wrapped(this: Processor, ...args: unknown[]): unknown {
    const transformer = plugin.attacher.apply(this, args);
    if (typeof transformer !== 'function') return transformer;
    return (...run: unknown[]) => {
      try {
        return (transformer as (...a: unknown[]) => unknown)(...run);
      } catch (error) {
        throw new PluginRunError(plugin.name, error);
      }
    };
  }
  Object.defineProperty(wrapped, 'name', { value: plugin.attacher.name });
  processor.use(wrapped as never, plugin.options);
}
