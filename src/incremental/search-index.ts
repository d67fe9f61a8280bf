import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { SearchRecord, SearchShard } from '../render/search-records.js';
import { namesIn } from './folder-names.js';
import { startThreadTask, threadTasksRun, type ThreadTask } from '../thread-task.js';
import { indexListName, packJob, type IndexInput, type IndexJob, type IndexMessage } from '../output/search-task.js';
import type { FileCopy } from '../output/write-site.js';

/** The site's search index as it is being made: `finish` waits for it and lists its files for the output. */
export interface SearchIndexing {
  /**
   * `defer` takes the removal of indexes no longer used (thousands of files each), which a
   * watching process leaves for the pause after the build; by default it is done at once.
   */
  finish(defer?: (task: () => void) => void): { copies: FileCopy[]; indexed: number; reused: number };
  /** Whether every index is made (`finish` would not wait). */
  ready(): boolean;
  /**
   * The files of the indexes as the last finished build left them, for the shards still being
   * made, and of the current ones for the rest: what a watching process serves until `ready`.
   * Undefined when a shard has never been finished in this process.
   */
  lastCopies(): FileCopy[] | undefined;
  /** Stops indexing (a build that fails before writing). */
  stop(): void;
}

/** The end of the name of an index folder no longer used, moved aside to be removed. */
const unusedSuffix = '.unused';

/** Index files Pagefind names by a hash of their contents (`fragment/en_8c6dccb.pf_fragment`). */
const hashedName = /^((fragment|index|filter)\/[^/]+|[^/]+\.pf_meta)$/;

/** Files only the first index serves: the search library, its worker and WebAssembly. */
const libraryFile = /^(pagefind\.js|pagefind-worker\.js|wasm\.[\w-]+\.pagefind)$/;

/**
 * The folder of the last finished index of each bundle, for a watching process to serve while
 * the next is made. Key: the cache folder and the shard's bundle (`pagefind/0/`). Invalid: when
 * a build finishes another index for that bundle.
 */
const lastFolders = new Map<string, string>();

/**
 * The output copies of a finished index's files, as its list names them: a watching process
 * serves them on every save. Key: the index's folder (named by its shard's key, so its files
 * never change), its bundle and whether it is the first. Invalid: when the folder is removed or
 * made (another process may have removed it meanwhile).
 */
const folderCopies = new Map<string, readonly FileCopy[]>();

function forgetCopies(folder: string): void {
  for (const key of folderCopies.keys()) if (key.startsWith(`${folder}\0`)) folderCopies.delete(key);
}

function copiesIn(folder: string, bundle: string, first: boolean): readonly FileCopy[] {
  const key = `${folder}\0${bundle}\0${first}`;
  let copies = folderCopies.get(key);
  if (copies) return copies;
  const files = JSON.parse(readFileSync(path.join(folder, indexListName), 'utf8')) as string[];
  const made: FileCopy[] = [];
  for (const name of files) {
    if (!first && libraryFile.test(name)) continue;
    // An index folder is made under another name and renamed into place whole: its files never change.
    const copy: FileCopy = { from: path.join(folder, name), to: `${bundle}${name}`, linked: true };
    // Pagefind names these by a hash of their contents: one already in the output stays.
    if (hashedName.test(name)) copy.key = `pagefind:${name}`;
    made.push(copy);
  }
  folderCopies.set(key, made);
  return made;
}

const taskFile = new URL('../output/search-task.js', import.meta.url);

function folderOf(dir: string, shard: SearchShard): string {
  return path.join(dir, shard.key.slice(0, 32));
}

function isMade(folder: string): boolean {
  return existsSync(path.join(folder, indexListName));
}

/**
 * Makes the indexes it is offered, one after another on one thread that starts with the first
 * offer, so a shard can be indexed while other bodies still render. (Run from the TypeScript
 * sources, a task cannot be sent work once started: the jobs then wait for `close`.)
 */
export class SearchIndexer {
  private readonly offered = new Set<string>();
  private readonly waiting: IndexJob[] = [];
  private port: MessagePort | undefined;
  private task: ThreadTask<{ indexed: number }> | undefined;
  private closed = false;

  /** `dir`: the cache folder the indexes are kept in; `background`: see `IndexInput`. */
  constructor(readonly dir: string, private readonly background = false) {}

  /**
   * Starts making the shard's index, unless it is made or was offered already, or `recordsOf`
   * has no records for it yet (undefined: it may be offered again later).
   */
  offer(shard: SearchShard, recordsOf: (shard: SearchShard) => SearchRecord[] | undefined): void {
    const folder = folderOf(this.dir, shard);
    if (this.closed || this.offered.has(folder) || isMade(folder)) return;
    const records = recordsOf(shard);
    if (!records) return;
    this.offered.add(folder);
    const job: IndexJob = { dir: folder, records };
    if (!threadTasksRun()) {
      this.waiting.push(job);
      return;
    }
    if (!this.port) {
      const { port1, port2 } = new MessageChannel();
      this.port = port1;
      this.task = startThreadTask(taskFile, { port: port2, background: this.background } satisfies IndexInput, [port2]);
    }
    const { packed, transfer } = packJob(job);
    this.port.postMessage({ job: packed } satisfies IndexMessage, transfer);
  }

  /** Whether this indexer was offered the shard (it is being made, or was made by this build). */
  has(shard: SearchShard): boolean {
    return this.offered.has(folderOf(this.dir, shard));
  }

  /** Takes no more offers; the task, if any, ends after the last. */
  close(): ThreadTask<{ indexed: number }> | undefined {
    if (this.closed) return this.task;
    this.closed = true;
    if (this.port) this.port.postMessage({ end: true } satisfies IndexMessage);
    else if (this.waiting.length > 0) this.task = startThreadTask(taskFile, { jobs: this.waiting.splice(0), background: this.background } satisfies IndexInput);
    return this.task;
  }

  /** Stops indexing (a build that ends before writing). */
  stop(): void {
    this.closed = true;
    this.task?.stop();
    this.port?.close();
  }
}

/**
 * Makes the search indexes the cache folder `dir` lacks, on another thread, while the caller
 * renders pages (through `early`, when it was given the shards whose bodies rendered first).
 * Each index is kept in `dir` under its shard's key, so an index whose documents did not change
 * is never made again; folders of keys no longer used are removed.
 * Key: the shard's key (`searchShards`: its documents, the language, the indexer's version).
 * Invalid: never, only unused.
 * `recordsOf` is asked only for the shards indexed. With `hold`, nothing is started (another
 * build's indexes are still being made): the caller serves `lastCopies` and builds again later.
 * With `background`, the indexes are made at the lowest priority (see `IndexInput`).
 */
export function startSearchIndex(shards: readonly SearchShard[], recordsOf: (shard: SearchShard) => SearchRecord[], dir: string, { hold = false, early, background = false }: { hold?: boolean; early?: SearchIndexer | undefined; background?: boolean } = {}): SearchIndexing {
  const indexer = hold ? undefined : (early ?? new SearchIndexer(dir, background));
  const missing = shards.filter((shard) => indexer?.has(shard) || !isMade(folderOf(dir, shard)));
  for (const shard of missing) indexer?.offer(shard, recordsOf);
  const task = indexer?.close();
  const lastOf = (shard: SearchShard) => lastFolders.get(`${dir}\0${shard.bundle}`);
  const copiesOf = (folders: readonly string[]): FileCopy[] => shards.flatMap((shard, i) => copiesIn(folders[i] as string, shard.bundle, i === 0));
  return {
    finish(defer = (removal) => removal()) {
      const { indexed } = task ? task.wait() : { indexed: 0 };
      for (const shard of missing) forgetCopies(folderOf(dir, shard));
      const used = new Set(shards.map((shard) => path.basename(folderOf(dir, shard))));
      // Moved aside at once (an index that comes back is then made again, never half removed), removed when `defer` says.
      const unused: string[] = [];
      for (const name of namesIn(dir)) {
        if (used.has(name) || name.endsWith('.tmp')) continue;
        const folder = path.join(dir, name);
        forgetCopies(folder);
        if (name.endsWith(unusedSuffix)) unused.push(folder);
        else {
          const aside = `${folder}.${process.pid}-${randomUUID()}${unusedSuffix}`;
          try {
            renameSync(folder, aside);
            unused.push(aside);
          } catch {
            rmSync(folder, { recursive: true, force: true });
          }
        }
      }
      if (unused.length > 0) defer(() => {
        for (const folder of unused) rmSync(folder, { recursive: true, force: true });
      });
      for (const shard of shards) lastFolders.set(`${dir}\0${shard.bundle}`, folderOf(dir, shard));
      const reused = shards.reduce((sum, shard) => sum + (missing.includes(shard) ? 0 : shard.documents.length), 0);
      return { copies: copiesOf(shards.map((shard) => folderOf(dir, shard))), indexed, reused };
    },
    ready: () => (task ? task.done() : missing.length === 0),
    lastCopies() {
      const folders = shards.map((shard) => (missing.includes(shard) ? lastOf(shard) : folderOf(dir, shard)));
      if (folders.some((folder) => folder === undefined || !isMade(folder))) return undefined;
      return copiesOf(folders as string[]);
    },
    stop: () => indexer?.stop(),
  };
}
