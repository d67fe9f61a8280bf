import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from './config/load-config.js';
import type { SiteConfig } from './config/site-config.js';
import { listFiles } from './content/list-files.js';
import { readComments } from './content/read-comments.js';
import { readPosts } from './content/read-posts.js';
import { codeFrame } from './diagnostics/code-frame.js';
import { ContentError, diagnostic, hasErrors, type Diagnostic } from './diagnostics/diagnostic.js';
import { createProcessor } from './markdown/create-processor.js';
import { createCommentProcessor, renderComment } from './markdown/render-comment.js';
import { renderPost, type RenderedPost } from './markdown/render-post.js';
import { renderSite, summarise } from './render/render-site.js';
import { createTemplateEngine } from './render/template-engine.js';
import { loadStylesheet } from './render/theme-assets.js';
import { commentsLinkText, commentsSection } from './render/comments-view.js';
import type { CommentsView, PostSummary } from './render/views.js';
import { attachComments, type ThreadedComment } from './site/comments.js';
import { buildSite, type Site } from './site/build-site.js';
import { checkOutputDir } from './output/check-output-dir.js';
import { acquireLock } from './output/lock.js';
import { recoverOutput, stagingPaths, writeSite, type FileCopy } from './output/write-site.js';
import { displayPath } from './diagnostics/display-path.js';

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
}

/** What a build did. */
export interface BuildResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  posts: number;
  pages: number;
  files: number;
  ms: number;
  outDir: string;
  skipped: { drafts: number; future: number };
  nextScheduled?: Site['nextScheduled'];
}

/**
 * Builds the site: config → read posts → site model → render bodies → render pages → write.
 * Returns every diagnostic found. Nothing is written unless the build has no errors; then the
 * output folder is replaced as a whole.
 */
export function build(options: BuildOptions = {}): BuildResult {
  const started = performance.now();
  const root = path.resolve(options.root ?? '.');
  const outDir = path.resolve(root, options.out ?? 'dist');
  const result = (ok: boolean, diagnostics: Diagnostic[], extra: Partial<BuildResult> = {}): BuildResult => ({
    ok, diagnostics, posts: 0, pages: 0, files: 0, ms: performance.now() - started, outDir,
    skipped: { drafts: 0, future: 0 }, ...extra,
  });

  // Config first: every later stage depends on it (time zone, permalinks, base URL).
  let config: SiteConfig;
  const diagnostics: Diagnostic[] = [];
  try {
    const loaded = loadConfig(root, options.config);
    config = loaded.config;
    diagnostics.push(...loaded.warnings);
  } catch (error) {
    if (error instanceof ContentError) return result(false, error.diagnostics);
    throw error;
  }
  if (options.baseUrl !== undefined) {
    try {
      const url = new URL(options.baseUrl);
      config.baseUrl = url.href.endsWith('/') ? url.href : `${url.href}/`;
    } catch {
      return result(false, [diagnostic('error', 'ConfigInvalid', undefined, `--base-url "${options.baseUrl}" is not an absolute URL.`, 'Pass a URL such as https://example.com/blog/')]);
    }
  }
  const dirs = {
    posts: path.resolve(root, options.src ?? config.dirs.posts),
    static: path.resolve(root, config.dirs.static),
    templates: path.resolve(root, config.dirs.templates),
  };
  const unsafe = checkOutputDir(outDir, [root, ...Object.values(dirs), path.resolve(root, config.dirs.comments)]);
  if (unsafe) return result(false, [unsafe]);

  // Read every post before placing any: the site model needs all of them.
  const read = readPosts(dirs.posts, config);
  diagnostics.push(...read.diagnostics);
  // Stored comments, read like posts; which post each belongs to is checked against the model.
  const stored = config.comments.enabled ? readComments(path.resolve(root, config.dirs.comments), config) : { comments: [], diagnostics: [] };
  diagnostics.push(...stored.diagnostics);

  // The barrier: every post and URL is known before any HTML is rendered.
  const now = options.now ?? Date.now();
  const { site, diagnostics: siteProblems } = buildSite(read.posts, config, { drafts: options.drafts ?? false, now });
  diagnostics.push(...siteProblems);
  const attached = attachComments(site, stored.comments, { now, knownSlugs: new Set(read.posts.map((post) => post.slug)) });
  diagnostics.push(...attached.diagnostics);

  // Bodies next: links between posts resolve through the finished model.
  const processor = createProcessor({ rawHtml: config.rawHtml });
  const urlOf = (source: string) => site.bySource.get(source)?.url;
  const allSources = new Set(read.posts.map((post) => post.source));
  const isUnpublished = (source: string) => allSources.has(source) && !site.bySource.has(source);
  const rendered = new Map<string, RenderedPost>();
  for (const post of site.posts) {
    const body = renderPost(post, processor, urlOf, isUnpublished);
    for (const problem of body.problems) {
      const d = diagnostic(problem.severity, problem.code, { file: post.file, line: problem.line, column: problem.column }, problem.message,
        problem.code === 'BrokenPostLink' ? 'Check the file name, or link to the page URL instead.' : undefined);
      const frame = problem.line ? frameOf(post.file, problem.line, problem.column) : undefined;
      if (frame) d.frame = frame;
      diagnostics.push(d);
    }
    rendered.set(post.source, body);
  }
  // Comment bodies: untrusted, so always through the comment schema, whatever `rawHtml` says.
  const commentProcessor = createCommentProcessor();
  const commentHtml = new Map<ThreadedComment, string>();
  for (const { comment, post } of attached.comments.newest) {
    const body = renderComment(comment.body, commentProcessor, post.url);
    if (body.problem) diagnostics.push(diagnostic('error', 'CommentInvalid', { file: comment.file, line: comment.bodyLine }, body.problem));
    commentHtml.set(comment, body.html);
  }

  if (hasErrors(diagnostics, options.strict)) return result(false, diagnostics, { skipped: site.skipped });

  const summaries = new Map<string, PostSummary>();
  const commentViews = new Map<string, CommentsView>();
  for (const post of site.posts) {
    const summary = summarise(post, rendered.get(post.source) as RenderedPost);
    const thread = attached.comments.byPost.get(post.source);
    if (config.comments.enabled && thread) {
      commentViews.set(post.source, commentsSection(site, post, thread, (comment) => commentHtml.get(comment) ?? ''));
      const link = commentsLinkText(thread.count, thread.open);
      if (link) summary.commentsLink = link;
    }
    summaries.set(post.source, summary);
  }
  const staticFiles = listFiles(dirs.static);
  const copies: FileCopy[] = staticFiles.map((file) => ({ from: path.join(dirs.static, file), to: file }));
  for (const post of site.posts) {
    const pageDir = path.posix.dirname(post.outputPath);
    const bundleDir = path.dirname(path.join(dirs.posts, post.source));
    for (const asset of post.assets) copies.push({ from: path.join(bundleDir, asset), to: `${pageDir}/${asset}` });
  }
  const favicon = ['favicon.svg', 'favicon.ico', 'favicon.png'].find((f) => staticFiles.includes(f));
  const engine = createTemplateEngine(dirs.templates);
  // With comments switched off, a post page has no comment section at all (the template checks `heading`).
  const commentsOf = (post: { source: string }): CommentsView => commentViews.get(post.source) ?? { heading: '', open: false };
  const pages = renderSite({
    site,
    engine,
    stylesheet: loadStylesheet(dirs.templates),
    summaries,
    bodyOf: (source) => rendered.get(source)?.html ?? '',
    commentsOf,
    ...(favicon ? { favicon } : {}),
  });

  // Output last, under a lock, into a staging folder that replaces the old output only on success.
  const { lock } = stagingPaths(outDir);
  const held = acquireLock(lock);
  if ('heldBy' in held) {
    return result(false, [...diagnostics, diagnostic('error', 'OutputLocked', { file: displayPath(outDir) },
      `Another quire build (process ${held.heldBy}) is writing this output folder.`, 'Wait for it to finish, or stop it, then build again.')]);
  }
  try {
    recoverOutput(outDir);
    const written = writeSite(outDir, pages, copies);
    const done: Partial<BuildResult> = { posts: site.posts.length, pages: written.pages, files: written.files, skipped: site.skipped };
    if (site.nextScheduled) done.nextScheduled = site.nextScheduled;
    return result(true, diagnostics, done);
  } finally {
    held.release();
  }
}

function frameOf(file: string, line: number, column?: number): string | undefined {
  try {
    const text = readFileSync(file, 'utf8').replace(/\r\n?/g, '\n');
    return codeFrame(text, line, column);
  } catch {
    return undefined;
  }
}
