/**
 * A SIGKILLed comment service loses nothing it acknowledged (issue 18): the real CLI serves a
 * site on loopback, 50 posters submit comments, the process is killed with SIGKILL in the middle
 * of the load, and afterwards every comment that got a 2xx is in the database, which passes
 * `PRAGMA integrity_check`; the service then starts again on the same file and takes comments.
 *
 * Needs the compiled CLI (`npm run compile`); without it the test is skipped, except under CI.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CommentStore } from '../../src/comments-service/database.js';
import { makeStamp, moderationSignature } from '../../src/comments-service/signing.js';
import { isCI } from '../helpers/tools.js';
import { useTempDirs, writeFiles } from '../support/temp-dir.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const cli = path.join(repo, 'bin', 'quire.js');
const compiled = existsSync(path.join(repo, 'lib', 'cli', 'main.js'));
const tempDir = useTempDirs('quire-comments-kill-');
const SECRET = 'kill-test-secret-long-enough';
const ORIGIN = 'https://tiny.example';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Starts `quire comments serve --port 0` and resolves with its port once it listens. */
function serve(root: string, ...extra: string[]): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const child = spawn(process.execPath, [cli, 'comments', 'serve', '--port', '0', '--trust-proxy', '--root', root, ...extra], {
    env: { ...process.env, QUIRE_COMMENTS_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`The service did not start:\n${output}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Comment service on http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]), output: () => output });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => reject(new Error(`The service exited (${code}):\n${output}`)));
  });
}

async function submit(port: number, poster: number, i: number): Promise<{ status: number; id?: string }> {
  const response = await fetch(`http://127.0.0.1:${port}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN, 'x-forwarded-for': `10.1.${poster}.1` },
    body: JSON.stringify({ post: 'tea', name: `Poster ${poster}`, email: `p${poster}@example.org`, body: `Comment ${i} from poster ${poster}`, stamp: makeStamp(SECRET, Date.now() - 5000) }),
  });
  const body = await response.json() as { id?: string };
  return body.id === undefined ? { status: response.status } : { status: response.status, id: body.id };
}

describe.skipIf(!compiled && !isCI)('SIGKILL during load', () => {
  it('every acknowledged comment survives, the database is sound, and the service starts again', async () => {
    const root = tempDir();
    writeFiles(root, {
      'quire.config.yaml': `title: Tiny\nbaseUrl: ${ORIGIN}/\ntimeZone: UTC\ncomments:\n  provider: quire\n  url: http://127.0.0.1:1/\n  minSeconds: 1\n  rateLimit: 10000/1s\n`,
      'posts/2025-05-01-tea.md': '---\ntitle: Tea\n---\nA post about tea.\n',
    });
    const { child, port } = await serve(root);
    const acknowledged: string[] = [];
    let serverErrors = 0;
    let refusedAfterKill = 0;
    let killed = false;
    const started = Date.now();
    setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, 1500);
    await Promise.all(Array.from({ length: 50 }, async (_, poster) => {
      // Bounded by count and time; after the kill every request fails to connect, which ends the loop.
      for (let i = 0; i < 1000 && Date.now() - started < 10_000; i++) {
        try {
          const answer = await submit(port, poster, i);
          if (answer.status >= 500) serverErrors++;
          if (answer.status >= 200 && answer.status < 300 && answer.id) acknowledged.push(answer.id);
        } catch {
          if (!killed) throw new Error('A request failed before the service was killed.');
          refusedAfterKill++;
          return;
        }
      }
    }));
    expect(killed).toBe(true);
    expect(serverErrors).toBe(0);
    expect(acknowledged.length).toBeGreaterThan(50);
    expect(refusedAfterKill).toBeGreaterThan(0);

    const store = new CommentStore(path.join(root, '.quire', 'comments.db'));
    try {
      expect(store.integrityCheck()).toBe('ok');
      const stored = new Set(store.list().map((c) => c.id));
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    } finally {
      store.close();
    }

    const again = await serve(root);
    const after = await submit(again.port, 999, 0);
    expect(after.status).toBe(202);
    again.child.kill('SIGTERM');
    await new Promise((resolve) => again.child.once('exit', resolve));
    expect(again.child.exitCode).toBe(0);
  });
});

describe.skipIf(!compiled && !isCI)('serve --rebuild', () => {
  it('builds the site after an approval, in its own process, while the service keeps answering', async () => {
    const root = tempDir();
    writeFiles(root, {
      'quire.config.yaml': `title: Tiny\nbaseUrl: ${ORIGIN}/\ntimeZone: UTC\ncomments:\n  provider: quire\n  url: http://127.0.0.1:1/\n  minSeconds: 1\n`,
      'posts/2025-05-01-tea.md': '---\ntitle: Tea\n---\nA post about tea.\n',
    });
    const { child, port, output } = await serve(root, '--rebuild');
    const answer = await submit(port, 1, 0);
    expect(answer.status).toBe(202);
    const approve = await fetch(`http://127.0.0.1:${port}/moderate`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `id=${answer.id}&action=approve&sig=${moderationSignature(SECRET, 'approve', answer.id!)}`,
    });
    expect(approve.status).toBe(200);
    const page = path.join(root, 'dist/2025/05/tea/index.html');
    for (let i = 0; i < 200 && !/Rebuilt the site/.test(output()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(output()).toMatch(/Rebuilt the site: Built 1 post/);
    expect(readFileSync(page, 'utf8')).toContain(`id="comment-${answer.id}"`);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  });
});
