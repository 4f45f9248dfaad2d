/**
 * What a file cannot hold about an object (ETag, Content-Type, x-amz-meta-*, stored headers, checksum), in
 * one SQLite file beside the store (`<home>/s3-meta.db`), keyed by bucket and key. A record is valid while
 * the file's size and mtime match it, so an object the engine rewrote is recognised as changed. One file
 * per object was measured first: creating it doubled the cost of a small PutObject on this file system.
 */
import Database from 'better-sqlite3';

export interface MetadataRecord {
  readonly key: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly etag: string;
  readonly contentType: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly checksum?: { readonly algorithm: string; readonly value: string };
  readonly parts?: number;
}

/** Records read recently, parsed: a listing page looks up a thousand of them. */
const cacheLimit = 100_000;

export class MetadataIndex {
  private readonly cache = new Map<string, MetadataRecord>();
  private readonly db: Database.Database;
  private readonly getStatement: Database.Statement<[string, string], { record: string }>;
  private readonly putStatement: Database.Statement<[string, string, string]>;
  private readonly deleteStatement: Database.Statement<[string, string]>;
  private readonly deleteBucketStatement: Database.Statement<[string]>;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // An acknowledged object is its renamed file; losing its record in a crash only means its ETag is computed again.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS objects (bucket TEXT NOT NULL, key TEXT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (bucket, key)) WITHOUT ROWID');
    this.getStatement = this.db.prepare('SELECT record FROM objects WHERE bucket = ? AND key = ?');
    this.putStatement = this.db.prepare(
      'INSERT INTO objects (bucket, key, record) VALUES (?, ?, ?) ON CONFLICT (bucket, key) DO UPDATE SET record = excluded.record',
    );
    this.deleteStatement = this.db.prepare('DELETE FROM objects WHERE bucket = ? AND key = ?');
    this.deleteBucketStatement = this.db.prepare('DELETE FROM objects WHERE bucket = ?');
  }

  get(bucket: string, key: string): MetadataRecord | undefined {
    const cached = this.cache.get(`${bucket}/${key}`);
    if (cached !== undefined) return cached;
    const row = this.getStatement.get(bucket, key);
    if (row === undefined) return undefined;
    try {
      const record = JSON.parse(row.record) as MetadataRecord;
      this.remember(bucket, key, record);
      return record;
    } catch {
      return undefined;
    }
  }

  put(bucket: string, key: string, record: MetadataRecord): void {
    this.putStatement.run(bucket, key, JSON.stringify(record));
    this.remember(bucket, key, record);
  }

  delete(bucket: string, key: string): void {
    this.deleteStatement.run(bucket, key);
    this.cache.delete(`${bucket}/${key}`);
  }

  deleteBucket(bucket: string): void {
    this.deleteBucketStatement.run(bucket);
    for (const name of [...this.cache.keys()]) if (name.startsWith(`${bucket}/`)) this.cache.delete(name);
  }

  private remember(bucket: string, key: string, record: MetadataRecord): void {
    if (this.cache.size >= cacheLimit) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(`${bucket}/${key}`, record);
  }

  close(): void {
    this.db.close();
  }
}
