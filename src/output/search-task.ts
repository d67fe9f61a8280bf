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

/**
 * An index job as it is posted to the indexing thread: the records without their text, and the
 * texts one after another in one UTF-8 buffer, which is moved to the thread rather than copied.
 * Jobs wait there while Pagefind makes the index before them; as JavaScript strings (two bytes a
 * character once one is outside Latin-1) a 2,500-document shard's records took about 28 MB.
 */
export interface PackedJob {
  dir: string;
  records: ReadonlyArray<Omit<SearchRecord, 'content'>>;
  contents: Uint8Array;
  /** Where each record's text ends in `contents`. */
  ends: readonly number[];
}

/** `job` packed to be posted, with what to transfer. */
export function packJob(job: IndexJob): { packed: PackedJob; transfer: ArrayBuffer[] } {
  let size = 0;
  for (const record of job.records) size += Buffer.byteLength(record.content);
  const contents = Buffer.allocUnsafeSlow(size);
  const ends: number[] = [];
  let at = 0;
  const records = job.records.map(({ content, ...rest }) => {
    at += contents.write(content, at);
    ends.push(at);
    return rest;
  });
  return { packed: { dir: job.dir, records, contents, ends }, transfer: [contents.buffer as ArrayBuffer] };
}

/** The records of a job, each made when Pagefind is about to take it. */
interface Documents {
  readonly count: number;
  record(i: number): SearchRecord;
}

function documentsOf(job: IndexJob | PackedJob): Documents {
  if (!('contents' in job)) return { count: job.records.length, record: (i) => job.records[i] as SearchRecord };
  const bytes = Buffer.from(job.contents.buffer, job.contents.byteOffset, job.contents.byteLength);
  return {
    count: job.records.length,
    record: (i) => ({ ...(job.records[i] as Omit<SearchRecord, 'content'>), content: bytes.toString('utf8', i === 0 ? 0 : job.ends[i - 1], job.ends[i]) }),
  };
}

/**
 * Records sent to Pagefind at a time. Enough to keep its pipe busy. Sending all of a shard's at
 * once queued every record, encoded twice (JSON, then base64), in the pipe's buffer.
 */
const inFlight = 32;

/** Adds the documents to the index, at most `inFlight` at a time; the first failure is thrown. */
async function addAll(index: pagefind.PagefindIndex, documents: Documents): Promise<void> {
  let next = 0;
  const sender = async (): Promise<void> => {
    while (next < documents.count) {
      const record = documents.record(next++);
      const response = await index.addCustomRecord(record);
      if (response.errors.length > 0) throw new Error(`Pagefind could not index ${record.url}: ${response.errors.join('; ')}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, documents.count) }, sender));
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
export type IndexMessage = { job: PackedJob } | { end: true };

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
      await addAll(index, documentsOf(job));
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
function received(port: MessagePort): () => Promise<PackedJob | undefined> {
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
