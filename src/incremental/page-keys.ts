import { readFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { writeFileAtomic } from '../atomic-file.js';
import { dataKey, type Keys } from '../render/page-keys.js';
import { sameJson } from '../render/same-json.js';

/**
 * Key: a page's slot (output path or post), its prefix (templates, settings), and its `deps`
 * compared by identity, else its data compared as JSON. Invalid: when the prefix or the data
 * differ; between processes, when quire's code for any page-making stage differs (`version`).
 *
 * Page keys carried from build to build. A key whose `deps` are the very ones it was last made
 * from, or else whose data (compared as JSON, see `sameJson`) are what they were, is reused
 * instead of hashed again: an edit changes a handful of the thousands of pages, and hashing
 * them all is most of a rebuild.
 *
 * The data of a slot are kept until the next build compares against them, so they must not be
 * changed afterwards; every page's data are built fresh for its build, from posts that are not
 * changed once read.
 *
 * Between processes (`load`, `save`) only the keys whose `deps` are all strings travel: hashes
 * of what the page is made from, which mean the same in any process.
 */
export class KeyMemo implements Keys {
  /** Last build's entries in the order they were asked for, which the next build mostly repeats. */
  private previous: Entry[] = [];
  private bySlot: Map<string, Entry> | undefined;
  private current: Entry[] = [];
  /** Keys hashed (not reused) since the last `commit`. */
  private hashed = 0;
  /** What the last finished build did: keys reused, keys hashed. */
  last = { reused: 0, hashed: 0 };

  /**
   * The key of `data()` in `slot` (an output path, a post), as `dataKey(prefix, data())`. `deps` are what the data are
   * made from: when each is the very same value as last build (`===`), so are the data, and
   * the key is reused without making them. Otherwise the data are made and compared as JSON.
   */
  keyBy(slot: string, prefix: string, deps: readonly unknown[] | undefined, data: () => unknown): string {
    const before = this.before(slot);
    if (before && deps && before.prefix === prefix && sameDeps(before.deps, deps)) {
      // The very same deps (a page plan hands them back unchanged): the entry itself carries over.
      this.current.push(before.deps === deps ? before : { slot, prefix, deps, data: before.data, key: before.key });
      return before.key;
    }
    const made = data();
    const key = before && before.prefix === prefix && sameJson(before.data, made) ? before.key : this.hash(prefix, made);
    this.current.push({ slot, prefix, deps, data: made, key });
    return key;
  }

  /** Last build's entry of `slot`: found at the same position when the build asks in the same order. */
  private before(slot: string): Entry | undefined {
    const same = this.previous[this.current.length];
    if (same?.slot === slot) return same;
    this.bySlot ??= new Map(this.previous.map((entry) => [entry.slot, entry]));
    return this.bySlot.get(slot);
  }

  private hash(prefix: string, data: unknown): string {
    this.hashed++;
    return dataKey(prefix, data);
  }

  /** Ends a build: what it keyed is what the next build compares against. */
  commit(): void {
    this.last = { reused: this.current.length - this.hashed, hashed: this.hashed };
    this.previous = this.current;
    this.bySlot = undefined;
    this.current = [];
    this.hashed = 0;
  }

  /**
   * The memo saved by `save` in `file`, or an empty one when there is none, it is damaged, or it
   * was saved under another `version` (another quire).
   */
  static load(file: string, version: string): KeyMemo {
    try {
      const saved = deserialize(readFileSync(file)) as { version?: unknown; slots?: unknown; keys?: unknown; strings?: unknown; rows?: unknown };
      const { slots, keys, strings, rows } = saved;
      if (saved.version !== version || !isStrings(slots) || !isStrings(keys) || slots.length !== keys.length || !isStrings(strings) || !(rows instanceof Uint32Array)) {
        return new KeyMemo();
      }
      const at = (i: number): string => {
        const s = strings[rows[i] ?? strings.length];
        if (s === undefined) throw new Error('A damaged key memo.');
        return s;
      };
      const memo = new KeyMemo();
      let i = 0;
      slots.forEach((slot, n) => {
        const prefix = at(i);
        const count = rows[i + 1] ?? 0;
        if (i + 2 + count > rows.length) throw new Error('A damaged key memo.');
        const deps: string[] = [];
        for (let k = i + 2; k < i + 2 + count; k++) deps.push(at(k));
        memo.previous.push({ slot, prefix, deps, data: undefined, key: keys[n] as string });
        i += 2 + count;
      });
      return i === rows.length ? memo : new KeyMemo();
    } catch {
      // No memo yet, or an unreadable one: every key is hashed.
      return new KeyMemo();
    }
  }

  /**
   * Saves the keys of the last finished build whose `deps` are all strings (see `load`). Each
   * prefix and dep is written once and rows name them by number: the same hashes stand in the
   * deps of many pages (the model's key in all, a post's summary key in every listing showing it).
   */
  save(file: string, version: string): void {
    const numbers = new Map<string, number>();
    const strings: string[] = [];
    const at = (s: string): number => {
      let n = numbers.get(s);
      if (n === undefined) {
        n = strings.length;
        strings.push(s);
        numbers.set(s, n);
      }
      return n;
    };
    // Rows mostly share their prefix with the row before, and their first dep (the model's key):
    // those skip the map.
    const remembering = () => {
      let last: string | undefined;
      let lastNumber = 0;
      return (s: string): number => (s === last ? lastNumber : ((last = s), (lastNumber = at(s))));
    };
    const prefixAt = remembering();
    const firstAt = remembering();
    const slots: string[] = [];
    const keys: string[] = [];
    const rows: number[] = [];
    for (const entry of this.previous) {
      const { deps } = entry;
      if (!deps?.every((d) => typeof d === 'string')) continue;
      slots.push(entry.slot);
      keys.push(entry.key);
      rows.push(prefixAt(entry.prefix), deps.length);
      deps.forEach((d, k) => rows.push(k === 0 ? firstAt(d as string) : at(d as string)));
    }
    writeFileAtomic(file, serialize({ version, slots, keys, strings, rows: Uint32Array.from(rows) }));
  }

  /** Forgets a build that did not finish, so its keys are not trusted. */
  discard(): void {
    this.current = [];
    this.hashed = 0;
  }
}

interface Entry {
  slot: string;
  prefix: string;
  deps: readonly unknown[] | undefined;
  data: unknown;
  key: string;
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function sameDeps(a: readonly unknown[] | undefined, b: readonly unknown[]): boolean {
  if (a === b) return true;
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
