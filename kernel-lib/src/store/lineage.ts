import type { Db } from './database.js';
import { Where, type TimeRange, type Window } from './query.js';

/** SageMaker's four kinds of lineage entity (QueryLineage's LineageType). */
export type LineageKind = 'Artifact' | 'Action' | 'Context' | 'TrialComponent';

export interface LineageEntityRecord {
  arn: string;
  kind: LineageKind;
  /** Actions, contexts and trial components have one; artifacts may not. */
  name: string | null;
  /** ArtifactType, ActionType, ContextType, or the job kind of a trial component (TrainingJob). */
  type: string | null;
  sourceUri: string | null;
  /** The rest of the Describe* response as JSON (Source, Properties, Status, Description, …). */
  document: string;
  createdAt: number;
  modifiedAt: number;
}

export interface LineageAssociationRecord {
  sourceArn: string;
  destinationArn: string;
  associationType: string | null;
  createdAt: number;
}

export interface LineageEntityQuery extends TimeRange, Window {
  kind: LineageKind;
  sourceUri?: string | undefined;
  type?: string | undefined;
  sortBy: 'name' | 'createdAt';
}

export interface AssociationQuery extends TimeRange, Window {
  sourceArn?: string | undefined;
  destinationArn?: string | undefined;
  associationType?: string | undefined;
  /** Matches the entity's kind (Artifact, Action, …) or its type (DataSet, ModelDeployment, …). */
  sourceType?: string | undefined;
  destinationType?: string | undefined;
  sortBy: 'sourceArn' | 'destinationArn' | 'sourceType' | 'destinationType' | 'createdAt';
}

/** An association with the entities at both ends, as ListAssociations answers. */
export interface AssociationRow extends LineageAssociationRecord {
  sourceKind: LineageKind;
  sourceType: string | null;
  sourceName: string | null;
  destinationKind: LineageKind;
  destinationType: string | null;
  destinationName: string | null;
}

const entityColumns = 'arn, kind, name, type, source_uri AS sourceUri, document, created_at AS createdAt, modified_at AS modifiedAt';
const associationSort = {
  sourceArn: 'a.source_arn',
  destinationArn: 'a.destination_arn',
  sourceType: 's.type',
  destinationType: 'd.type',
  createdAt: 'a.created_at',
} as const;

/** Lineage entities and the associations between them; knows nothing of jobs or what the entities mean. */
export class LineageStore {
  /** Recordings to make once the event loop is free, oldest first (see `later`). */
  private readonly queued: { work: () => void; onError: (error: unknown) => void }[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  private settling = false;

  constructor(private readonly db: Db) {}

  /**
   * Records after the work at hand rather than during it: `work` runs once the event loop is free, in the order
   * given, and before anything else reads or writes lineage here (or the store closes), so no reader ever sees
   * lineage without it. A job's end then costs the next step's start nothing for its lineage. What `work` throws
   * goes to `onError`: it must not fail a read that happened to run it.
   */
  later(work: () => void, onError: (error: unknown) => void): void {
    this.queued.push({ work, onError });
    this.scheduled ??= setImmediate(() => this.settle());
  }

  /** Runs what `later` queued (nothing while it runs: the queued work itself reads and writes through here). */
  settle(): void {
    if (this.settling) return;
    if (this.scheduled !== undefined) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    this.settling = true;
    try {
      for (let next = this.queued.shift(); next !== undefined; next = this.queued.shift()) {
        try {
          next.work();
        } catch (error) {
          next.onError(error);
        }
      }
    } finally {
      this.settling = false;
    }
  }

  /** The database, with what `later` queued recorded first. */
  private get ready(): Db {
    this.settle();
    return this.db;
  }

  /** Inserts the entity, or replaces its type, source and document when its ARN is already there. */
  putEntity(entity: LineageEntityRecord): void {
    this.ready
      .prepare(
        `INSERT INTO lineage_entities (arn, kind, name, type, source_uri, document, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (arn) DO UPDATE SET type = excluded.type, source_uri = excluded.source_uri, document = excluded.document, modified_at = excluded.modified_at`,
      )
      .run(entity.arn, entity.kind, entity.name, entity.type, entity.sourceUri, entity.document, entity.createdAt, entity.modifiedAt);
  }

  /** Inserts the entity unless its ARN is there; true when it was inserted. */
  insertEntity(entity: LineageEntityRecord): boolean {
    return (
      this.ready
        .prepare(
          `INSERT INTO lineage_entities (arn, kind, name, type, source_uri, document, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (arn) DO NOTHING`,
        )
        .run(entity.arn, entity.kind, entity.name, entity.type, entity.sourceUri, entity.document, entity.createdAt, entity.modifiedAt).changes > 0
    );
  }

  entity(arn: string): LineageEntityRecord | undefined {
    return this.ready.prepare(`SELECT ${entityColumns} FROM lineage_entities WHERE arn = ?`).get(arn) as LineageEntityRecord | undefined;
  }

  entityByName(kind: LineageKind, name: string): LineageEntityRecord | undefined {
    return this.ready.prepare(`SELECT ${entityColumns} FROM lineage_entities WHERE kind = ? AND name = ? COLLATE NOCASE`).get(kind, name) as
      LineageEntityRecord | undefined;
  }

  deleteEntity(arn: string): boolean {
    return this.ready.prepare('DELETE FROM lineage_entities WHERE arn = ?').run(arn).changes > 0;
  }

  listEntities(query: LineageEntityQuery): LineageEntityRecord[] {
    const where = new Where().add('kind = ?', query.kind).range('created_at', query);
    if (query.sourceUri !== undefined) where.add('source_uri = ?', query.sourceUri);
    if (query.type !== undefined) where.add('type = ?', query.type);
    const direction = query.descending ? 'DESC' : 'ASC';
    const order = query.sortBy === 'name' ? `name ${direction}, arn` : `created_at ${direction}, arn`;
    return this.ready
      .prepare(`SELECT ${entityColumns} FROM lineage_entities ${where.toSql()} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...where.values, query.limit, query.offset) as LineageEntityRecord[];
  }

  /** Adds the association unless one joins the same two entities; true when it was added. */
  associate(association: LineageAssociationRecord): boolean {
    return (
      this.ready
        .prepare(
          `INSERT INTO lineage_associations (source_arn, destination_arn, association_type, created_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (source_arn, destination_arn) DO NOTHING`,
        )
        .run(association.sourceArn, association.destinationArn, association.associationType, association.createdAt).changes > 0
    );
  }

  dissociate(sourceArn: string, destinationArn: string): boolean {
    return this.ready.prepare('DELETE FROM lineage_associations WHERE source_arn = ? AND destination_arn = ?').run(sourceArn, destinationArn).changes > 0;
  }

  listAssociations(query: AssociationQuery): AssociationRow[] {
    const where = new Where().range('a.created_at', query);
    if (query.sourceArn !== undefined) where.add('a.source_arn = ?', query.sourceArn);
    if (query.destinationArn !== undefined) where.add('a.destination_arn = ?', query.destinationArn);
    if (query.associationType !== undefined) where.add('a.association_type = ?', query.associationType);
    if (query.sourceType !== undefined) where.add('(s.kind = ? OR s.type = ?)', query.sourceType, query.sourceType);
    if (query.destinationType !== undefined) where.add('(d.kind = ? OR d.type = ?)', query.destinationType, query.destinationType);
    const direction = query.descending ? 'DESC' : 'ASC';
    return this.ready
      .prepare(
        `SELECT a.source_arn AS sourceArn, a.destination_arn AS destinationArn, a.association_type AS associationType, a.created_at AS createdAt,
           s.kind AS sourceKind, s.type AS sourceType, s.name AS sourceName, d.kind AS destinationKind, d.type AS destinationType, d.name AS destinationName
         FROM lineage_associations a JOIN lineage_entities s ON s.arn = a.source_arn JOIN lineage_entities d ON d.arn = a.destination_arn
         ${where.toSql()} ORDER BY ${associationSort[query.sortBy]} ${direction}, a.source_arn, a.destination_arn LIMIT ? OFFSET ?`,
      )
      .all(...where.values, query.limit, query.offset) as AssociationRow[];
  }

  /** The associations that leave `arn` (outgoing) or arrive at it (incoming). */
  associationsOf(arn: string, side: 'outgoing' | 'incoming'): LineageAssociationRecord[] {
    const column = side === 'outgoing' ? 'source_arn' : 'destination_arn';
    return this.ready
      .prepare(
        `SELECT source_arn AS sourceArn, destination_arn AS destinationArn, association_type AS associationType, created_at AS createdAt
         FROM lineage_associations WHERE ${column} = ? ORDER BY created_at, source_arn, destination_arn`,
      )
      .all(arn) as LineageAssociationRecord[];
  }
}
