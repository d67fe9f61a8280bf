import { createCommentProcessor, renderComment, type CommentProcessor, type RenderedComment } from './render-comment.js';
import { createPipeline, type Pipeline, type PipelineSettings } from './pipeline.js';
import type { SiteImages } from './image-plan.js';
import { renderPost, type PostSource, type RenderedPost } from './render-post.js';

/**
 * The markdown pipeline as a build uses it in its own thread. A build loads it only when it
 * has something to render there: a build whose posts are all cached, with workers for the
 * rest, never pays for loading it.
 */
export interface Renderers {
  /** The site's pipeline, made once per settings (see `pipelineFor`). */
  pipeline(settings: PipelineSettings, key: string, identify?: (fn: (...args: never[]) => unknown) => string): Pipeline;
  post(pipeline: Pipeline, post: PostSource, urlOf: (source: string) => string | undefined, isUnpublished: (source: string) => boolean, images?: SiteImages): RenderedPost;
  comment(body: string, pageUrl: string): RenderedComment;
}

// Made on first use and kept while the settings' key stays the same: a watching process renders
// a post or two per build, and a fresh pipeline takes longer to warm up than that.
// Key: the settings' key (quire's markdown code, settings and plugins). Invalid: when it differs.
let kept: { key: string; pipeline: Pipeline } | undefined;
let commentProcessor: CommentProcessor | undefined;

export const renderers: Renderers = {
  pipeline(settings, key, identify) {
    if (kept?.key !== key) kept = { key, pipeline: createPipeline(settings, identify) };
    return kept.pipeline;
  },
  post(pipeline, post, urlOf, isUnpublished, images) {
    return renderPost(post, pipeline, urlOf, isUnpublished, images);
  },
  comment(body, pageUrl) {
    // Comment bodies are untrusted: always through the comment schema, whatever `rawHtml` says.
    return renderComment(body, (commentProcessor ??= createCommentProcessor()), pageUrl);
  },
};
