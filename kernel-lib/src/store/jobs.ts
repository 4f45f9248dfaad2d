import type { Db } from './database.js';
import { Where, likeLiteral, type TimeRange, type Window } from './query.js';

export type JobKind = 'ProcessingJob' | 'TrainingJob' | 'HyperParameterTuningJob' | 'TransformJob' | 'Model';

export interface JobRecord {
  name: string;
  kind: JobKind;
  arn: string;
  status: string | null;
  /** The Describe* response as JSON. */
  document: string;
  createdAt: number;
}

export interface JobQuery extends TimeRange, Window {
  kind: JobKind;
  nameContains?: string | undefined;
  status?: string | undefined;
  /** Creation time when absent; ties are ordered by name. */
  sortBy?: 'name' | 'createdAt' | 'status' | undefined;
}

const sortColumns = { name: 'name', createdAt: 'created_at', status: 'status' } as const;

/** Processing and training jobs and models that pipeline steps created, for Describe* and List*. */
export class JobStore {
  constructor(private readonly db: Db) {}

  put(job: JobRecord): void {
    this.db
      .prepare(
        `INSERT INTO jobs (name, kind, arn, status, document, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET status = excluded.status, document = excluded.document`,
      )
      .run(job.name, job.kind, job.arn, job.status, job.document, job.createdAt);
  }

  get(kind: JobKind, name: string): JobRecord | undefined {
    return this.db
      .prepare('SELECT name, kind, arn, status, document, created_at AS createdAt FROM jobs WHERE kind = ? AND name = ? COLLATE NOCASE')
      .get(kind, name) as JobRecord | undefined;
  }

  delete(kind: JobKind, name: string): boolean {
    return this.db.prepare('DELETE FROM jobs WHERE kind = ? AND name = ? COLLATE NOCASE').run(kind, name).changes > 0;
  }

  list(query: JobQuery): JobRecord[] {
    const where = new Where().add('kind = ?', query.kind).range('created_at', query);
    if (query.nameContains !== undefined) where.add("name LIKE ? ESCAPE '\\'", `%${likeLiteral(query.nameContains)}%`);
    if (query.status !== undefined) where.add('status = ?', query.status);
    const direction = query.descending ? 'DESC' : 'ASC';
    return this.db
      .prepare(
        `SELECT name, kind, arn, status, document, created_at AS createdAt FROM jobs ${where.toSql()} ORDER BY ${sortColumns[query.sortBy ?? 'createdAt']} ${direction}, name LIMIT ? OFFSET ?`,
      )
      .all(...where.values, query.limit + 1, query.offset) as JobRecord[];
  }
}
