import { hash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Liquid } from 'liquidjs';
import { loadConfig, type LoadedConfig } from './config/load-config.js';
import { basePath, type SiteConfig } from './config/site-config.js';
import { listFiles } from './content/list-files.js';
import type { Post } from './content/post.js';
import { readComments } from './content/read-comments.js';
import { postFingerprint, ReadCache } from './content/read-cache.js';
import type { BodyRef } from './content/body-ref.js';
import { loadBody, readPosts } from './content/read-posts.js';
import { codeFrame } from './diagnostics/code-frame.js';
import { ContentError, diagnostic, hasErrors, type Diagnostic } from './diagnostics/diagnostic.js';
import { displayPath } from './diagnostics/display-path.js';
import { engineFingerprint, installedVersion } from './engine-fingerprint.js';
import { loadLocale } from './i18n/locale.js';
import { imageDepPrefix, imageExtension, imageOutcome, localPath, planImage, siteImages, type SiteImages } from './markdown/image-plan.js';
import { linkOutcome, sourceKey } from './markdown/link-outcome.js';
import type { PipelineSettings } from './markdown/pipeline.js';
import { PluginLoadError, pluginsKey } from './markdown/plugins.js';
import type { PostSource, RenderedPost, RenderProblem } from './markdown/render-post.js';
import type { Renderers } from './markdown/renderers.js';
import { checkOutputDir, checkOutputOwnership } from './output/check-output-dir.js';
import { makeImages, type ImageUse } from './output/image-cache.js';
import { acquireLock } from './output/lock.js';
import { RenderCache, type CachedRendering, type RenderInputs } from './output/render-cache.js';
import { catchUpSpare, recoverOutput, stagingPaths, writeSite, type FileCopy, type ReuseOptions } from './output/write-site.js';
import { commentsLinkText, commentsSection, type CommentsView } from './render/comments-view.js';
import { KeyMemo } from './render/key-memo.js';
import { checkSiteTemplates, renderSite, summarise, templateOf } from './render/render-site.js';
import { templateRenderer, type RenderFile } from './render/compiled-templates.js';
import { createTemplateEngine, hasTemplate, templatesKey } from './render/template-engine.js';
import { loadStylesheet, loadThemeAsset } from './render/theme-assets.js';
import { searchRecord, searchShards } from './render/search-records.js';
import { startSearchIndex, type SearchIndexing } from './output/search-index.js';
import type { PostSummary } from './render/views.js';
import { buildSite, postPlaces, type Site } from './site/build-site.js';
import { attachComments, type PostComments, type ThreadedComment } from './site/comments.js';
import type { SitePost } from './site/site-post.js';

/** How to build. Paths are relative to `root`. */
export interface BuildOptions {
  /** The site's folder (config, posts, templates, static); default: the working folder. */
  root?: string;
  /** Posts folder; default: the config's `dirs.posts` (`posts`). */
  src?: string;
  /** Output folder; default `dist`. */
  out?: string;
  /** Config file; default: `quire.config.yaml|yml|json` in `root`, if any. */
  config?: string;
  /** Include drafts and future-dated posts. */
  drafts?: boolean;
  /** Overrides the config's `baseUrl`. */
  baseUrl?: string;
  /** Treat warnings as errors. */
  strict?: boolean;
  /** The build's clock (epoch ms); default: now. */
  now?: number;
  /** Use the persistent render cache in `<root>/.quire/cache` (default true). */
  cache?: boolean;
  /** Worker threads for rendering post bodies (`buildAsync` only; default: one per core). */
  jobs?: number;
  /**
   * Caches kept in memory between builds by a watching process; otherwise each build loads
   * them from the cache folder.
   */
  caches?: BuildCaches;
  /**
   * Takes bookkeeping that the output does not wait for (saving cache indexes and the writer's
   * state, then releasing the output's lock), for the caller to run once it has reported the
   * build, and always before the next one. By default it runs before the build returns.
   */
  defer?: (task: () => void) => void;
  /**
   * Takes bookkeeping that may wait until the process is idle, be superseded by the next
   * build's, or be lost if the process exits first (saving page keys for the next process: an
   * older set only means fewer keys reused). By default it goes where `defer` does.
   */
  idle?: (task: () => void) => void;
  /** Called as the build advances, for progress displays. */
  onProgress?: (stage: string, done: number, total: number) => void;
}

/**
 * What a watching process keeps between builds: parsed posts (in memory only), and the render
 * cache with its index loaded (still persisted, for the next process).
 */
export interface BuildCaches {
  read: ReadCache;
  /** The pages folder's read cache (its listing is never trusted: a site has few pages). */
  pages?: ReadCache;
  render?: RenderCache;
  /** The template engine and its compiled templates, while the templates stay as they were. */
  templates?: { dir: string; key: string; engine: Liquid; renderFile: RenderFile };
  /** The last site model with the hash of its inputs (`modelKey`): reused while the hash is the same. */
  model?: { siteKey: string; model: ReturnType<typeof buildSite> };
  /** Page keys of the last build, reused where a page's data did not change. */
  keys?: KeyMemo;
}

/** What a build did. */
export interface BuildResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  posts: number;
  /** Posts and standalone pages: every body the build renders or takes from the cache. */
  documents: number;
  pages: number;
  files: number;
  /** Pages and files written in this build; the rest of the output was reused unchanged. */
  changed: number;
  ms: number;
  outDir: string;
  skipped: { drafts: number; future: number };
  nextScheduled?: Site['nextScheduled'];
  /** Post bodies rendered in this build (the rest came from the cache). */
  rendered: number;
  /** Resized image copies made in this build, and those taken from the image cache. */
  images?: { processed: number; reused: number };
  /** Documents indexed for search in this build, and those whose index was unchanged and kept. */
  search?: { indexed: number; reused: number };
  /** Milliseconds spent in each stage. */
  timings: Record<string, number>;
  /** Things to tell the author once that are not problems in the content (which parser ran). */
  notices: string[];
}

/** The cache folder of a site. */
export function cacheDir(root: string): string {
  return path.join(path.resolve(root), '.quire', 'cache');
}

/** Everything known before post bodies are rendered. */
export interface Prepared {
  started: number;
  root: string;
  outDir: string;
  config: SiteConfig;
  dirs: { posts: string; pages: string; static: string; templates: string };
  diagnostics: Diagnostic[];
  allPosts: Post[];
  /** Where each post's body is, by source (bodies are not kept in memory). */
  bodies: Map<string, BodyRef>;
  site: Site;
  /** A hash of everything the site model is made from (see `modelKey`). */
  siteKey: string;
  attached: ReturnType<typeof attachComments>;
  urlOf: (source: string) => string | undefined;
  isUnpublished: (source: string) => boolean;
  timings: Record<string, number>;
  /** The config file, when the site has one (render workers load its plugins from it). */
  configFile: string | undefined;
  /** What the markdown pipeline is made from, and its part of the render cache key. */
  markdown: { settings: PipelineSettings; key: string; identify: LoadedConfig['identify'] };
  /** Things to tell the author once that are not problems in the content. */
  notices: string[];
  /** The static folder's files, `/`-separated, relative to it. */
  staticFiles: string[];
  /** With images resized (`images` not false): the site's image files, by site path. */
  images: { site: SiteImages; files: Array<[string, string]> } | undefined;
}

function resultOf(prepared: Pick<Prepared, 'started' | 'outDir'>, ok: boolean, diagnostics: Diagnostic[], extra: Partial<BuildResult> = {}): BuildResult {
  return {
    ok, diagnostics, posts: 0, documents: 0, pages: 0, files: 0, changed: 0, ms: performance.now() - prepared.started, outDir: prepared.outDir,
    skipped: { drafts: 0, future: 0 }, rendered: 0, timings: {}, notices: [], ...extra,
  };
}

/** Config, posts, comments and the site model: the barrier after which every URL is known. */
export function prepare(options: BuildOptions): Prepared | { failed: BuildResult } {
  const started = performance.now();
  const root = path.resolve(options.root ?? '.');
  const outDir = path.resolve(root, options.out ?? 'dist');
  const fail = (diagnostics: Diagnostic[]) => ({ failed: resultOf({ started, outDir }, false, diagnostics) });
  const timings: Record<string, number> = {};
  let mark = started;
  const lap = (stage: string) => {
    const t = performance.now();
    timings[stage] = (timings[stage] ?? 0) + t - mark;
    mark = t;
  };

  // Config first: every later stage depends on it (time zone, permalinks, base URL).
  let config: SiteConfig;
  let loaded: LoadedConfig;
  const diagnostics: Diagnostic[] = [];
  try {
    loaded = loadConfig(root, options.config);
    config = loaded.config;
    diagnostics.push(...loaded.warnings);
  } catch (error) {
    if (error instanceof ContentError) return fail(error.diagnostics);
    throw error;
  }
  if (options.baseUrl !== undefined) {
    try {
      const url = new URL(options.baseUrl);
      config.baseUrl = url.href.endsWith('/') ? url.href : `${url.href}/`;
    } catch {
      return fail([diagnostic('error', 'ConfigInvalid', undefined, `--base-url "${options.baseUrl}" is not an absolute URL.`, 'Pass a URL such as https://example.com/blog/')]);
    }
  }
  const dirs = {
    posts: path.resolve(root, options.src ?? config.dirs.posts),
    pages: path.resolve(root, config.dirs.pages),
    static: path.resolve(root, config.dirs.static),
    templates: path.resolve(root, config.dirs.templates),
  };
  const nested = nestedFolders(dirs.posts, dirs.pages);
  if (nested) return fail([nested]);
  const unsafe = checkOutputDir(outDir, [root, ...Object.values(dirs), path.resolve(root, config.dirs.comments)]) ?? checkOutputOwnership(outDir);
  if (unsafe) return fail([unsafe]);
  // The plugins are named (not loaded) now: the render cache is keyed by what they are.
  const markdown = markdownOf(config, root, loaded);
  if ('problem' in markdown) return fail([markdown.problem]);

  // Read every post before placing any: the site model needs all of them.
  const scope = `${config.timeZone}\0${displayPath(dirs.posts)}`;
  const readCache = options.cache === false ? undefined : (options.caches?.read ?? new ReadCache(path.join(cacheDir(root), 'posts'), scope));
  readCache?.useScope(scope);
  const posts = readPosts(dirs.posts, config, readCache);
  if (!options.caches) readCache?.save();
  // Pages are read like posts, their sources named from the posts folder (see `Post.source`).
  const pagesPrefix = `${path.relative(dirs.posts, dirs.pages).split(path.sep).join('/')}/`;
  const pageScope = `${config.timeZone}\0${displayPath(dirs.pages)}\0${pagesPrefix}`;
  const pageCache = options.cache === false ? undefined
    : options.caches ? (options.caches.pages ??= new ReadCache(path.join(cacheDir(root), 'pages'), pageScope)) : new ReadCache(path.join(cacheDir(root), 'pages'), pageScope);
  pageCache?.useScope(pageScope);
  const pages = readPosts(dirs.pages, config, pageCache, { kind: 'page', sourcePrefix: pagesPrefix });
  if (!options.caches) pageCache?.save();
  const read = {
    posts: [...posts.posts, ...pages.posts],
    bodies: new Map([...posts.bodies, ...pages.bodies]),
    fingerprints: new Map([...posts.fingerprints, ...pages.fingerprints]),
  };
  diagnostics.push(...posts.diagnostics, ...pages.diagnostics);
  // Stored comments, read like posts; which post each belongs to is checked against the model.
  const stored = config.comments.enabled ? readComments(path.resolve(root, config.dirs.comments), config) : { comments: [], diagnostics: [] };
  diagnostics.push(...stored.diagnostics);
  lap('read');

  // The theme's strings in the site's language: its own language files first, then the theme's.
  const { locale, problems: localeProblems } = loadLocale(config.language, config.strings, [path.join(dirs.templates, 'i18n')]);
  for (const problem of localeProblems) {
    diagnostics.push(diagnostic('error', 'LanguageFile', { file: displayPath(problem.file) }, problem.message, problem.hint));
  }

  // The barrier: every post and URL is known before any HTML is rendered.
  const now = options.now ?? Date.now();
  const drafts = options.drafts ?? false;
  // The same inputs make the same model: a watching process keeps it while no post's metadata changes.
  const siteKey = modelKey(read.posts, read.fingerprints, config, drafts, now, locale.key);
  const kept = options.caches?.model;
  const configFile = loaded.file ? displayPath(loaded.file) : 'quire.config.yaml';
  const model = kept?.siteKey === siteKey ? kept.model : buildSite(read.posts, config, { drafts, now, pagesPrefix, configFile, locale });
  if (options.caches) options.caches.model = { siteKey, model };
  const { site, diagnostics: siteProblems } = model;
  for (const d of siteProblems) {
    const frame = d.file && d.line && !d.frame ? frameOf(d.file, d.line, d.column) : undefined;
    if (frame) d.frame = frame;
  }
  diagnostics.push(...siteProblems);
  const attached = attachComments(site, stored.comments, { now, knownSlugs: new Set(read.posts.map((post) => post.slug)) });
  diagnostics.push(...attached.diagnostics);
  lap('model');

  // Static files and bundle assets are known here too: posts show images by their site paths.
  const staticFiles = listFiles(dirs.static, (relative, why) => {
    diagnostics.push(diagnostic('warning', 'SourceSymlink', { file: displayPath(path.join(dirs.static, relative)) },
      why === 'loop' ? 'This symbolic link loops back on itself; it is skipped.'
        : why === 'broken' ? 'This symbolic link points at nothing; it is skipped.'
          : 'This symbolic link points outside the static folder; it is skipped.',
      'Copy the file into the static folder instead of linking to it.'));
  });
  const imageFiles = config.images ? imageFilesOf(site, staticFiles, dirs, basePath(config)) : undefined;

  const allSources = new Set(read.posts.map((post) => post.source));
  const key = sourceKey(dirs.posts);
  return {
    started, root, outDir, config, dirs, diagnostics, allPosts: read.posts, bodies: read.bodies, site, siteKey, attached, timings,
    configFile: loaded.file, markdown, notices: [], staticFiles,
    images: imageFiles && config.images ? { site: siteImages(config.images, new Map(imageFiles)), files: imageFiles } : undefined,
    urlOf: (source) => site.bySource.get(key(source))?.url,
    isUnpublished: (source) => allSources.has(key(source)) && !site.bySource.has(key(source)),
  };
}

/** Every image file of the site (static files, bundle assets) by the site path it is served at. */
function imageFilesOf(site: Site, staticFiles: readonly string[], dirs: Prepared['dirs'], base: string): Array<[string, string]> {
  const files: Array<[string, string]> = [];
  for (const file of staticFiles) {
    if (imageExtension.test(file)) files.push([`${base}${file}`, path.join(dirs.static, file)]);
  }
  for (const post of site.documents) {
    const folder = path.posix.dirname(post.outputPath);
    const bundle = path.dirname(path.join(dirs.posts, post.source));
    for (const asset of post.assets) {
      if (imageExtension.test(asset)) files.push([`${base}${folder === '.' ? '' : `${folder}/`}${asset}`, path.join(bundle, asset)]);
    }
  }
  return files;
}

/** The pages folder inside the posts folder (or the other way round) would read files twice. */
function nestedFolders(posts: string, pages: string): Diagnostic | undefined {
  const inside = (child: string, parent: string) => child === parent || child.startsWith(parent + path.sep);
  if (!inside(posts, pages) && !inside(pages, posts)) return undefined;
  return diagnostic('error', 'ConfigInvalid', { file: 'quire.config.yaml' },
    `The posts folder (${displayPath(posts)}) and the pages folder (${displayPath(pages)}) must be side by side, neither inside the other.`,
    'Set dirs.pages (default pages) and dirs.posts (default posts) to two separate folders.');
}

/**
 * A hash of everything the site model is made from: quire's code for it, the config, and each
 * post as read with its assets and which side of the clock it is on. Equal keys, equal models:
 * pages made from the model alone keep their keys from one process to the next by it.
 */
function modelKey(posts: readonly Post[], fingerprints: ReadonlyMap<string, string>, config: SiteConfig, drafts: boolean, now: number, localeKey: string): string {
  const parts = [engineFingerprint(['site', 'content', 'config', 'i18n']), JSON.stringify(config), String(drafts), localeKey];
  for (const post of posts) {
    parts.push(fingerprints.get(post.source) ?? postFingerprint(post), post.assets.join('\u0001'), post.time <= now ? 'p' : 'f');
  }
  return hash('sha256', parts.join('\0'));
}

/**
 * The markdown pipeline's settings and their key: the markdown settings, and each plugin's
 * identity and options. A plugin that cannot be found is an error pointing at the config.
 */
function markdownOf(config: SiteConfig, root: string, loaded: LoadedConfig): Prepared['markdown'] | { problem: Diagnostic } {
  const settings: PipelineSettings = { rawHtml: config.rawHtml, markdown: config.markdown, root };
  try {
    const plugins = pluginsKey(config.markdown, root, loaded.identify);
    const sanitize = JSON.stringify(config.markdown.sanitize, (_key, value: unknown) => (value instanceof RegExp ? String(value) : value));
    return { settings, key: `rawHtml=${config.rawHtml}\0plugins=${plugins}\0sanitize=${sanitize}\0images=${JSON.stringify(config.images)}`, identify: loaded.identify };
  } catch (error) {
    if (!(error instanceof PluginLoadError)) throw error;
    return { problem: diagnostic('error', 'PluginMissing', { file: displayPath(loaded.file ?? path.join(root, 'quire.config.yaml')) }, error.message,
      `Install it in the site's folder (npm install ${error.plugin}), or remove it from markdown.remarkPlugins / rehypePlugins.`) };
  }
}

const renderHints: Partial<Record<RenderProblem['code'], string>> = {
  BrokenPostLink: 'Check the file name, or link to the page URL instead.',
  PluginFailed: 'The error is the plugin\'s: check its options in the config, or what it expects of the post at that place.',
  UnsafeLink: 'Link to an http(s) address, or write the text without a link.',
  MissingImage: 'Put the image beside the post (a folder with index.md) or in the static folder, or correct the path.',
};

/** Where bookkeeping goes when the caller does not take it: done at once. */
const runNow = (task: () => void): void => task();

/** What saved page keys are valid for: this quire's code for every stage that makes pages. */
function keysVersion(): string {
  return `keys-1\0${engineFingerprint(['config', 'content', 'site', 'markdown', 'render', 'i18n'])}`;
}

/** Which bodies the cache already holds, and where each body's HTML will come from. */
export interface Bodies {
  /** What rendering post `index` needs, its body read from the file. */
  sourceOf: (index: number) => PostSource;
  /** Indexes of posts to render. */
  misses: number[];
  metas: Array<Omit<RenderedPost, 'html'> | undefined>;
  accept: (index: number, rendered: RenderedPost) => void;
  /** Renders every miss in this thread. */
  renderMissesHere: (onProgress?: BuildOptions['onProgress']) => void;
  bodyOf: (source: string) => string;
  /** A hash of a body's HTML, for page keys, without reading the body. */
  bodyKeyOf: (source: string) => string;
  /** A post's rendering in the render cache (its key and HTML hash); undefined without the cache. */
  renderingOf: (source: string) => { key: string; htmlHash: string } | undefined;
  /** Persists what the render cache learned. */
  save: () => void;
  renderStarted: number;
}

/**
 * Looks every post up in the render cache. `renderers` gives the markdown pipeline for posts
 * rendered in this thread (misses, damaged entries); it is asked for only then.
 */
export function planBodies(prepared: Prepared, options: BuildOptions, renderers: () => Renderers): Bodies {
  const { site } = prepared;
  const cache = options.cache === false ? undefined : renderCacheFor(prepared.root, prepared.markdown.key, options.caches);
  // What a cached rendering depended on, as it is now: other posts' URLs, and its images' sizes.
  const images = prepared.images?.site;
  const outcomeOf = (dep: string) => (dep.startsWith(imageDepPrefix)
    ? (images ? imageOutcome(dep.slice(imageDepPrefix.length), images) : '!off')
    : linkOutcome(dep, prepared.urlOf, prepared.isUnpublished));
  const inputs: RenderInputs[] = [];
  const inputOf = (i: number): RenderInputs => {
    const post = site.documents[i] as SitePost;
    return (inputs[i] ??= { source: post.source, url: post.url, bodyLine: post.bodyLine, bodyHash: prepared.bodies.get(post.source)?.hash ?? '' });
  };
  const metas: Bodies['metas'] = [];
  const htmlRefs = new Map<string, { key: string; htmlHash: string }>();
  const inMemory = new Map<string, string>();
  const misses: number[] = [];
  // The same model read from the same files found these entries last build: they still answer.
  const last = cache && lastHits.get(site);
  const plan = { cache, refs: [] as Array<BodyRef | undefined>, hits: [] as Array<CachedRendering | undefined> };
  site.documents.forEach((post, i) => {
    const ref = prepared.bodies.get(post.source);
    const kept = last && last.cache === cache && last.refs[i] === ref ? last.hits[i] : undefined;
    const hit = kept && cache?.reuse(kept) ? kept : cache?.get(inputOf(i), outcomeOf);
    plan.refs.push(ref);
    plan.hits.push(hit);
    if (hit) {
      metas[i] = metaOf(hit);
      htmlRefs.set(post.source, hit);
    } else misses.push(i);
  });
  if (cache) lastHits.set(site, plan);
  // Bodies are read from their files only as each post is about to be rendered.
  const load = (post: SitePost) => loadBody(prepared.dirs.posts, post.source, prepared.bodies.get(post.source));
  const sourceOf = (index: number): PostSource => {
    const post = site.documents[index] as SitePost;
    const loaded = load(post);
    if (!loaded) {
      prepared.diagnostics.push(diagnostic('error', 'SourceUnreadable', { file: post.file }, 'This file changed or vanished while the site was being built.', 'Build again.'));
    }
    // The cache key follows the text actually rendered, should the file have changed since it was read.
    inputOf(index).bodyHash = loaded?.hash ?? '';
    return { source: post.source, body: loaded?.body ?? '', bodyLine: post.bodyLine, url: post.url };
  };
  const accept = (index: number, rendered: RenderedPost) => {
    const source = (site.documents[index] as SitePost).source;
    const { html, ...meta } = rendered;
    metas[index] = meta;
    // With a cache, bodies go to disk at once and are read back for their page, so a large
    // blog's HTML never sits in memory all at once.
    if (cache) {
      const key = cache.key(inputOf(index));
      htmlRefs.set(source, { key, htmlHash: cache.put(key, source, rendered) });
    } else inMemory.set(source, html);
  };
  const render = (post: PostSource) => {
    const { settings, key, identify } = prepared.markdown;
    const all = renderers();
    const pipeline = all.pipeline(settings, key, identify);
    if (pipeline.notice && !prepared.notices.includes(pipeline.notice)) prepared.notices.push(pipeline.notice);
    return all.post(pipeline, post, prepared.urlOf, prepared.isUnpublished, images);
  };
  const renderMissesHere = (onProgress?: BuildOptions['onProgress']) => {
    misses.forEach((index, k) => {
      accept(index, render(sourceOf(index)));
      onProgress?.('render', k + 1, misses.length);
    });
  };
  const bodyOf = (source: string): string => {
    const kept = inMemory.get(source);
    if (kept !== undefined) return kept;
    const ref = htmlRefs.get(source);
    const html = ref && cache?.html(ref.key, ref.htmlHash);
    if (html !== undefined) return html;
    // The entry vanished or was damaged since it was checked: render it again rather than serve it.
    const post = site.bySource.get(source);
    const loaded = post && load(post);
    return post && loaded ? render({ source, body: loaded.body, bodyLine: post.bodyLine, url: post.url }).html : '';
  };
  const bodyKeyOf = (source: string): string => {
    const ref = htmlRefs.get(source);
    if (ref) return ref.htmlHash;
    return hash('sha256', inMemory.get(source) ?? '');
  };
  prepared.timings.cache = performance.now() - prepared.started - Object.values(prepared.timings).reduce((a, b) => a + b, 0);
  // Once: the cache forgets what it was used for as it saves, and would then drop it all.
  let saved = false;
  const save = () => {
    if (saved) return;
    saved = true;
    cache?.save(new Set(site.documents.map((post) => post.source)), new Set(prepared.allPosts.map((post) => post.source)));
  };
  return { sourceOf, misses, metas, accept, renderMissesHere, bodyOf, bodyKeyOf, renderingOf: (source) => htmlRefs.get(source), save, renderStarted: performance.now() };
}

/** Which cache entry each post of a model used last, and the read of its file then. */
const lastHits = new WeakMap<Site, { cache: RenderCache | undefined; refs: Array<BodyRef | undefined>; hits: Array<CachedRendering | undefined> }>();

/**
 * A cached rendering without what only the cache needs, the same object for the same entry: a
 * watching process then hands listings the same summaries build after build (see `summarise`).
 */
const metas = new WeakMap<CachedRendering, Omit<RenderedPost, 'html'>>();
function metaOf(entry: CachedRendering): Omit<RenderedPost, 'html'> {
  let meta = metas.get(entry);
  if (!meta) {
    const { key: _key, htmlHash: _htmlHash, source: _source, pack: _pack, offset: _offset, length: _length, ...rest } = entry;
    meta = rest;
    metas.set(entry, meta);
  }
  return meta;
}

/**
 * The comment sections without comments of the last builds, by post: the same site and post
 * give the same one, so a watching process does not build thousands of them again for the post
 * pages and the comments feed on every rebuild. Sections with comments are built anew.
 */
const emptySections = new WeakMap<SitePost, { site: Site; open: boolean; view: CommentsView }>();
function commentsSectionOf(site: Site, post: SitePost, thread: PostComments, html: ReadonlyMap<ThreadedComment, string>): CommentsView {
  if (thread.count > 0) return commentsSection(site, post, thread, (comment) => html.get(comment) ?? '');
  const known = emptySections.get(post);
  if (known && known.site === site && known.open === thread.open) return known.view;
  const view = commentsSection(site, post, thread, () => '');
  emptySections.set(post, { site, open: thread.open, view });
  return view;
}

function newTemplates(dir: string, key: string, extensions: SiteConfig['templates']): NonNullable<BuildCaches['templates']> {
  const engine = createTemplateEngine(dir, extensions);
  return { dir, key, engine, renderFile: templateRenderer(engine) };
}

/** The site's render cache: the one a watching process keeps, while it suits the settings. */
function renderCacheFor(root: string, settings: string, caches: BuildCaches | undefined): RenderCache {
  const dir = path.join(cacheDir(root), 'render');
  const kept = caches?.render;
  if (kept && kept.dir === dir && kept.settings === settings) return kept;
  const cache = new RenderCache(dir, settings);
  if (caches) caches.render = cache;
  return cache;
}

/** Diagnostics from rendering, then pages, then the atomic write. */
export function finish(prepared: Prepared, bodies: Bodies, options: BuildOptions, renderers: () => Renderers): BuildResult {
  const { site, config, diagnostics, attached, dirs, outDir, timings } = prepared;
  timings.render = performance.now() - bodies.renderStarted;
  (options.defer ?? runNow)(bodies.save);
  const metas = bodies.metas as Array<Omit<RenderedPost, 'html'>>;
  site.documents.forEach((post, i) => {
    const problems = metas[i]?.problems ?? [];
    if (problems.length === 0) return;
    const read = prepared.bodies.get(post.source);
    for (const problem of problems) {
      const d = diagnostic(problem.severity, problem.code, { file: post.file, line: problem.line, column: problem.column },
        problem.rule ? `${problem.message} (${problem.rule})` : problem.message, renderHints[problem.code]);
      const frame = problem.line ? problemFrame(read, problem, () => frameOf(post.file, problem.line as number, problem.column)) : undefined;
      if (frame) d.frame = frame;
      diagnostics.push(d);
    }
  });
  const commentHtml = new Map<ThreadedComment, string>();
  for (const { comment, post } of attached.comments.newest) {
    const body = renderers().comment(comment.body, post.url);
    if (body.problem) diagnostics.push(diagnostic('error', 'CommentInvalid', { file: comment.file, line: comment.bodyLine }, body.problem));
    commentHtml.set(comment, body.html);
  }
  const { staticFiles } = prepared;
  const extra: Partial<BuildResult> = { skipped: site.skipped, rendered: bodies.misses.length, timings, notices: prepared.notices };
  if (hasErrors(diagnostics, options.strict)) return resultOf(prepared, false, diagnostics, extra);
  // Resized copies of the images the pages show, made where the image cache has none.
  const made = prepared.images && config.images
    ? makeImages(imageUses(site.documents, metas, prepared.images.site), config.images, path.join(cacheDir(prepared.root), 'images'), basePath(config), installedVersion('sharp'))
    : undefined;
  if (made) {
    extra.images = { processed: made.processed, reused: made.reused };
    for (const failure of made.failed) {
      diagnostics.push(diagnostic('error', 'ImageFailed', { file: displayPath(failure.file) }, `This image could not be resized: ${failure.message}`,
        'Open it in an image editor and save it again, or replace it.'));
    }
    if (made.failed.length > 0) return resultOf(prepared, false, diagnostics, extra);
  }

  // Comment sections, summaries and their keys are made when a page asks for them.
  const threadOf = (post: SitePost) => (config.comments.enabled ? attached.comments.byPost.get(post.source) : undefined);
  const commentViews = new Map<SitePost, CommentsView>();
  // With comments switched off, a post page has no comment section at all (the template checks `heading`).
  const commentsOf = (post: SitePost): CommentsView => {
    let view = commentViews.get(post);
    if (!view) {
      const thread = threadOf(post);
      view = thread ? commentsSectionOf(site, post, thread, commentHtml) : { heading: '', open: false };
      commentViews.set(post, view);
    }
    return view;
  };
  const linkOf = (post: SitePost): string | undefined => {
    const thread = threadOf(post);
    return thread && commentsLinkText(site.locale, thread.count, thread.open);
  };
  const indexOf = postPlaces(site);
  const summaryOf = (post: SitePost): PostSummary | undefined => {
    const i = indexOf.get(post);
    return i === undefined ? undefined : summarise(post, metas[i] as Omit<RenderedPost, 'html'>, site.locale, linkOf(post));
  };
  // A summary is made from the model, the post's rendering and its comment count.
  const summaryDepsOf = (post: SitePost): string[] | undefined => {
    const rendering = bodies.renderingOf(post.source);
    return rendering && [prepared.siteKey, rendering.key, rendering.htmlHash, linkOf(post) ?? ''];
  };
  // A section without comments is made from the model and whether it is open; one with
  // comments is named by a hash of all it shows.
  const commentsKeyOf = (post: SitePost): string => {
    const thread = threadOf(post);
    if (!thread) return 'none';
    if (thread.count === 0) return thread.open ? 'empty, open' : 'empty, closed';
    return hash('sha256', JSON.stringify(commentsOf(post)));
  };
  // The search indexes are made on another thread while the pages render; only changed ones.
  const indexing = site.search
    ? startSearchIndex(
      searchShards(site.search, config.language, bodies.bodyKeyOf, `pagefind ${installedVersion('pagefind')}`),
      (shard) => shard.documents.map((doc) => searchRecord(doc, bodies.bodyOf(doc.source), config.language)),
      path.join(cacheDir(prepared.root), 'search'))
    : undefined;
  const copies: FileCopy[] = staticFiles.map((file) => ({ from: path.join(dirs.static, file), to: file }));
  if (made) copies.push(...made.copies);
  for (const post of site.documents) {
    const pageDir = path.posix.dirname(post.outputPath);
    const bundleDir = path.dirname(path.join(dirs.posts, post.source));
    for (const asset of post.assets) copies.push({ from: path.join(bundleDir, asset), to: `${pageDir}/${asset}` });
  }
  const favicon = ['favicon.svg', 'favicon.ico', 'favicon.png'].find((f) => staticFiles.includes(f));
  // The site's filters and tags are code: named by what they are, as plugins are.
  const extensions = Object.entries(config.templates).flatMap(([kind, named]) =>
    Object.entries(named).map(([name, value]) => `${kind}:${name}:${typeof value === 'function' ? prepared.markdown.identify(value as () => unknown) : JSON.stringify(value, (_k, v: unknown) => (typeof v === 'function' ? String(v) : v))}`));
  const key = templatesKey(dirs.templates) + engineFingerprint(['render', 'site', 'i18n']) + (extensions.length > 0 ? hash('sha256', extensions.join('\0')) : '');
  const kept = options.caches?.templates;
  const templates = kept && kept.dir === dirs.templates && kept.key === key ? kept : newTemplates(dirs.templates, key, config.templates);
  if (options.caches) options.caches.templates = templates;
  // Page keys of the last build: kept in memory while watching, else from the cache folder.
  const keysFile = options.cache === false ? undefined : path.join(cacheDir(prepared.root), 'keys.bin');
  const loadKeys = () => (keysFile ? KeyMemo.load(keysFile, keysVersion()) : new KeyMemo());
  const keys = options.caches ? (options.caches.keys ??= loadKeys()) : keysFile ? loadKeys() : undefined;
  // A template that cannot be parsed, or names a missing partial, fails the build with every such problem at once.
  const layouts = unknownLayouts(site.documents, templates.engine);
  if (layouts.problems.length > 0) {
    indexing?.stop();
    return resultOf(prepared, false, [...diagnostics, ...layouts.problems], extra);
  }
  const broken = checkSiteTemplates(templates.engine, layouts.used);
  if (broken.length > 0) {
    indexing?.stop();
    return resultOf(prepared, false, [...diagnostics, ...broken], extra);
  }
  const pages = renderSite({
    site,
    engine: templates.engine,
    stylesheet: loadStylesheet(dirs.templates),
    ...(site.search ? { searchScript: loadThemeAsset(dirs.templates, 'search.js') } : {}),
    siteKey: prepared.siteKey,
    summaryOf,
    summaryDepsOf,
    commentsKeyOf,
    bodyOf: bodies.bodyOf,
    bodyKeyOf: bodies.bodyKeyOf,
    templatesKey: key,
    renderFile: templates.renderFile,
    commentsOf,
    commented: site.posts.filter((post) => (threadOf(post)?.count ?? 0) > 0),
    ...(favicon ? { favicon } : {}),
    ...(keys ? { keys } : {}),
    now: options.now ?? Date.now(),
  });

  // Output last, under a lock, into a staging folder that replaces the old output only on success.
  const { lock } = stagingPaths(outDir);
  const held = acquireLock(lock);
  if ('heldBy' in held) {
    indexing?.stop();
    return resultOf(prepared, false, [...diagnostics, diagnostic('error', 'OutputLocked', { file: displayPath(outDir) },
      `Another quire build (process ${held.heldBy}) is writing this output folder.`, 'Wait for it to finish, or stop it, then build again.')], extra);
  }
  const later: Array<() => void> = [];
  try {
    const writeStarted = performance.now();
    const reuse = reuseOptions(prepared.root, outDir);
    if (reuse && options.defer) reuse.defer = (task) => later.push(task);
    recoverOutput(outDir, reuse);
    let written: ReturnType<typeof writeSite>;
    const searchFiles = indexing && (() => {
      let made: ReturnType<SearchIndexing['finish']>;
      try {
        made = indexing.finish();
      } catch (error) {
        throw new ContentError([diagnostic('error', 'SearchFailed', { file: displayPath(outDir) },
          `The search index could not be made: ${error instanceof Error ? error.message : String(error)}`,
          'Build again; if it fails again, set search: false in the config and report the message.')]);
      }
      extra.search = { indexed: made.indexed, reused: made.reused };
      return made.copies;
    });
    try {
      written = writeSite(outDir, pages, copies, reuse, searchFiles);
    } catch (error) {
      indexing?.stop();
      keys?.discard();
      // Templates that failed while pages rendered: reported with the rest, nothing swapped in.
      if (error instanceof ContentError) return resultOf(prepared, false, [...diagnostics, ...error.diagnostics], extra);
      throw error;
    }
    if (keys) {
      keys.commit();
      if (keysFile) (options.idle ?? options.defer ?? runNow)(() => keys.save(keysFile, keysVersion()));
    }
    timings.pages = performance.now() - writeStarted;
    const done: Partial<BuildResult> = { ...extra, posts: site.posts.length, documents: site.documents.length, pages: written.pages, files: written.files, changed: written.changed };
    if (site.nextScheduled) done.nextScheduled = site.nextScheduled;
    return resultOf(prepared, true, diagnostics, done);
  } finally {
    // The lock is held until the writer's state is saved: another build reads it.
    if (later.length > 0 && options.defer) {
      options.defer(() => {
        try {
          for (const task of later) task();
        } finally {
          held.release();
        }
      });
    } else held.release();
  }
}

/** The resized copies each page's images ask for, from what their renderings recorded. */
function imageUses(documents: readonly SitePost[], metas: ReadonlyArray<Omit<RenderedPost, 'html'> | undefined>, images: SiteImages): ImageUse[] {
  const uses: ImageUse[] = [];
  documents.forEach((_post, i) => {
    for (const [dep] of metas[i]?.deps ?? []) {
      if (!dep.startsWith(imageDepPrefix)) continue;
      const sitePath = localPath(dep.slice(imageDepPrefix.length));
      const file = sitePath === undefined ? undefined : images.fileOf(sitePath);
      const facts = file && images.factsOf(file);
      if (!file || !facts || sitePath === undefined) continue;
      for (const variant of planImage(sitePath, facts, images.settings).variants) uses.push({ file, variant });
    }
  });
  return uses;
}

/**
 * The layouts posts and pages ask for (`layout: wide`), and an error for each that names no
 * template of the site or the theme, with the templates there are as the hint.
 */
function unknownLayouts(documents: readonly SitePost[], engine: Liquid): { used: string[]; problems: Diagnostic[] } {
  const used = [...new Set(documents.map(templateOf))];
  const missing = new Set(used.filter((name) => !hasTemplate(engine, name)));
  const problems = documents.filter((doc) => missing.has(templateOf(doc))).map((doc) => {
    const pos = doc.positions?.layout;
    const d = diagnostic('error', 'UnknownLayout', { file: doc.file, line: pos?.line ?? 1, column: pos?.column ?? 1 },
      `The layout "${doc.layout ?? ''}" is no template: there is no ${doc.layout ?? ''}.liquid in the templates folder or the theme.`,
      'Add templates/' + (doc.layout ?? '') + '.liquid (it may extend layouts/base as post.liquid does), or remove the layout line.');
    const frame = pos && frameOf(doc.file, pos.line, pos.column);
    if (frame) d.frame = frame;
    return d;
  });
  return { used: used.filter((name) => !missing.has(name)), problems };
}

/**
 * Between builds of a watching process: brings the writer's spare copy of the output up to
 * date (see `catchUpSpare`), so the next build writes only what it changes. Does nothing while
 * another build holds the output. Returns the files linked or removed.
 */
export function catchUpOutput(options: Pick<BuildOptions, 'root' | 'out'>): number {
  const root = path.resolve(options.root ?? '.');
  const outDir = path.resolve(root, options.out ?? 'dist');
  const held = acquireLock(stagingPaths(outDir).lock);
  if ('heldBy' in held) return 0;
  try {
    const reuse = reuseOptions(root, outDir);
    return reuse ? catchUpSpare(outDir, reuse) : 0;
  } finally {
    held.release();
  }
}

/**
 * Where the writer keeps the spare copy of the output: in the cache folder, when that is on the
 * same file system as the output (swapping copies is a rename); otherwise nothing is reused.
 */
function reuseOptions(root: string, outDir: string): ReuseOptions | undefined {
  const stateDir = path.join(cacheDir(root), `out-${hash('sha256', outDir).slice(0, 16)}`);
  try {
    mkdirSync(stateDir, { recursive: true });
    mkdirSync(path.dirname(outDir), { recursive: true });
    return statSync(stateDir).dev === statSync(path.dirname(outDir)).dev ? { stateDir } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Frames of rendering problems, by the read of the file (a new `BodyRef` each time the file is
 * read) and the problem: a watching process reports the same warnings build after build, and
 * reading hundreds of files again for them would take longer than the rebuild.
 */
const frames = new WeakMap<object, WeakMap<object, string | undefined>>();
function problemFrame(read: BodyRef | undefined, problem: object, make: () => string | undefined): string | undefined {
  if (!read) return make();
  let known = frames.get(read);
  if (!known) frames.set(read, (known = new WeakMap()));
  if (!known.has(problem)) known.set(problem, make());
  return known.get(problem);
}

function frameOf(file: string, line: number, column?: number): string | undefined {
  try {
    const text = readFileSync(file, 'utf8').replace(/\r\n?/g, '\n');
    return codeFrame(text, line, column);
  } catch {
    return undefined;
  }
}
