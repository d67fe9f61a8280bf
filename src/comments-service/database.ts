import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'libsql';

/** Where a submission stands, as in WordPress: held, published, junk, or deleted by the author. */
export type CommentStatus = 'pending' | 'approved' | 'spam' | 'trash';
export const commentStatuses: readonly CommentStatus[] = ['pending', 'approved', 'spam', 'trash'];

/** One stored submission. `email` and `ip` never leave the database except to the author. */
export interface StoredComment {
  id: string;
  post: string;
  name: string;
  email: string;
  url: string;
  body: string;
  replyTo: string;
  status: CommentStatus;
  /** Epoch milliseconds. */
  createdAt: number;
  ip: string;
  userAgent: string;
  /** Why it was held or junked (a rule, Akismet), for the moderator. */
  note: string;
}

/**
 * Schema versions, applied in order; `PRAGMA user_version` records how many ran. A migration is
 * never edited once released: a change is a new entry.
 */
const migrations: readonly string[] = [
  `CREATE TABLE comments (
     id TEXT PRIMARY KEY,
     post TEXT NOT NULL,
     name TEXT NOT NULL,
     email TEXT NOT NULL,
     url TEXT NOT NULL DEFAULT '',
     body TEXT NOT NULL,
     reply_to TEXT NOT NULL DEFAULT '',
     status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'spam', 'trash')),
     created_at INTEGER NOT NULL,
     ip TEXT NOT NULL DEFAULT '',
     user_agent TEXT NOT NULL DEFAULT '',
     note TEXT NOT NULL DEFAULT ''
   );
   CREATE INDEX comments_status ON comments (status, created_at);
   CREATE INDEX comments_email ON comments (email, status);
   CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
];

interface Row {
  id: string; post: string; name: string; email: string; url: string; body: string; reply_to: string;
  status: CommentStatus; created_at: number; ip: string; user_agent: string; note: string;
}

const fromRow = (row: Row): StoredComment => ({
  id: row.id, post: row.post, name: row.name, email: row.email, url: row.url, body: row.body, replyTo: row.reply_to,
  status: row.status, createdAt: Number(row.created_at), ip: row.ip, userAgent: row.user_agent, note: row.note,
});

/** The comment database: one SQLite file in WAL mode, every write committed with a full sync. */
export class CommentStore {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly insertStatement: Database.Statement<unknown[]>;
  /** Comments waiting for the next group commit, with the callbacks of their submitters. */
  private queued: Array<{ comment: StoredComment; done: (error?: Error) => void }> = [];

  constructor(file: string) {
    this.file = file;
    mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.exec('PRAGMA journal_mode = WAL');
    // FULL: each commit's WAL frames are fsync'd before the commit returns, so a 2xx reply
    // sent after `insert` survives a crash or power loss (NORMAL would only survive a crash).
    this.db.exec('PRAGMA synchronous = FULL');
    this.db.exec('PRAGMA busy_timeout = 5000');
    this.migrate();
    this.insertStatement = this.db.prepare(`INSERT INTO comments (id, post, name, email, url, body, reply_to, status, created_at, ip, user_agent, note)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  }

  /** Runs the migrations this file has not had yet, each in its own transaction. */
  private migrate(): void {
    const version = Number((this.db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
    if (version > migrations.length) {
      throw new Error(`The comment database ${this.file} was written by a newer quire (schema ${version}, this one knows ${migrations.length}).`);
    }
    for (let i = version; i < migrations.length; i++) {
      this.db.transaction(() => {
        this.db.exec(migrations[i]!);
        this.db.exec(`PRAGMA user_version = ${i + 1}`);
      }).immediate();
    }
  }

  /** The schema version in use. */
  schemaVersion(): number {
    return Number((this.db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
  }

  insert(comment: StoredComment): void {
    this.insertStatement.run(
      comment.id, comment.post, comment.name, comment.email, comment.url, comment.body, comment.replyTo,
      comment.status, comment.createdAt, comment.ip, comment.userAgent, comment.note);
  }

  /**
   * Inserts a comment and resolves once it is on disk. Submissions that arrive together share
   * one transaction, so one fsync covers them all (a group commit): under load the disk's sync
   * time, not the number of readers, bounds the rate.
   */
  insertDurably(comment: StoredComment): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queued.push({ comment, done: (error) => (error ? reject(error) : resolve()) });
      if (this.queued.length === 1) setImmediate(() => this.commitQueued());
    });
  }

  private commitQueued(): void {
    if (!this.db.open) return;
    const batch = this.queued;
    this.queued = [];
    try {
      this.db.transaction(() => {
        for (const { comment } of batch) this.insert(comment);
      }).immediate();
    } catch {
      // One bad row (a duplicate id) must not fail the others: retry them one by one.
      for (const { comment, done } of batch) {
        try {
          this.insert(comment);
          done();
        } catch (error) {
          done(error as Error);
        }
      }
      return;
    }
    for (const { done } of batch) done();
  }

  /** Adds comments that are not there yet (by id); returns how many were added. */
  insertMissing(comments: readonly StoredComment[]): number {
    const exists = this.db.prepare('SELECT 1 FROM comments WHERE id = ?');
    let added = 0;
    this.db.transaction(() => {
      for (const comment of comments) {
        if (exists.get(comment.id)) continue;
        this.insert(comment);
        added++;
      }
    }).immediate();
    return added;
  }

  get(id: string): StoredComment | undefined {
    const row = this.db.prepare('SELECT * FROM comments WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Comments in one state (or all), oldest first. */
  list(status?: CommentStatus): StoredComment[] {
    const rows = status === undefined
      ? this.db.prepare('SELECT * FROM comments ORDER BY created_at, id').all()
      : this.db.prepare('SELECT * FROM comments WHERE status = ? ORDER BY created_at, id').all(status);
    return (rows as Row[]).map(fromRow);
  }

  setStatus(id: string, status: CommentStatus): boolean {
    return this.db.prepare('UPDATE comments SET status = ? WHERE id = ?').run(status, id).changes > 0;
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM comments WHERE id = ?').run(id).changes > 0;
  }

  /** Whether this address (compared without case) has a published comment: WordPress' "previously approved" rule. */
  hasApproved(email: string): boolean {
    return this.db.prepare("SELECT 1 FROM comments WHERE email = ? AND status = 'approved' LIMIT 1").get(email.toLowerCase()) !== undefined;
  }

  setting(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  /** Stores a setting unless one is there already; returns the value in force. */
  settingOnce(key: string, value: string): string {
    this.db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(key, value);
    return this.setting(key) ?? value;
  }

  /** `PRAGMA integrity_check`'s verdict: `ok` when the file is sound. */
  integrityCheck(): string {
    return (this.db.prepare('PRAGMA integrity_check').all() as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('\n');
  }

  /** Commits what is still queued, then closes the file. */
  close(): void {
    if (this.queued.length > 0) this.commitQueued();
    this.db.close();
  }
}
