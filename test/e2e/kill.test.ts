/**
 * A killed build never damages the site (issue 7, "done when" 2). A 2,000-post blog is generated
 * (`bench/gen-corpus.mjs`) and built with the real CLI. Then, 20 times: one post is
 * edited, a build starts and is SIGKILLed at a random moment within the typical build time, and
 * the output folder must be, byte for byte, either the previous complete build or (when the
 * build got past its swap before the kill) the new complete build, which a fresh build of the
 * same sources into another folder shows; the next build must then succeed and leave no staging
 * folder or lock behind. Builds are deterministic (checked first), so "the new complete build"
 * is exact. A second test starts two builds at once on one output.
 *
 * Needs the compiled CLI (`npm run compile`); without it the tests are skipped with the reason,
 * except under CI, where they fail.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCI } from '../helpers/tools.js';
import { generateCorpus } from '../support/corpus.js';
import { useTempDirs } from '../support/temp-dir.js';
import { listTree } from '../support/tree.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const cli = path.join(repo, 'bin', 'quire.js');
const POSTS = 2000;
const KILLS = 20;

const compiled = existsSync(path.join(repo, 'lib', 'cli', 'main.js'));
const skip = !compiled && !isCI();
const reason = 'lib/cli/main.js is missing (run `npm run compile`)';

const tempDir = useTempDirs('quire-kill-');
const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

/** A small seeded PRNG (mulberry32), so a failing run can be repeated with QUIRE_KILL_SEED. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every file of a folder with a SHA-256 of its bytes; undefined when the folder does not exist. */
function snapshot(dir: string): Map<string, string> | undefined {
  if (!existsSync(dir)) return undefined;
  return new Map(listTree(dir).map((f) => [f, createHash('sha256').update(readFileSync(path.join(dir, f))).digest('hex')]));
}

/** Whether two snapshots are the same tree, and if not, a few of the differences. */
function compare(a: Map<string, string> | undefined, b: Map<string, string> | undefined): { same: boolean; diff: string[] } {
  if (!a || !b) return { same: a === b, diff: [a ? 'second folder missing' : 'first folder missing'] };
  const diff: string[] = [];
  for (const [f, h] of a) if (b.get(f) !== h) diff.push(b.has(f) ? `changed ${f}` : `only before: ${f}`);
  for (const f of b.keys()) if (!a.has(f)) diff.push(`only after: ${f}`);
  return { same: diff.length === 0, diff: diff.slice(0, 10) };
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `quire build` to the end. */
function buildSync(site: string, out = path.join(site, 'dist')): Run {
  const started = performance.now();
  const r = spawnSync(process.execPath, [cli, 'build', '--root', site, '--out', out], { cwd: site, encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - started };
}

/** Starts `quire build`; `killAfter` ms later it is SIGKILLed, unless it has exited. */
function buildAndKill(site: string, killAfter: number): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'build', '--root', site], { cwd: site, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfter);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** Starts `quire build` and waits for it (for builds that race each other). */
function buildAsync(site: string): Promise<Run> {
  return buildAndKill(site, 600_000);
}

/** Folder entries beside the output that a build must not leave behind (its staging folders and lock). */
const leftovers = (site: string): string[] => readdirSync(site).filter((n) => n.startsWith('.dist.'));

/**
 * Folders (under the site, at most five levels down) holding exactly `expected`: where a build
 * killed between the two renames of its swap left the previous output, whole, for the next build
 * to put back.
 */
function findMovedAside(site: string, expected: Map<string, string>): string | undefined {
  const candidates: string[] = [];
  const walk = (dir: string, depth: number): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === 'posts') continue;
      const full = path.join(dir, entry.name);
      if (existsSync(path.join(full, 'index.html')) && existsSync(path.join(full, 'rss.xml'))) candidates.push(full);
      else if (depth < 5) walk(full, depth + 1);
    }
  };
  walk(site, 0);
  return candidates.find((dir) => compare(snapshot(dir), expected).same);
}

/** Appends a line to one published post, so the next build's output differs from the last one. */
function editPost(site: string, rand: () => number, n: number): string {
  const dir = path.join(site, 'posts');
  const posts = readdirSync(dir).filter((f) => f.endsWith('.md') && !readFileSync(path.join(dir, f), 'utf8').includes('\ndraft: true'));
  const file = posts[Math.floor(rand() * posts.length)] as string;
  appendFileSync(path.join(dir, file), `\nEdited for kill test, round ${n}.\n`);
  return file;
}

/** Leftovers of a build that did not finish: staging folders and the lock beside the output, a swap in progress. */
function inFlight(site: string): string[] {
  const found = leftovers(site);
  const cache = path.join(site, '.quire', 'cache');
  if (existsSync(cache)) {
    for (const dir of readdirSync(cache).filter((n) => n.startsWith('out-'))) {
      found.push(...readdirSync(path.join(cache, dir)).filter((n) => /^swap-/.test(n)).map((n) => `.quire/cache/${dir}/${n}`));
    }
  }
  return found;
}

describe.skipIf(skip)(`a build killed at random moments${skip ? ` (skipped: ${reason})` : ''}`, () => {
  let root: string;
  let site: string;
  let out: string;
  const durations: number[] = [];
  /** The typical time of a build after one edit: the shortest of the last three complete ones (one outlier, a busy machine, does not stretch it). */
  const typical = (): number => Math.min(...durations.slice(-3));
  const seed = Number(process.env['QUIRE_KILL_SEED'] ?? Date.now() % 1_000_000);
  const rand = random(seed);
  let refs = 0;
  /** A fresh build of `from`'s current sources into a new folder: the exact "new complete build". */
  const reference = (from = site): Map<string, string> | undefined => {
    const dir = path.join(root, `ref-${++refs}`);
    const r = buildSync(from, dir);
    expect(r.code, r.stderr).toBe(0);
    const tree = snapshot(dir);
    rmSync(dir, { recursive: true, force: true });
    return tree;
  };
  /** A build that must complete: it recovers from whatever a killed build left, and leaves nothing. */
  const recover = (where: string): Map<string, string> => {
    const next = buildSync(site);
    expect(next.code, `${where}: the next build failed: ${next.stderr}`).toBe(0);
    durations.push(next.ms);
    expect(leftovers(site), `${where}: the next build left a staging folder or lock`).toEqual([]);
    return snapshot(out) as Map<string, string>;
  };

  beforeAll(() => {
    if (!compiled) throw new Error(`Cannot run under CI: ${reason}`);
    root = tempDir();
    site = path.join(root, 'site');
    out = path.join(site, 'dist');
    generateCorpus(site, POSTS);
    const first = buildSync(site);
    expect(first.code, first.stderr).toBe(0);
    // Builds after one edit, as every killed build is: their time is the window for the kills.
    // (The first one after a cold build also fills the writer's spare copy, so it is slower.)
    for (let n = 0; n < 3; n++) {
      editPost(site, rand, -n);
      recover('warm-up');
    }
  }, 300_000);

  it(`leaves the previous complete output of ${POSTS} posts, byte for byte, when killed at ${KILLS} random moments, and the next build recovers`, async () => {
    expect(listTree(out).length).toBeGreaterThan(POSTS);
    let previous = snapshot(out) as Map<string, string>;
    const outcomes = { unchanged: 0, unchangedAndRecovered: 0, finished: 0, killedAfterSwap: 0, movedAside: 0 };
    // Kill moments spread over the whole build (one in each twentieth of it, at random inside it), in random order.
    const slots = Array.from({ length: KILLS }, (_, k) => k).sort(() => rand() - 0.5);
    for (const [round, slot] of slots.entries()) {
      const edited = editPost(site, rand, round + 1);
      const delay = Math.round(((slot + rand()) / KILLS) * typical());
      const run = await buildAndKill(site, delay);
      const where = `round ${round + 1} (seed ${seed}): killed after ${delay} ms of ~${Math.round(typical())} ms, edited ${edited}, exit ${run.code ?? run.signal}`;
      const after = snapshot(out);
      if (compare(previous, after).same) {
        expect(run.code, `${where}: the build says it succeeded, but the output is the old one`).not.toBe(0);
        // Killed while writing (it left its lock, staging or swap behind): the next build must recover.
        if (inFlight(site).length > 0) {
          outcomes.unchangedAndRecovered++;
          previous = recover(where);
        } else outcomes.unchanged++;
        continue;
      }
      if (!after) {
        // Killed between the two renames of the swap: the previous output must be whole, set aside.
        outcomes.movedAside++;
        expect(findMovedAside(site, previous), `${where}: the output folder is missing and no complete copy of it was set aside`).toBeDefined();
      } else {
        // Got past the swap: then the output must be the new build, complete.
        if (run.code === 0) {
          outcomes.finished++;
          durations.push(run.ms);
        } else outcomes.killedAfterSwap++;
        expect(compare(after, reference()).diff, `${where}: the output is neither the previous build nor the new one`).toEqual([]);
      }
      previous = recover(where);
    }
    console.info(`kill test (seed ${seed}, build ~${Math.round(typical())} ms):`, outcomes);
    // Whatever happened, a last build gives exactly what a cold build of the same posts in a fresh
    // folder (no render cache, no previous output) gives.
    previous = recover('final build');
    const cold = path.join(root, 'cold');
    cpSync(path.join(site, 'posts'), path.join(cold, 'posts'), { recursive: true });
    cpSync(path.join(site, 'static'), path.join(cold, 'static'), { recursive: true });
    expect(compare(previous, reference(cold)).diff).toEqual([]);
  }, 600_000);
});

describe.skipIf(skip)(`two builds started at once on one output${skip ? ` (skipped: ${reason})` : ''}`, () => {
  it('either run one after the other or one reports OutputLocked; the output is never corrupt', async () => {
    const root = tempDir();
    const site = path.join(root, 'site');
    const out = path.join(site, 'dist');
    generateCorpus(site, 300);
    expect(buildSync(site).code).toBe(0);
    const rand = random(7);
    const seen = { both: 0, locked: 0 };
    for (let round = 1; round <= 3; round++) {
      editPost(site, rand, round);
      const runs = await Promise.all([buildAsync(site), buildAsync(site)]);
      for (const r of runs) {
        if (r.code === 0) continue;
        // The loser says so clearly, with exit 1 and the code.
        expect(r.code, r.stderr).toBe(1);
        expect(r.stderr).toMatch(/Another quire build \(process \d+\) is writing this output folder\./);
        expect(r.stderr).toContain('[OutputLocked]');
      }
      expect(runs.some((r) => r.code === 0), runs.map((r) => r.stderr).join('\n')).toBe(true);
      if (runs.every((r) => r.code === 0)) seen.both++;
      else seen.locked++;
      expect(leftovers(site)).toEqual([]);
      const ref = path.join(root, `ref-${round}`);
      expect(buildSync(site, ref).code).toBe(0);
      expect(compare(snapshot(out), snapshot(ref)).diff).toEqual([]);
      rmSync(ref, { recursive: true, force: true });
    }
    console.info('two builds at once:', seen);
  }, 300_000);
});
