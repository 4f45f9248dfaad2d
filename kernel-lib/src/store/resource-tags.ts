import type { Db } from './database.js';

/**
 * The tags a create request gave a resource whose own table has no column for them (jobs, models, model packages,
 * endpoint configurations), by ARN, as JSON. Pipelines, groups, projects and endpoints keep theirs in their rows.
 */
export class ResourceTagStore {
  constructor(private readonly db: Db) {}

  put(arn: string, tags: string): void {
    this.db.prepare('INSERT INTO resource_tags (arn, tags) VALUES (?, ?) ON CONFLICT (arn) DO UPDATE SET tags = excluded.tags').run(arn, tags);
  }

  /** The tags as JSON; '[]' when the resource was created without any. */
  get(arn: string): string {
    const row = this.db.prepare('SELECT tags FROM resource_tags WHERE arn = ?').get(arn) as { tags: string } | undefined;
    return row?.tags ?? '[]';
  }

  delete(arn: string): void {
    this.db.prepare('DELETE FROM resource_tags WHERE arn = ?').run(arn);
  }
}
