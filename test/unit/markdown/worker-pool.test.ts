/**
 * The worker pool: every post is answered exactly once, with what rendering it in this thread
 * gives, however the batches queued on a worker fare; a worker that runs out of time is
 * replaced, and the batch waiting behind it still gets rendered.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderPost, type PostSource, type RenderedPost } from '../../../src/markdown/render-post.js';
import { plainPipeline } from '../../support/markdown.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const compiled = path.join(repo, 'lib', 'markdown', 'worker-pool.js');

type Pool = typeof import('../../../src/markdown/worker-pool.js');
let pool: Pool | undefined;

beforeAll(async () => {
  // Workers run the compiled renderer: the pool is tested through lib/.
  if (existsSync(compiled)) pool = (await import(compiled)) as Pool;
  else if (process.env.CI) throw new Error('lib/ is missing: run npm run compile (npm ci does it).');
});

const posts: PostSource[] = Array.from({ length: 70 }, (_, i) => ({
  source: `post-${i}.md`,
  body: `# Post ${i}\n\nSome *text* with a [link](./post-${(i + 1) % 70}.md) and \`code\`.\n\n| a | b |\n| - | - |\n| ${i} | x |\n`,
  bodyLine: 4,
  url: `/posts/${i}/`,
}));
const urls = posts.map((p): [string, string] => [p.source, p.url]);
const plain = { rawHtml: false, root: repo, configFile: undefined, postsDir: repo, urls, unpublished: [] };

/** A site whose config has its posts read by remark-parse, which is quadratic on nested brackets. */
function remarkSite(): { root: string; configFile: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'quire-pool-'));
  const configFile = path.join(root, 'quire.config.yaml');
  writeFileSync(configFile, 'markdown:\n  parser: remark\n');
  return { root, configFile };
}

/** Renders `list` through the pool; each index's answers. */
async function throughPool(jobs: number, timeoutMs?: number, list = posts, site: { root: string; configFile: string | undefined } = plain): Promise<RenderedPost[][]> {
  const answers: RenderedPost[][] = list.map(() => []);
  await (pool as Pool).renderInWorkers(list.length, (i) => list[i] as PostSource, { ...plain, ...site }, jobs, (i, rendered) => {
    answers[i]?.push(rendered);
  }, timeoutMs);
  return answers;
}

const renderHere = (list: PostSource[]) => {
  const byUrl = new Map(urls);
  return list.map((post) => renderPost(post, plainPipeline(), (s) => byUrl.get(s), () => false));
};

describe.skipIf(!existsSync(compiled) && !process.env.CI)('renderInWorkers', () => {
  it('answers every post once, as this thread renders it, with two batches queued on each worker', async () => {
    const here = renderHere(posts);
    for (const jobs of [1, 2, 3]) {
      const answers = await throughPool(jobs);
      expect(answers.map((a) => a.length)).toEqual(posts.map(() => 1));
      expect(answers.map((a) => a[0])).toEqual(here);
    }
  });

  it('replaces a worker out of time: the batch queued behind it and the slow batch\'s other posts are rendered elsewhere', async () => {
    // 40,000 nested brackets take micromark about 10 s (quadratic); the other posts, milliseconds.
    // The workers read the site's config, which asks for remark-parse. The limit leaves a fresh
    // worker ample time to start and render a batch on a busy machine.
    const slow: PostSource = { source: 'slow.md', body: `${'['.repeat(40_000)}a${']'.repeat(40_000)}`, bodyLine: 1, url: '/slow/' };
    const list = [slow, ...posts];
    const answers = await throughPool(1, 3500, list, remarkSite());
    expect(answers.map((a) => a.length)).toEqual(list.map(() => 1));
    expect(answers[0]?.[0]?.problems.map((p) => p.code)).toEqual(['MarkdownFailed']);
    expect(answers.slice(1).map((a) => a[0])).toEqual(renderHere(posts));
  }, 60_000);

  it('rejects, and only once, when a worker fails with batches queued on it', async () => {
    // A worker that throws on its first batch: both batches queued on it are rejected.
    const failing = new Worker(
      "require('node:worker_threads').parentPort.on('message', (m) => { if (!('init' in m)) throw new Error('the worker failed'); });",
      { eval: true },
    );
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await expect((pool as Pool).renderInWorkers(posts.length, (i) => posts[i] as PostSource, plain, 1, () => undefined, undefined, [failing]))
        .rejects.toThrow('the worker failed');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('answers every post once when every batch runs out of time', async () => {
    // 1 ms is less than any worker needs to start: every batch runs out of time, and so does
    // every post retried alone on a fresh worker.
    const answers = await throughPool(2, 1);
    expect(answers.map((a) => a.length)).toEqual(posts.map(() => 1));
    for (const [answer] of answers) expect(answer?.problems.map((p) => p.code)).toEqual(['MarkdownFailed']);
  }, 60_000);
});
