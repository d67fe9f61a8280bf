import { randomUUID } from 'node:crypto';
import { setPriority } from 'node:os';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import * as pagefind from 'pagefind';
import type { SearchRecord } from '../render/search-records.js';

/** One index to make: its records, and the cache folder it goes to. */
export interface IndexJob {
  dir: string;
  records: readonly SearchRecord[];
}

/** The name of the list of an index folder's files, written last: a folder without it is incomplete. */
export const indexListName = 'files.json';

/**
 * What of Pagefind's output the site serves: its search library, worker and WebAssembly, and
 * the index itself. Pagefind's ready-made interfaces are left out: the theme has its own.
 */
const served = /^(pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|wasm\.[\w-]+\.pagefind|[^/]+\.pf_meta|(index|fragment|filter)\/[^/]+)$/;

/**
 * The indexes to make: all at once, or sent one by one through `port` (`{ job }`, then
 * `{ end: true }`), so indexing starts while the rest of the bodies still render. With
 * `background` (a watching process, which serves the last indexes meanwhile), the thread and
 * Pagefind's process run at the lowest priority: the next save's build comes first.
 */
export type IndexInput = ({ jobs: readonly IndexJob[] } | { port: MessagePort }) & { background?: boolean };

/** A message to the indexer through its port. */
export type IndexMessage = { job: IndexJob } | { end: true };

/**
 * Makes search indexes with Pagefind (run through `startThreadTask`), one at a time. Each is
 * written under a temporary name and renamed into place with its file list last, so a cached
 * index is whole or absent.
 */
export default async function makeIndexes(input: IndexInput): Promise<{ indexed: number }> {
  let indexed = 0;
  if (input.background) {
    try {
      // The calling thread's own priority on Linux, which the Pagefind process it starts inherits.
      setPriority(19);
    } catch {
      // Not allowed here: indexing at the usual priority is still right.
    }
  }
  const next = 'jobs' in input ? listed(input.jobs) : received(input.port);
  try {
    for (let job = await next(); job; job = await next()) {
      const { index, errors } = await pagefind.createIndex({});
      if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
      const added = await Promise.all(job.records.map((record) => index.addCustomRecord(record)));
      const failed = added.find((response) => response.errors.length > 0);
      if (failed) throw new Error(`Pagefind could not index ${failed.file.url}: ${failed.errors.join('; ')}`);
      const output = await index.getFiles();
      if (output.errors.length > 0) throw new Error(`Pagefind could not write its index: ${output.errors.join('; ')}`);
      // Two builds of one watching process may make the same index at once: each writes its own.
      const temporary = `${job.dir}.${process.pid}-${randomUUID()}.tmp`;
      rmSync(temporary, { recursive: true, force: true });
      const files: string[] = [];
      for (const file of output.files) {
        const name = file.path.split(path.sep).join('/');
        if (!served.test(name)) continue;
        mkdirSync(path.dirname(path.join(temporary, name)), { recursive: true });
        writeFileSync(path.join(temporary, name), file.content);
        files.push(name);
      }
      writeFileSync(path.join(temporary, indexListName), JSON.stringify(files.sort()));
      rmSync(job.dir, { recursive: true, force: true });
      renameSync(temporary, job.dir);
      await index.deleteIndex();
      indexed += job.records.length;
    }
  } finally {
    await pagefind.close();
    if ('port' in input) input.port.close();
  }
  return { indexed };
}

function listed(jobs: readonly IndexJob[]): () => Promise<IndexJob | undefined> {
  let next = 0;
  return () => Promise.resolve(jobs[next++]);
}

/** The jobs as they arrive on the port, until its end. */
function received(port: MessagePort): () => Promise<IndexJob | undefined> {
  const arrived: IndexMessage[] = [];
  let wake: (() => void) | undefined;
  port.on('message', (message: IndexMessage) => {
    arrived.push(message);
    wake?.();
  });
  return async () => {
    while (arrived.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    const message = arrived.shift() as IndexMessage;
    return 'job' in message ? message.job : undefined;
  };
}
