import type { Keys } from './page-keys.js';
import type { Page } from './page.js';

/**
 * One page of a site model. The model fixes where it goes and which posts it shows; everything
 * else comes from the build that asks for it (`C`): the keys of those posts, their summaries
 * and bodies, the templates.
 */
export interface Slot<C> {
  outputPath: string;
  /**
   * Positions, in the model's list of posts, of the posts the page shows. The page's `deps`
   * may name only the model's key and these posts' keys (see `PagePlan.pages`).
   */
  posts: readonly number[];
  /** The key's prefix (templates, site settings) in the build `ctx`. */
  prefix: (ctx: C) => string;
  /** The page as the build `ctx` makes it. */
  make: (ctx: C) => MadePage;
}

/** A page as one build makes it. */
export interface MadePage {
  /** What the page is made from, as `KeyMemo.keyBy` takes it. */
  deps: unknown[];
  /** What its key hashes when its `deps` are not enough to reuse the last one. */
  keyData: () => unknown;
  render: () => string;
}

/** A step of the site's pages: a slot, or pages made afresh by every build (given contents). */
export type Step<C> = Slot<C> | ((ctx: C) => Iterable<Page>);

/**
 * The pages of one site model, with what each depended on when last made. A watching process
 * keeps the model while no post's metadata changes, and an edit then changes the keys of a
 * few posts: only the pages showing those posts are made again to find their keys; every other
 * page hands its last `deps` (the very same array) to the key memo, which reuses its key at
 * once. Making each of 16,000 pages' data again just to find it unchanged was most of a rebuild.
 */
export class PagePlan<C> {
  /** Each slot's deps as last made, by step. */
  private readonly deps: Array<unknown[] | undefined> = [];
  /** The keys of each post when those deps were made (see `pages`), and of the model. */
  private postKeys: readonly string[] = [];
  private modelKey: string | undefined;
  /** Whether the last build went through every step: otherwise some deps may be older than `postKeys`. */
  private complete = false;

  constructor(private readonly steps: readonly Step<C>[]) {}

  /**
   * The pages of a build, in order. `postKeys` holds `perPost` strings for each post of the
   * model, by position, that together change whenever anything a page may show of the post
   * does (its summary, comments, body); `modelKey` stands for the model.
   */
  *pages(ctx: C, modelKey: string, postKeys: readonly string[], perPost: number, keys: Keys): Generator<Page> {
    const trusted = this.complete && this.modelKey === modelKey && this.postKeys.length === postKeys.length;
    const dirty = new Uint8Array(postKeys.length / perPost);
    for (let i = 0; i < postKeys.length; i++) if (!trusted || this.postKeys[i] !== postKeys[i]) dirty[Math.floor(i / perPost)] = 1;
    this.complete = false;
    this.postKeys = postKeys;
    this.modelKey = modelKey;
    for (let i = 0; i < this.steps.length; i++) {
      const step = this.steps[i] as Step<C>;
      if (typeof step === 'function') {
        yield* step(ctx);
        continue;
      }
      let made: MadePage | undefined;
      let deps = this.deps[i];
      if (!deps || showsAny(step.posts, dirty)) {
        made = step.make(ctx);
        deps = made.deps;
        this.deps[i] = deps;
      }
      const make = () => (made ??= step.make(ctx));
      const key = keys.keyBy(step.outputPath, step.prefix(ctx), deps, () => make().keyData());
      yield { outputPath: step.outputPath, key, render: () => make().render() };
    }
    this.complete = true;
  }
}

function showsAny(posts: readonly number[], dirty: Uint8Array): boolean {
  for (const p of posts) if (dirty[p] === 1) return true;
  return false;
}
