import type { Db } from './database.js';
import { likeLiteral, Where, type TimeRange, type Window } from './query.js';

export interface ModelPackageGroupRecord {
  name: string;
  arn: string;
  description: string | null;
  status: string;
  createdAt: number;
}

export interface ModelPackageRecord {
  arn: string;
  name: string;
  groupName: string | null;
  version: number | null;
  approvalStatus: string | null;
  status: string;
  description: string | null;
  /** The package's other fields as JSON; the service owns its shape. */
  document: string;
  createdAt: number;
  modifiedAt: number;
}

export interface GroupQuery extends TimeRange, Window {
  nameContains?: string | undefined;
  sortBy: 'name' | 'createdAt';
}

export interface PackageQuery extends TimeRange, Window {
  groupName?: string | undefined;
  approvalStatus?: string | undefined;
  kind: 'versioned' | 'unversioned' | 'both';
  nameContains?: string | undefined;
  sortBy: 'name' | 'createdAt';
}

export type NewModelPackage = Omit<ModelPackageRecord, 'arn' | 'version' | 'modifiedAt'>;

const groupColumns = 'name, arn, description, status, created_at AS createdAt';
const packageColumns = `arn, name, group_name AS groupName, version, approval_status AS approvalStatus, status, description,
  document, created_at AS createdAt, modified_at AS modifiedAt`;

/** Model package groups and the numbered versions registered in them. */
export class ModelRegistryStore {
  constructor(private readonly db: Db) {}

  group(name: string): ModelPackageGroupRecord | undefined {
    return this.db.prepare(`SELECT ${groupColumns} FROM model_package_groups WHERE name = ?`).get(name) as ModelPackageGroupRecord | undefined;
  }

  /** Undefined when the name is taken. */
  createGroup(group: Omit<ModelPackageGroupRecord, 'status'>): ModelPackageGroupRecord | undefined {
    return this.db
      .transaction(() => {
        if (this.group(group.name) !== undefined) return undefined;
        this.db
          .prepare(`INSERT INTO model_package_groups (name, arn, description, status, created_at) VALUES (?, ?, ?, 'Completed', ?)`)
          .run(group.name, group.arn, group.description, group.createdAt);
        return this.group(group.name);
      })
      .immediate();
  }

  /** 'not-found', 'not-empty' (it still holds packages) or the deleted group. */
  deleteGroup(name: string): ModelPackageGroupRecord | 'not-found' | 'not-empty' {
    return this.db
      .transaction(() => {
        const group = this.group(name);
        if (group === undefined) return 'not-found' as const;
        const held = this.db.prepare('SELECT COUNT(*) AS count FROM model_packages WHERE group_name = ?').get(group.name) as { count: number };
        if (held.count > 0) return 'not-empty' as const;
        this.db.prepare('DELETE FROM model_package_groups WHERE name = ?').run(group.name);
        return group;
      })
      .immediate();
  }

  listGroups(query: GroupQuery): ModelPackageGroupRecord[] {
    const where = new Where().range('created_at', query);
    if (query.nameContains !== undefined) where.add(`name LIKE ? ESCAPE '\\'`, `%${likeLiteral(query.nameContains)}%`);
    const direction = query.descending ? 'DESC' : 'ASC';
    const order = query.sortBy === 'name' ? `name ${direction}` : `created_at ${direction}, rowid ${direction}`;
    return this.db
      .prepare(`SELECT ${groupColumns} FROM model_package_groups ${where.toSql()} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...where.values, query.limit, query.offset) as ModelPackageGroupRecord[];
  }

  /**
   * Registers the next version in a group (numbered from 1, never reused); `arnFor` names it once the
   * number is known. Undefined when the group does not exist.
   */
  createVersioned(pkg: NewModelPackage & { groupName: string }, arnFor: (version: number) => string): ModelPackageRecord | undefined {
    return this.db
      .transaction(() => {
        const group = this.group(pkg.groupName);
        if (group === undefined) return undefined;
        const { lastVersion } = this.db.prepare('SELECT last_version AS lastVersion FROM model_package_groups WHERE name = ?').get(group.name) as {
          lastVersion: number;
        };
        const version = lastVersion + 1;
        this.db.prepare('UPDATE model_package_groups SET last_version = ? WHERE name = ?').run(version, group.name);
        const arn = arnFor(version);
        this.insert({ ...pkg, groupName: group.name, name: group.name }, arn, version);
        return this.package(arn);
      })
      .immediate();
  }

  /** Undefined when the name is taken. */
  createUnversioned(pkg: NewModelPackage, arn: string): ModelPackageRecord | undefined {
    return this.db
      .transaction(() => {
        if (this.package(arn) !== undefined) return undefined;
        this.insert({ ...pkg, groupName: null }, arn, null);
        return this.package(arn);
      })
      .immediate();
  }

  package(arn: string): ModelPackageRecord | undefined {
    return this.db.prepare(`SELECT ${packageColumns} FROM model_packages WHERE arn = ?`).get(arn) as ModelPackageRecord | undefined;
  }

  updatePackage(arn: string, changes: { approvalStatus: string | null; document: string }, now: number): ModelPackageRecord | undefined {
    return this.db
      .transaction(() => {
        const result = this.db
          .prepare('UPDATE model_packages SET approval_status = ?, document = ?, modified_at = ? WHERE arn = ?')
          .run(changes.approvalStatus, changes.document, now, arn);
        return result.changes === 0 ? undefined : this.package(arn);
      })
      .immediate();
  }

  deletePackage(arn: string): boolean {
    return this.db.transaction(() => this.db.prepare('DELETE FROM model_packages WHERE arn = ?').run(arn).changes > 0).immediate();
  }

  listPackages(query: PackageQuery): ModelPackageRecord[] {
    const where = new Where().range('created_at', query);
    if (query.groupName !== undefined) where.add('group_name = ?', query.groupName);
    if (query.approvalStatus !== undefined) where.add('approval_status = ?', query.approvalStatus);
    if (query.kind === 'versioned') where.add('version IS NOT NULL');
    if (query.kind === 'unversioned') where.add('version IS NULL');
    if (query.nameContains !== undefined) where.add(`name LIKE ? ESCAPE '\\'`, `%${likeLiteral(query.nameContains)}%`);
    const direction = query.descending ? 'DESC' : 'ASC';
    const order = query.sortBy === 'name' ? `name ${direction}, version ${direction}` : `created_at ${direction}, rowid ${direction}`;
    return this.db
      .prepare(`SELECT ${packageColumns} FROM model_packages ${where.toSql()} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...where.values, query.limit, query.offset) as ModelPackageRecord[];
  }

  private insert(pkg: NewModelPackage, arn: string, version: number | null): void {
    this.db
      .prepare(
        `INSERT INTO model_packages (arn, name, group_name, version, approval_status, status, description, document, created_at, modified_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(arn, pkg.name, pkg.groupName, version, pkg.approvalStatus, pkg.status, pkg.description, pkg.document, pkg.createdAt, pkg.createdAt);
  }
}
