import type { Db } from './database.js';
import { likeLiteral, Where, type TimeRange, type Window } from './query.js';

export interface EndpointConfigRecord {
  name: string;
  arn: string;
  /** The DescribeEndpointConfig response as JSON (timestamps in epoch seconds). */
  document: string;
  createdAt: number;
}

export interface EndpointRecord {
  name: string;
  arn: string;
  configName: string;
  status: string;
  failureReason: string | null;
  /** JSON: the variants being served (each with a snapshot of its model's container), or null before the first deployment. */
  deployed: string | null;
  /** JSON: what an UpdateEndpoint is deploying (config name, variants, start time), or null. */
  pending: string | null;
  /** JSON list of the model processes' ids, so a restarted service can end what a dead one left running. */
  processes: string;
  createdAt: number;
  modifiedAt: number;
}

export interface NameQuery extends TimeRange, Window {
  nameContains?: string | undefined;
  sortBy: 'name' | 'createdAt';
}

export interface EndpointQuery extends NameQuery {
  status?: string | undefined;
  modifiedAfter?: number | undefined;
  modifiedBefore?: number | undefined;
  /** Status sorts as SageMaker's ListEndpoints may. */
  sortByStatus?: boolean;
}

export type EndpointChange = Partial<Pick<EndpointRecord, 'configName' | 'status' | 'failureReason' | 'deployed' | 'pending' | 'processes'>>;

const configColumns = 'name, arn, document, created_at AS createdAt';
const endpointColumns = `name, arn, config_name AS configName, status, failure_reason AS failureReason, deployed, pending, processes,
  created_at AS createdAt, modified_at AS modifiedAt`;
const changeColumns: Record<keyof EndpointChange, string> = {
  configName: 'config_name',
  status: 'status',
  failureReason: 'failure_reason',
  deployed: 'deployed',
  pending: 'pending',
  processes: 'processes',
};

/** Endpoint configurations and endpoints; knows nothing of the processes that serve them. */
export class EndpointStore {
  constructor(private readonly db: Db) {}

  config(name: string): EndpointConfigRecord | undefined {
    return this.db.prepare(`SELECT ${configColumns} FROM endpoint_configs WHERE name = ?`).get(name) as EndpointConfigRecord | undefined;
  }

  /** False when the name is taken. */
  createConfig(config: EndpointConfigRecord): boolean {
    return (
      this.db
        .prepare('INSERT INTO endpoint_configs (name, arn, document, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .run(config.name, config.arn, config.document, config.createdAt).changes > 0
    );
  }

  /**
   * 'not-found', the endpoints being updated to it, or 'deleted'; one transaction, so no update can start meanwhile. An
   * endpoint that serves it keeps serving (from its `deployed` variants), as on SageMaker.
   */
  deleteConfig(name: string): 'not-found' | 'deleted' | { updating: string[] } {
    return this.db
      .transaction(() => {
        if (this.config(name) === undefined) return 'not-found' as const;
        const updating = this.endpointsUpdatingTo(name);
        if (updating.length > 0) return { updating };
        this.db.prepare('DELETE FROM endpoint_configs WHERE name = ?').run(name);
        return 'deleted' as const;
      })
      .immediate();
  }

  /** Endpoints whose update to the config is in progress. */
  endpointsUpdatingTo(configName: string): string[] {
    const rows = this.db
      .prepare(`SELECT name FROM endpoints WHERE json_extract(pending, '$.EndpointConfigName') = ? COLLATE NOCASE ORDER BY name`)
      .all(configName) as { name: string }[];
    return rows.map((row) => row.name);
  }

  listConfigs(query: NameQuery): EndpointConfigRecord[] {
    const where = nameWhere(query);
    return this.db
      .prepare(`SELECT ${configColumns} FROM endpoint_configs ${where.toSql()} ORDER BY ${order(query)} LIMIT ? OFFSET ?`)
      .all(...where.values, query.limit, query.offset) as EndpointConfigRecord[];
  }

  endpoint(name: string): EndpointRecord | undefined {
    return this.db.prepare(`SELECT ${endpointColumns} FROM endpoints WHERE name = ?`).get(name) as EndpointRecord | undefined;
  }

  /** False when the name is taken. */
  createEndpoint(endpoint: EndpointRecord): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO endpoints (name, arn, config_name, status, failure_reason, deployed, pending, processes, created_at, modified_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        )
        .run(
          endpoint.name,
          endpoint.arn,
          endpoint.configName,
          endpoint.status,
          endpoint.failureReason,
          endpoint.deployed,
          endpoint.pending,
          endpoint.processes,
          endpoint.createdAt,
          endpoint.modifiedAt,
        ).changes > 0
    );
  }

  /** Applies the change; `touch` (the default) also sets LastModifiedTime, which a process id alone does not. */
  updateEndpoint(name: string, change: EndpointChange, now: number, touch = true): void {
    const entries = Object.entries(change).filter(([, value]) => value !== undefined) as [keyof EndpointChange, string | null][];
    if (entries.length === 0) return;
    const sets = entries.map(([key]) => `${changeColumns[key]} = ?`);
    if (touch) sets.push('modified_at = ?');
    const values = entries.map(([, value]) => value);
    this.db.prepare(`UPDATE endpoints SET ${sets.join(', ')} WHERE name = ?`).run(...values, ...(touch ? [now] : []), name);
  }

  deleteEndpoint(name: string): boolean {
    return this.db.prepare('DELETE FROM endpoints WHERE name = ?').run(name).changes > 0;
  }

  allEndpoints(): EndpointRecord[] {
    return this.db.prepare(`SELECT ${endpointColumns} FROM endpoints ORDER BY created_at`).all() as EndpointRecord[];
  }

  listEndpoints(query: EndpointQuery): EndpointRecord[] {
    const where = nameWhere(query);
    if (query.status !== undefined) where.add('status = ?', query.status);
    if (query.modifiedAfter !== undefined) where.add('modified_at > ?', query.modifiedAfter);
    if (query.modifiedBefore !== undefined) where.add('modified_at < ?', query.modifiedBefore);
    const sort = query.sortByStatus ? `status ${query.descending ? 'DESC' : 'ASC'}, name` : order(query);
    return this.db
      .prepare(`SELECT ${endpointColumns} FROM endpoints ${where.toSql()} ORDER BY ${sort} LIMIT ? OFFSET ?`)
      .all(...where.values, query.limit, query.offset) as EndpointRecord[];
  }
}

function nameWhere(query: NameQuery): Where {
  const where = new Where().range('created_at', query);
  if (query.nameContains !== undefined) where.add(`name LIKE ? ESCAPE '\\'`, `%${likeLiteral(query.nameContains)}%`);
  return where;
}

function order(query: NameQuery): string {
  const direction = query.descending ? 'DESC' : 'ASC';
  return query.sortBy === 'name' ? `name ${direction}` : `created_at ${direction}, rowid ${direction}`;
}
