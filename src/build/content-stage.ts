import path from 'node:path';
import type { BodyRef } from '../content/body-ref.js';
import type { Post } from '../content/post.js';
import type { Comment } from '../content/comment.js';
import { readComments } from '../content/read-comments.js';
import { readPosts } from '../content/read-posts.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath } from '../diagnostics/display-path.js';
import { loadLocale, type Locale } from '../i18n/locale.js';
import { readCacheFor } from '../incremental/build-caches.js';
import type { Configured } from './config-stage.js';
import type { Run } from './run.js';

/** Every post and page as read (bodies stay in their files), the stored comments, the theme's strings. */
export interface Content {
  readonly posts: readonly Post[];
  /** Where each document's body is, by source (bodies are not kept in memory). */
  readonly bodies: ReadonlyMap<string, BodyRef>;
  /** Each document's fingerprint as its read cache knows it, by source. */
  readonly fingerprints: ReadonlyMap<string, string>;
  readonly comments: readonly Comment[];
  /** Pages' sources are named from the posts folder: this is the way there (`../pages/`). */
  readonly pagesPrefix: string;
  readonly locale: Locale;
}

/**
 * Reads every post, page and stored comment. Each bad file is a diagnostic and the others are
 * still read, so the author sees every problem at once; unchanged files come from the read cache.
 */
export function readContent(run: Run, { config, dirs }: Configured): Content {
  const { options } = run;
  const postScope = `${config.timeZone}\0${displayPath(dirs.posts)}`;
  const postCache = readCacheFor(run.cacheDir, 'posts', postScope, options.caches);
  const posts = readPosts(dirs.posts, config, postCache);
  if (!options.caches) postCache?.save();
  // Pages are read like posts, their sources named from the posts folder (see `Post.source`).
  const pagesPrefix = `${path.relative(dirs.posts, dirs.pages).split(path.sep).join('/')}/`;
  const pageCache = readCacheFor(run.cacheDir, 'pages', `${config.timeZone}\0${displayPath(dirs.pages)}\0${pagesPrefix}`, options.caches);
  const pages = readPosts(dirs.pages, config, pageCache, { kind: 'page', sourcePrefix: pagesPrefix });
  if (!options.caches) pageCache?.save();
  run.diagnostics.push(...posts.diagnostics, ...pages.diagnostics);
  // Which post each comment belongs to is checked against the model.
  const stored = config.comments.enabled ? readComments(path.resolve(run.root, config.dirs.comments), config) : { comments: [], diagnostics: [] };
  run.diagnostics.push(...stored.diagnostics);
  // The theme's strings in the site's language: its own language files first, then the theme's.
  const { locale, problems } = loadLocale(config.language, config.strings, [path.join(dirs.templates, 'i18n')]);
  for (const problem of problems) {
    run.diagnostics.push(diagnostic('error', 'LanguageFile', { file: displayPath(problem.file) }, problem.message, problem.hint));
  }
  run.lap('read');
  return {
    posts: [...posts.posts, ...pages.posts],
    bodies: new Map([...posts.bodies, ...pages.bodies]),
    fingerprints: new Map([...posts.fingerprints, ...pages.fingerprints]),
    comments: stored.comments,
    pagesPrefix,
    locale,
  };
}
