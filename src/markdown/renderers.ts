import { createProcessors, type PostProcessors } from './create-processor.js';
import { createCommentProcessor, renderComment, type CommentProcessor, type RenderedComment } from './render-comment.js';
import { renderPost, type PostSource, type RenderedPost } from './render-post.js';

/**
 * The markdown pipeline as a build uses it in its own thread. A build loads it only when it
 * has something to render there: a build whose posts are all cached, with workers for the
 * rest, never pays for loading it.
 */
export interface Renderers {
  post(post: PostSource, rawHtml: boolean, urlOf: (source: string) => string | undefined, isUnpublished: (source: string) => boolean): RenderedPost;
  comment(body: string, pageUrl: string): RenderedComment;
}

// Made on first use and kept: a watching process renders a post or two per build, and a fresh
// processor takes longer to warm up than that.
const processors = new Map<boolean, PostProcessors>();
let commentProcessor: CommentProcessor | undefined;

export const renderers: Renderers = {
  post(post, rawHtml, urlOf, isUnpublished) {
    let made = processors.get(rawHtml);
    if (!made) processors.set(rawHtml, (made = createProcessors({ rawHtml })));
    return renderPost(post, made, urlOf, isUnpublished);
  },
  comment(body, pageUrl) {
    // Comment bodies are untrusted: always through the comment schema, whatever `rawHtml` says.
    return renderComment(body, (commentProcessor ??= createCommentProcessor()), pageUrl);
  },
};
