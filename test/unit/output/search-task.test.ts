import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import makeIndexes, { indexListName, packJob, type IndexJob, type IndexMessage } from '../../../src/output/search-task.js';
import type { SearchRecord } from '../../../src/render/search-records.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs('quire-search-task-');

// More records than are sent to Pagefind at a time, with text outside Latin-1, and one with its
// title alone (a record always starts with the title: Pagefind leaves out a page without words).
const records: SearchRecord[] = Array.from({ length: 70 }, (_, i) => ({
  url: `/posts/${i}/`,
  content: i === 3 ? 'Post 3\n' : `Post ${i}\nCafé — 東京 ${'word'.repeat(i % 5)} emoji 🦀 number${i}`,
  language: 'en',
  meta: { title: `Post ${i}` },
  filters: i % 2 === 0 ? { tags: ['even'] } : {},
}));

/** Each file of an index folder by its name, with its bytes. */
function filesOf(dir: string): Map<string, string> {
  const names = JSON.parse(readFileSync(path.join(dir, indexListName), 'utf8')) as string[];
  return new Map(names.map((name) => [name, readFileSync(path.join(dir, name)).toString('base64')]));
}

describe('packJob', () => {
  it('keeps every record, with its text, in one buffer of its own', () => {
    const job: IndexJob = { dir: '/cache/x', records };
    const { packed, transfer } = packJob(job);
    expect(transfer).toEqual([packed.contents.buffer]);
    expect(packed.contents.byteOffset).toBe(0);
    expect(packed.contents.buffer.byteLength).toBe(packed.contents.byteLength);
    const bytes = Buffer.from(packed.contents);
    const back = packed.records.map((record, i) => ({ ...record, content: bytes.toString('utf8', i === 0 ? 0 : packed.ends[i - 1], packed.ends[i]) }));
    expect(back).toEqual(records);
    expect(packed.dir).toBe('/cache/x');
  });
});

describe('makeIndexes', () => {
  it('makes the same index from a packed job on its port as from the records themselves', async () => {
    const root = tempDir();
    const direct = path.join(root, 'direct');
    const sent = path.join(root, 'sent');
    expect(await makeIndexes({ jobs: [{ dir: direct, records }] })).toEqual({ indexed: 70 });

    const { port1, port2 } = new MessageChannel();
    const { packed, transfer } = packJob({ dir: sent, records });
    port1.postMessage({ job: packed } satisfies IndexMessage, transfer);
    port1.postMessage({ end: true } satisfies IndexMessage);
    expect(await makeIndexes({ port: port2 })).toEqual({ indexed: 70 });
    port1.close();

    const made = filesOf(sent);
    expect(made).toEqual(filesOf(direct));
    // Each page's fragment holds its URL and text (gzipped after a 12-byte signature).
    const fragments = [...made].filter(([name]) => name.startsWith('fragment/'))
      .map(([, bytes]) => JSON.parse(gunzipSync(Buffer.from(bytes, 'base64')).subarray(12).toString('utf8')) as { url: string; content: string });
    expect(fragments.map((fragment) => fragment.url).sort()).toEqual(records.map((record) => record.url).sort());
    expect(fragments.find((fragment) => fragment.url === '/posts/7/')?.content).toContain('Café — 東京');
    expect(readdirSync(root).sort()).toEqual(['direct', 'sent']);
  }, 60_000);
});
