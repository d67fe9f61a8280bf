import { hash } from 'node:crypto';
import path from 'node:path';
import { basePath } from '../config/site-config.js';
import { listFiles } from '../content/list-files.js';
import { fileFrame } from '../diagnostics/code-frame.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath } from '../diagnostics/display-path.js';
import { engineFingerprint } from '../engine-fingerprint.js';
import { keptModel } from '../incremental/build-caches.js';
import { rememberedFacts } from '../incremental/file-stamps.js';
import { postFingerprint } from '../incremental/read-cache.js';
import { imageExtension, readImageFacts, siteImages, type SiteImages } from '../markdown/image-plan.js';
import { sourceKey } from '../markdown/link-outcome.js';
import { buildSite, type Site } from '../site/build-site.js';
import { attachComments, type SiteComments } from '../site/comments.js';
import type { Configured } from './config-stage.js';
import type { Content } from './content-stage.js';
import type { Run } from './run.js';

/** The site model and what is known with it: every URL, comment thread and file the output will hold. */
export interface Modeled {
  readonly site: Site;
  /** A hash of everything the site model is made from (see `modelKey`): stands for the model in page keys. */
  readonly siteKey: string;
  readonly comments: SiteComments;
  /** The static folder's files, `/`-separated, relative to it. */
  readonly staticFiles: readonly string[];
  /** With images resized (`images` not false): the site's image files, by site path. */
  readonly images: { readonly site: SiteImages; readonly files: ReadonlyArray<readonly [string, string]> } | undefined;
  /** The URL of the document at a source path (as links name it), if it is published. */
  readonly urlOf: (source: string) => string | undefined;
  /** Whether a source path is a document left out of this build (a draft, a scheduled post). */
  readonly isUnpublished: (source: string) => boolean;
}

/**
 * Places every post and page: URLs, listings, taxonomies, feeds, comment threads. After this
 * barrier every URL is known, before any HTML is made. The same inputs make the same model: a
 * watching process keeps it while no post's metadata changes.
 */
export function modelSite(run: Run, { config, dirs, configFile }: Configured, content: Content): Modeled {
  const drafts = run.options.drafts ?? false;
  const siteKey = modelKey(content, JSON.stringify(config), drafts, run.now);
  const shownConfig = configFile ? displayPath(configFile) : 'quire.config.yaml';
  const { site, diagnostics } = keptModel(run.options.caches, siteKey, (placed) =>
    buildSite(content.posts, config, { drafts, now: run.now, pagesPrefix: content.pagesPrefix, configFile: shownConfig, locale: content.locale, placed }));
  for (const d of diagnostics) {
    const frame = d.file && d.line && !d.frame ? fileFrame(d.file, d.line, d.column) : undefined;
    if (frame) d.frame = frame;
  }
  run.diagnostics.push(...diagnostics);
  const attached = attachComments(site, content.comments, { now: run.now, knownSlugs: new Set(content.posts.map((post) => post.slug)) });
  run.diagnostics.push(...attached.diagnostics);
  run.lap('model');

  // Static files and bundle assets are known here too: posts show images by their site paths.
  const staticFiles = listFiles(dirs.static, (relative, why) => {
    run.diagnostics.push(diagnostic('warning', 'SourceSymlink', { file: displayPath(path.join(dirs.static, relative)) },
      why === 'loop' ? 'This symbolic link loops back on itself; it is skipped.'
        : why === 'broken' ? 'This symbolic link points at nothing; it is skipped.'
          : 'This symbolic link points outside the static folder; it is skipped.',
      'Copy the file into the static folder instead of linking to it.'));
  });
  const imageFiles = config.images ? imageFilesOf(site, staticFiles, dirs, basePath(config)) : undefined;
  const allSources = new Set(content.posts.map((post) => post.source));
  const key = sourceKey(dirs.posts);
  // A watching process reads an image's header again only when the file changed.
  const caches = run.options.caches;
  const readFacts = caches ? rememberedFacts(caches.imageFacts ??= new Map(), run.stampOf, readImageFacts) : readImageFacts;
  return {
    site, siteKey, comments: attached.comments, staticFiles,
    images: imageFiles && config.images ? { site: siteImages(config.images, new Map(imageFiles), readFacts), files: imageFiles } : undefined,
    urlOf: (source) => site.bySource.get(key(source))?.url,
    isUnpublished: (source) => allSources.has(key(source)) && !site.bySource.has(key(source)),
  };
}

/**
 * A hash of everything the site model is made from: quire's code for it, the config, the
 * theme's strings, and each post as read with its assets and which side of the clock it is on.
 * Equal keys, equal models: pages made from the model alone keep their keys from one process
 * to the next by it.
 */
function modelKey(content: Content, config: string, drafts: boolean, now: number): string {
  const parts = [engineFingerprint(['site', 'content', 'config', 'i18n']), config, String(drafts), content.locale.key];
  for (const post of content.posts) {
    parts.push(content.fingerprints.get(post.source) ?? postFingerprint(post), post.assets.join('\u0001'), post.time <= now ? 'p' : 'f');
  }
  return hash('sha256', parts.join('\0'));
}

/** Every image file of the site (static files, bundle assets) by the site path it is served at. */
function imageFilesOf(site: Site, staticFiles: readonly string[], dirs: Configured['dirs'], base: string): Array<[string, string]> {
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
