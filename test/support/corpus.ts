/**
 * Generated blogs of any size, from the benchmarks' corpus generator (`bench/gen-corpus.mjs`):
 * the same post count always gives the same files.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const generator = fileURLToPath(new URL('../../bench/gen-corpus.mjs', import.meta.url));

/** Writes a generated blog of `posts` posts into `root/posts` (its images into `root/static/images`); throws with the generator's error output if it fails. */
export function generateCorpus(root: string, posts: number): void {
  execFileSync(process.execPath, [generator, '--posts', String(posts), '--out', root], { stdio: ['ignore', 'ignore', 'pipe'] });
}
