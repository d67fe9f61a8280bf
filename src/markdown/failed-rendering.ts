import type { RenderedPost, RenderProblem } from './render-post.js';

/**
 * The rendering of a post that could not be rendered: nothing but the problem saying why. A
 * module of its own: the worker pool, loaded by every build, needs it without the renderer.
 */
export function failedRendering(problem: RenderProblem): RenderedPost {
  return { html: '', excerptHtml: '', hasMore: false, summary: '', words: 0, readingMinutes: 0, deps: [], problems: [problem] };
}
