import type { SitePost } from '../site/site-post.js';
import type { CommentsView } from './comments-view.js';
import type { RenderFile } from './compiled-templates.js';
import type { Slot } from './page-plan.js';
import type { PostSummary, SiteView } from './views.js';

/**
 * One page of the site, declared by what it is made from. Its key, its place in the page plan
 * and its template data all follow from this one statement, so a page type cannot show
 * something its key leaves out:
 * - `model` is what it shows of the site model (plain data; posts inside it are shown as the
 *   model has them, and stand in its key for their summaries' keys);
 * - `lists` are the documents whose summaries it shows (`posts` in the template);
 * - `of` is the post or page it is the page of: its summary, body and, for a post, its comment
 *   section (`post` and `comments` in the template).
 * Summaries, bodies and comments reach a template only through `lists` and `of`.
 */
export interface PageSpec {
  outputPath: string;
  template: string;
  model: () => Record<string, unknown>;
  lists?: readonly SitePost[];
  of?: SitePost;
  /** The page's head (`page`) made from the summary of `of`, which its key already holds. */
  head?: (summary: PostSummary) => Record<string, unknown>;
}

/** What a build offers the pages it makes. */
export interface SpecBuild {
  /** Stands for the site model. */
  siteKey: string;
  view: SiteView;
  /** Key prefix of every page: templates and what every page shows of the site. */
  prefix: string;
  renderFile: RenderFile;
  /** The key of a document's summary; undefined for an object that is not one of the site's documents. */
  summaryKey: (post: object) => string | undefined;
  /** The key of a document's summary, which must be one of the site's. */
  keyOf: (post: SitePost) => string;
  summaryOf: (post: SitePost) => PostSummary;
  /** A summary with its listing entry rendered. */
  withSummaryHtml: (post: SitePost) => PostSummary & { summaryHtml: string };
  bodyOf: (source: string) => string;
  bodyKeyOf: (source: string) => string;
  commentsOf: (post: SitePost) => CommentsView;
  commentsKeyOf: (post: SitePost) => string;
}

/**
 * The page-plan slot of a spec. `placeOf` gives a shown document's position in the model, so
 * the plan remakes the page exactly when one of them changes.
 */
export function specSlot<B extends SpecBuild>(spec: PageSpec, placeOf: (post: SitePost) => number): Slot<B> {
  const { outputPath, template, lists = [], of } = spec;
  const shown = of ? [...lists, of] : lists;
  return {
    outputPath,
    posts: shown.map(placeOf),
    prefix: (b) => b.prefix,
    make: (b) => {
      let model: Record<string, unknown> | undefined;
      const modelData = () => (model ??= spec.model());
      const listed = lists.map(b.keyOf);
      const own = of && {
        summary: b.keyOf(of),
        body: b.bodyKeyOf(of.source),
        ...(of.kind === 'post' ? { comments: b.commentsKeyOf(of) } : {}),
      };
      return {
        deps: [b.siteKey, ...listed, ...(own ? Object.values(own) : [])],
        keyData: () => ({
          template,
          model: keyed(modelData(), b.summaryKey),
          ...(spec.lists ? { lists: listed } : {}),
          ...(own ? { of: { ...own, ...(of?.kind === 'post' ? { comments: b.commentsOf(of) } : {}) } } : {}),
        }),
        render: () => {
          const data: Record<string, unknown> = { site: b.view, ...modelData() };
          if (spec.lists) data.posts = lists.map(b.withSummaryHtml);
          if (of) {
            const summary = b.summaryOf(of);
            if (spec.head) data.page = spec.head(summary);
            data.post = { ...summary, html: b.bodyOf(of.source) };
            if (of.kind === 'post') data.comments = b.commentsOf(of);
          }
          return b.renderFile(template, data);
        },
      };
    },
  };
}

/**
 * Model data as a key holds it: each document inside replaced by its summary's key, which
 * changes with anything shown of it (and keeps keys of listings small).
 */
export function keyed(value: unknown, summaryKey: (post: object) => string | undefined): unknown {
  if (Array.isArray(value)) return value.map((item: unknown) => keyed(item, summaryKey));
  if (value === null || typeof value !== 'object') return value;
  const key = summaryKey(value);
  if (key !== undefined) return key;
  const out: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) out[name] = keyed(item, summaryKey);
  return out;
}
