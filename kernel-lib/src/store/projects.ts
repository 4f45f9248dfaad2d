import type { Db } from './database.js';
import { likeLiteral, Where, type TimeRange, type Window } from './query.js';

export interface ProjectRecord {
  id: string;
  name: string;
  arn: string;
  description: string | null;
  status: string;
  templateId: string;
  /** The seed repository's folder on this machine. */
  repositoryPath: string;
  modelPackageGroupName: string;
  /** JSON list of {Key, Value}. */
  createdAt: number;
  modifiedAt: number;
}

export interface ProjectQuery extends TimeRange, Window {
  nameContains?: string | undefined;
  sortBy: 'name' | 'createdAt';
}

const columns = `id, name, arn, description, status, template_id AS templateId, repository_path AS repositoryPath,
  model_package_group_name AS modelPackageGroupName, created_at AS createdAt, modified_at AS modifiedAt`;

/** Projects: a name, the template they came from, the repository and group they own. */
export class ProjectStore {
  constructor(private readonly db: Db) {}

  byName(name: string): ProjectRecord | undefined {
    return this.db.prepare(`SELECT ${columns} FROM projects WHERE name = ?`).get(name) as ProjectRecord | undefined;
  }

  byId(id: string): ProjectRecord | undefined {
    return this.db.prepare(`SELECT ${columns} FROM projects WHERE id = ?`).get(id) as ProjectRecord | undefined;
  }

  /** Undefined when the name is taken. */
  create(project: ProjectRecord): ProjectRecord | undefined {
    return this.db
      .transaction(() => {
        if (this.byName(project.name) !== undefined) return undefined;
        this.db
          .prepare(
            `INSERT INTO projects (id, name, arn, description, status, template_id, repository_path, model_package_group_name, created_at, modified_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            project.id,
            project.name,
            project.arn,
            project.description,
            project.status,
            project.templateId,
            project.repositoryPath,
            project.modelPackageGroupName,
            project.createdAt,
            project.modifiedAt,
          );
        return this.byId(project.id);
      })
      .immediate();
  }

  setStatus(id: string, status: string, now: number): void {
    this.db.prepare('UPDATE projects SET status = ?, modified_at = ? WHERE id = ?').run(status, now, id);
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM projects WHERE id = ?').run(id).changes > 0;
  }

  list(query: ProjectQuery): ProjectRecord[] {
    const where = new Where().range('created_at', query);
    if (query.nameContains !== undefined) where.add(`name LIKE ? ESCAPE '\\'`, `%${likeLiteral(query.nameContains)}%`);
    const direction = query.descending ? 'DESC' : 'ASC';
    const order = query.sortBy === 'name' ? `name ${direction}` : `created_at ${direction}, rowid ${direction}`;
    return this.db
      .prepare(`SELECT ${columns} FROM projects ${where.toSql()} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...where.values, query.limit, query.offset) as ProjectRecord[];
  }
}
