import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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
 * Makes search indexes with Pagefind (run through `runChildTask` or `runInThread`), one at a
 * time. Each is written under a temporary name and renamed into place with its file list last,
 * so a cached index is whole or absent.
 */
export default async function makeIndexes(jobs: readonly IndexJob[]): Promise<{ indexed: number }> {
  let indexed = 0;
  try {
    for (const job of jobs) {
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
  }
  return { indexed };
}
