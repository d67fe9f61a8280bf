import path from 'node:path';
import Database from 'libsql';
import { describe, expect, it } from 'vitest';
import { CommentStore, type StoredComment } from '../../../src/comments-service/database.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs('quire-comment-db-');

const comment = (id: string, extra: Partial<StoredComment> = {}): StoredComment => ({
  id, post: 'tea', name: 'Ada', email: 'ada@example.org', url: '', body: 'Hi', replyTo: '', status: 'pending',
  createdAt: 1_700_000_000_000, ip: '127.0.0.1', userAgent: 'test', note: '', ...extra,
});

describe('CommentStore', () => {
  it('opens in WAL mode with full sync, at the latest schema version, and reopens without migrating again', () => {
    const file = path.join(tempDir(), 'sub', 'comments.db');
    const store = new CommentStore(file);
    store.insert(comment('a1'));
    expect(store.schemaVersion()).toBe(1);
    store.close();
    const raw = new Database(file);
    expect(raw.prepare('PRAGMA journal_mode').get()).toMatchObject({ journal_mode: 'wal' });
    raw.close();
    const again = new CommentStore(file);
    expect(again.list().map((c) => c.id)).toEqual(['a1']);
    expect(again.integrityCheck()).toBe('ok');
    again.close();
  });

  it('refuses a database written by a newer schema', () => {
    const file = path.join(tempDir(), 'comments.db');
    new CommentStore(file).close();
    const raw = new Database(file);
    raw.exec('PRAGMA user_version = 99');
    raw.close();
    expect(() => new CommentStore(file)).toThrow(/newer quire \(schema 99, this one knows 1\)/);
  });

  it('group commit: submissions queued together are all stored; a duplicate id fails alone', async () => {
    const store = new CommentStore(path.join(tempDir(), 'comments.db'));
    store.insert(comment('dup'));
    const results = await Promise.allSettled([store.insertDurably(comment('b1')), store.insertDurably(comment('dup')), store.insertDurably(comment('b2'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(store.list().map((c) => c.id).sort()).toEqual(['b1', 'b2', 'dup']);
    store.close();
  });

  it('finds approved addresses, changes states, keeps the first secret', () => {
    const store = new CommentStore(path.join(tempDir(), 'comments.db'));
    store.insert(comment('c1', { email: 'ada@example.org' }));
    expect(store.hasApproved('ADA@example.org')).toBe(false);
    expect(store.setStatus('c1', 'approved')).toBe(true);
    expect(store.hasApproved('ADA@example.org')).toBe(true);
    expect(store.setStatus('none', 'spam')).toBe(false);
    expect(store.list('approved').map((c) => c.id)).toEqual(['c1']);
    expect(store.settingOnce('secret', 'first')).toBe('first');
    expect(store.settingOnce('secret', 'second')).toBe('first');
    store.close();
  });
});
