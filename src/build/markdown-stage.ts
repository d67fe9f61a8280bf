import { hash } from 'node:crypto';
import type { BodyRef } from '../content/body-ref.js';
import { loadBody } from '../content/read-posts.js';
import { fileFrame } from '../diagnostics/code-frame.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import { renderCacheFor } from '../incremental/build-caches.js';
import { problemFrame } from '../incremental/problem-frames.js';
import type { CachedRendering, RenderInputs } from '../incremental/render-cache.js';
import { keepRenderHits, lastRenderHits, metaOf } from '../incremental/render-hits.js';
import { imageDepPrefix, imageOutcome } from '../markdown/image-plan.js';
import { linkOutcome } from '../markdown/link-outcome.js';
import type { PostSource, RenderedPost, RenderProblem } from '../markdown/render-post.js';
import type { Renderers } from '../markdown/renderers.js';
import type { ThreadedComment } from '../site/comments.js';
import type { Site } from '../site/build-site.js';
import { siteLinkChecker, siteLinkProblems, unpublishedUrls, type SiteLink, type SiteLinkCheck, type SiteLinkProblem } from '../site/site-links.js';
import type { SitePost } from '../site/site-post.js';
import type { Configured } from './config-stage.js';
import type { Content } from './content-stage.js';
import { runNow, type BuildOptions, type Run } from './run.js';
import type { Modeled } from './site-stage.js';

/** A rendering without its HTML (which stays in the render cache): what listings and checks need. */
export type BodyMeta = Omit<RenderedPost, 'html'>;

/** Which bodies the cache already holds, and where each body's HTML will come from. */
export interface Bodies {
  /** What rendering document `index` needs, its body read from the file. */
  sourceOf: (index: number) => PostSource;
  /** Indexes of documents to render. */
  readonly misses: readonly number[];
  /** Each document's rendering without its HTML, by index; complete once every miss is accepted. */
  readonly metas: ReadonlyArray<BodyMeta | undefined>;
  accept: (index: number, rendered: RenderedPost) => void;
  /** Calls `listener` with each document's index as its rendering is accepted. */
  whenAccepted: (listener: (index: number) => void) => void;
  /** Renders every miss in this thread. */
  renderMissesHere: (onProgress?: BuildOptions['onProgress']) => void;
  bodyOf: (source: string) => string;
  /** A body's HTML as rendered or cached, without rendering it again; undefined if the cache's copy is damaged. */
  storedBodyOf: (source: string) => string | undefined;
  /** A hash of a body's HTML, for page keys, without reading the body. */
  bodyKeyOf: (source: string) => string;
  /** A document's rendering in the render cache (its key and HTML hash); undefined without the cache. */
  renderingOf: (source: string) => { key: string; htmlHash: string } | undefined;
  /** Persists what the render cache learned. */
  save: () => void;
  readonly renderStarted: number;
}

/**
 * Looks every document up in the render cache. `renderers` gives the markdown pipeline for
 * documents rendered in this thread (misses, damaged entries); it is asked for only then.
 */
export function planBodies(run: Run, configured: Configured, content: Content, modeled: Modeled, renderers: () => Renderers): Bodies {
  const { site } = modeled;
  const cache = run.cacheDir === undefined ? undefined : renderCacheFor(run.cacheDir, configured.markdown.key, run.options.caches);
  // What a cached rendering depended on, as it is now: other posts' URLs, and its images' sizes.
  const images = modeled.images?.site;
  const outcomeOf = (dep: string) => (dep.startsWith(imageDepPrefix)
    ? (images ? imageOutcome(dep.slice(imageDepPrefix.length), images) : '!off')
    : linkOutcome(dep, modeled.urlOf, modeled.isUnpublished));
  const inputs: RenderInputs[] = [];
  const inputOf = (i: number): RenderInputs => {
    const post = site.documents[i] as SitePost;
    return (inputs[i] ??= { source: post.source, url: post.url, bodyLine: post.bodyLine, bodyHash: content.bodies.get(post.source)?.hash ?? '' });
  };
  const metas: Array<BodyMeta | undefined> = [];
  const htmlRefs = new Map<string, { key: string; htmlHash: string }>();
  const inMemory = new Map<string, string>();
  const misses: number[] = [];
  // The same model read from the same files found these entries last build: they still answer.
  const last = cache && lastRenderHits(site);
  const plan = { cache, refs: [] as Array<BodyRef | undefined>, hits: [] as Array<CachedRendering | undefined> };
  site.documents.forEach((post, i) => {
    const ref = content.bodies.get(post.source);
    const kept = last && last.cache === cache && last.refs[i] === ref ? last.hits[i] : undefined;
    const hit = kept && cache?.reuse(kept) ? kept : cache?.get(inputOf(i), outcomeOf);
    plan.refs.push(ref);
    plan.hits.push(hit);
    if (hit) {
      metas[i] = metaOf(hit);
      htmlRefs.set(post.source, hit);
    } else misses.push(i);
  });
  if (cache) keepRenderHits(site, plan);
  // Rendered search shard by search shard: each shard's index can be made once its own bodies are.
  const search = site.search;
  if (search && search.bundles.length > 1) {
    const shard = new Map(misses.map((i) => [i, search.shardOf(site.documents[i] as SitePost)]));
    misses.sort((a, b) => (shard.get(a) as number) - (shard.get(b) as number));
  }
  const listeners: Array<(index: number) => void> = [];
  // Bodies are read from their files only as each document is about to be rendered.
  const load = (post: SitePost) => loadBody(configured.dirs.posts, post.source, content.bodies.get(post.source));
  const sourceOf = (index: number): PostSource => {
    const post = site.documents[index] as SitePost;
    const loaded = load(post);
    if (!loaded) {
      run.diagnostics.push(diagnostic('error', 'SourceUnreadable', { file: post.file }, 'This file changed or vanished while the site was being built.', 'Build again.'));
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
    for (const listener of listeners) listener(index);
  };
  const render = (post: PostSource) => {
    const { settings, key, identify } = configured.markdown;
    const all = renderers();
    const pipeline = all.pipeline(settings, key, identify);
    if (pipeline.notice && !run.notices.includes(pipeline.notice)) run.notices.push(pipeline.notice);
    return all.post(pipeline, post, modeled.urlOf, modeled.isUnpublished, images);
  };
  const renderMissesHere = (onProgress?: BuildOptions['onProgress']) => {
    misses.forEach((index, k) => {
      accept(index, render(sourceOf(index)));
      onProgress?.('render', k + 1, misses.length);
    });
  };
  const storedBodyOf = (source: string): string | undefined => {
    const kept = inMemory.get(source);
    if (kept !== undefined) return kept;
    const ref = htmlRefs.get(source);
    return ref && cache?.html(ref.key, ref.htmlHash);
  };
  const bodyOf = (source: string): string => {
    const html = storedBodyOf(source);
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
  run.timings.cache = performance.now() - run.started - Object.values(run.timings).reduce((a, b) => a + b, 0);
  // Once: the cache forgets what it was used for as it saves, and would then drop it all.
  let saved = false;
  const save = () => {
    if (saved) return;
    saved = true;
    cache?.save(new Set(site.documents.map((post) => post.source)), new Set(content.posts.map((post) => post.source)));
  };
  return { sourceOf, misses, metas, accept, whenAccepted: (listener) => listeners.push(listener), renderMissesHere, bodyOf, storedBodyOf, bodyKeyOf, renderingOf: (source) => htmlRefs.get(source), save, renderStarted: performance.now() };
}

/**
 * The last link checker made for a model. A watching process keeps the model while no post's
 * metadata changes, and each save would otherwise list every file the build writes again.
 * Key: the model (by identity), the static files and the unpublished posts' URLs. Invalid: when
 * either list differs.
 */
const checkers = new WeakMap<Site, { key: string; check: SiteLinkCheck }>();

function keptChecker(site: Site, staticFiles: readonly string[], unpublished: readonly string[]): SiteLinkCheck {
  const key = `${staticFiles.join('\0')}\u0001${unpublished.join('\0')}`;
  const kept = checkers.get(site);
  if (kept?.key === key) return kept.check;
  const check = siteLinkChecker(site, staticFiles, unpublished);
  checkers.set(site, { key, check });
  return check;
}

/**
 * A document's link problems as its links were last checked. Key: the rendering's list of links
 * (by identity: a kept rendering keeps it) and the checker. Invalid: with another checker.
 */
const linkProblems = new WeakMap<readonly SiteLink[], { check: SiteLinkCheck; problems: readonly SiteLinkProblem[] }>();

function keptLinkProblems(links: readonly SiteLink[], check: SiteLinkCheck): readonly SiteLinkProblem[] {
  const kept = linkProblems.get(links);
  if (kept?.check === check) return kept.problems;
  const problems = siteLinkProblems(links, check);
  linkProblems.set(links, { check, problems });
  return problems;
}

const renderHints: Partial<Record<RenderProblem['code'], string>> = {
  BrokenPostLink: 'Check the file name, or link to the page URL instead.',
  PluginFailed: 'The error is the plugin\'s: check its options in the config, or what it expects of the post at that place.',
  UnsafeLink: 'Link to an http(s) address, or write the text without a link.',
  MissingImage: 'Put the image beside the post (a folder with index.md) or in the static folder, or correct the path.',
};

/**
 * Ends the markdown stage once every body is rendered: the problems renderings recorded become
 * diagnostics at their file and line, and the newest comments' bodies are rendered (the
 * comment feed and their posts show them). Returns each document's rendering and each comment's HTML.
 */
export function finishBodies(run: Run, content: Content, modeled: Modeled, bodies: Bodies, renderers: () => Renderers): { metas: readonly BodyMeta[]; commentHtml: ReadonlyMap<ThreadedComment, string> } {
  run.timings.render = performance.now() - bodies.renderStarted;
  (run.options.defer ?? runNow)(bodies.save);
  const metas = bodies.metas as readonly BodyMeta[];
  modeled.site.documents.forEach((post, i) => {
    const problems = metas[i]?.problems ?? [];
    if (problems.length === 0) return;
    const read = content.bodies.get(post.source);
    for (const problem of problems) {
      const d = diagnostic(problem.severity, problem.code, { file: post.file, line: problem.line, column: problem.column },
        problem.rule ? `${problem.message} (${problem.rule})` : problem.message, renderHints[problem.code]);
      const { line, column } = problem;
      const frame = line ? problemFrame(read, line, column, () => fileFrame(post.file, line, column)) : undefined;
      if (frame) d.frame = frame;
      run.diagnostics.push(d);
    }
  });
  // Links written as site URLs, checked against every page and file this build writes; the
  // checker is made only when some document has such a link.
  let checker: SiteLinkCheck | undefined;
  const check = () => (checker ??= keptChecker(modeled.site, modeled.staticFiles, unpublishedUrls(content.posts, modeled.site, content.pagesPrefix)));
  modeled.site.documents.forEach((post, i) => {
    const links = metas[i]?.siteLinks;
    if (!links || links.length === 0) return;
    const read = content.bodies.get(post.source);
    for (const { severity, code, line, column, message, hint } of keptLinkProblems(links, check())) {
      const d = diagnostic(severity, code, { file: post.file, line, column }, message, hint);
      const frame = problemFrame(read, line, column, () => fileFrame(post.file, line, column));
      if (frame) d.frame = frame;
      run.diagnostics.push(d);
    }
  });
  const commentHtml = new Map<ThreadedComment, string>();
  for (const { comment, post } of modeled.comments.newest) {
    const body = renderers().comment(comment.body, post.url);
    if (body.problem) run.diagnostics.push(diagnostic('error', 'CommentInvalid', { file: comment.file, line: comment.bodyLine }, body.problem));
    commentHtml.set(comment, body.html);
  }
  run.report.rendered = bodies.misses.length;
  run.report.skipped = modeled.site.skipped;
  return { metas, commentHtml };
}
