import { hash } from 'node:crypto';
import path from 'node:path';
import type { Liquid } from 'liquidjs';
import type { SiteConfig } from '../config/site-config.js';
import { fileFrame } from '../diagnostics/code-frame.js';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { engineFingerprint } from '../engine-fingerprint.js';
import { keptTemplates, pageKeysFor, type BuildCaches } from '../incremental/build-caches.js';
import { commentsSectionOf } from '../incremental/comment-sections.js';
import type { KeyMemo } from '../incremental/page-keys.js';
import { templateRenderer } from '../render/compiled-templates.js';
import { commentsLinkText, type CommentsView } from '../render/comments-view.js';
import { checkSiteTemplates, renderSite, summarise, templateOf } from '../render/render-site.js';
import { createTemplateEngine, hasTemplate, templatesKey } from '../render/template-engine.js';
import { loadStylesheet, loadThemeAsset } from '../render/theme-assets.js';
import type { Page } from '../render/page.js';
import type { PostSummary } from '../render/views.js';
import type { ThreadedComment } from '../site/comments.js';
import { postPlaces } from '../site/build-site.js';
import type { SitePost } from '../site/site-post.js';
import type { Configured } from './config-stage.js';
import type { Bodies, BodyMeta } from './markdown-stage.js';
import { fail, type Failed, type Run } from './run.js';
import type { Modeled } from './site-stage.js';

/** The pages of the site, made as the output stage takes them, and the page keys they were keyed by. */
export interface Pages {
  readonly pages: Iterable<Page>;
  /** The page keys of this build, to commit once its output is in place; undefined with the cache off. */
  readonly keys: KeyMemo | undefined;
  /** Where the page keys persist for the next process. */
  readonly keysFile: string | undefined;
}

/**
 * Checks the templates (every problem at once) and plans every page: post and page views,
 * listings, feeds, sitemap. Pages are made lazily, as the output stage writes them, each from
 * the model, the bodies' HTML and the templates.
 */
export function planPages(run: Run, { config, dirs, markdown }: Configured, modeled: Modeled, bodies: Bodies, rendered: { metas: readonly BodyMeta[]; commentHtml: ReadonlyMap<ThreadedComment, string> }): Pages | Failed {
  // Pages are made only from content without errors.
  if (hasErrors(run.diagnostics, run.options.strict)) return fail(run);
  const { site, siteKey } = modeled;
  const { metas, commentHtml } = rendered;
  const threadOf = (post: SitePost) => (config.comments.enabled ? modeled.comments.byPost.get(post.source) : undefined);
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
    return i === undefined ? undefined : summarise(post, metas[i] as BodyMeta, site.locale, linkOf(post));
  };
  // A summary is made from the model, the post's rendering and its comment count.
  const summaryDepsOf = (post: SitePost): string[] | undefined => {
    const rendering = bodies.renderingOf(post.source);
    return rendering && [siteKey, rendering.key, rendering.htmlHash, linkOf(post) ?? ''];
  };
  // A section without comments is made from the model and whether it is open; one with
  // comments is named by a hash of all it shows.
  const commentsKeyOf = (post: SitePost): string => {
    const thread = threadOf(post);
    if (!thread) return 'none';
    if (thread.count === 0) return thread.open ? 'empty, open' : 'empty, closed';
    return hash('sha256', JSON.stringify(commentsOf(post)));
  };
  // The site's filters and tags are code: named by what they are, as plugins are.
  const extensions = Object.entries(config.templates).flatMap(([kind, named]) =>
    Object.entries(named).map(([name, value]) => `${kind}:${name}:${typeof value === 'function' ? markdown.identify(value as () => unknown) : JSON.stringify(value, (_k, v: unknown) => (typeof v === 'function' ? String(v) : v))}`));
  const key = templatesKey(dirs.templates) + engineFingerprint(['render', 'site', 'i18n']) + (extensions.length > 0 ? hash('sha256', extensions.join('\0')) : '');
  const templates = keptTemplates(run.options.caches, dirs.templates, key, () => newTemplates(dirs.templates, key, config.templates));
  // A template that cannot be parsed, or names a missing partial, fails the build with every such problem at once.
  const layouts = unknownLayouts(site.documents, templates.engine);
  if (layouts.problems.length > 0) return fail(run, layouts.problems);
  const broken = checkSiteTemplates(templates.engine, layouts.used);
  if (broken.length > 0) return fail(run, broken);
  const keysFile = run.cacheDir === undefined ? undefined : path.join(run.cacheDir, 'keys.bin');
  const keys = pageKeysFor(run.options.caches, keysFile, keysVersion());
  const favicon = ['favicon.svg', 'favicon.ico', 'favicon.png'].find((f) => modeled.staticFiles.includes(f));
  const pages = renderSite({
    site,
    engine: templates.engine,
    stylesheet: loadStylesheet(dirs.templates),
    ...(site.search ? { searchScript: loadThemeAsset(dirs.templates, 'search.js') } : {}),
    siteKey,
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
    now: run.now,
  });
  return { pages, keys, keysFile };
}

/** What saved page keys are valid for: this quire's code for every stage that makes pages. */
export function keysVersion(): string {
  return `keys-1\0${engineFingerprint(['config', 'content', 'site', 'markdown', 'render', 'i18n', 'incremental'])}`;
}

function newTemplates(dir: string, key: string, extensions: SiteConfig['templates']): NonNullable<BuildCaches['templates']> {
  const engine = createTemplateEngine(dir, extensions);
  return { dir, key, engine, renderFile: templateRenderer(engine) };
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
    const frame = pos && fileFrame(doc.file, pos.line, pos.column);
    if (frame) d.frame = frame;
    return d;
  });
  return { used: used.filter((name) => !missing.has(name)), problems };
}
