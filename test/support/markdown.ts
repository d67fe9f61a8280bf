/**
 * Renders a markdown body the way the build does, for unit tests of the markdown stage.
 *
 * @module
 */
import { defaultConfig, type ParserChoice } from '../../src/config/site-config.js';
import { createPipeline, type Pipeline } from '../../src/markdown/pipeline.js';
import { renderPost, type RenderedPost } from '../../src/markdown/render-post.js';

const pipelines = new Map<string, Pipeline>();
/** The pipeline of a site without plugins, by raw-HTML setting and parser. */
export function plainPipeline(rawHtml = false, parser: ParserChoice = 'native'): Pipeline {
  const key = `${rawHtml}:${parser}`;
  let pipeline = pipelines.get(key);
  if (!pipeline) pipelines.set(key, (pipeline = createPipeline({ rawHtml, markdown: { ...defaultConfig.markdown, parser }, root: process.cwd() })));
  return pipeline;
}

/** Options for {@link renderBody}. */
export interface RenderBodyOptions {
  rawHtml?: boolean;
  /** Which parser reads the body (default: satteri). */
  parser?: ParserChoice;
  /** The post's path in the source folder. Default `post.md`. */
  source?: string;
  /** The post's URL path. Default `/blog/2024/01/post/`. */
  url?: string;
  /** File line on which the body starts. Default 1. */
  bodyLine?: number;
  /** Post URLs by source path. */
  posts?: Record<string, string>;
  /** Source paths of drafts and scheduled posts. */
  unpublished?: string[];
}

/** Renders `body` with the default (or raw-HTML) processor. */
export function renderBody(body: string, options: RenderBodyOptions = {}): RenderedPost {
  const pipeline = plainPipeline(options.rawHtml, options.parser);
  const posts = options.posts ?? {};
  return renderPost(
    { source: options.source ?? 'post.md', body, bodyLine: options.bodyLine ?? 1, url: options.url ?? '/blog/2024/01/post/' },
    pipeline,
    (source) => posts[source],
    (source) => options.unpublished?.includes(source) ?? false,
  );
}

/** Every `href="#x"` target and every `id` in an HTML fragment. */
export function anchorsAndIds(html: string): { anchors: string[]; ids: string[] } {
  const anchors = [...html.matchAll(/href="#([^"]*)"/g)].map((m) => m[1] ?? '');
  const ids = [...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1] ?? '');
  return { anchors, ids };
}
