import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from './migrations.js';

export type Db = Database.Database;

/** Opens (creating if needed) the store's SQLite file in WAL mode and brings its schema up to date. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode; only an OS crash could lose the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  cacheStatements(db);
  try {
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** How many compiled statements a database keeps; the store's SQL texts are far fewer, the bound only guards dynamic ones. */
const statementCacheSize = 500;

/**
 * `db.prepare(sql)` compiles a statement once per SQL text and hands the same one back after: a query run on every
 * request (DescribePipelineExecution) or every step update no longer pays SQLite's compilation each time. Safe
 * because the store never changes a statement's mode (pluck, raw, expand) nor iterates one while running it again.
 */
function cacheStatements(db: Db): void {
  const compile = db.prepare.bind(db);
  const statements = new Map<string, Database.Statement>();
  db.prepare = ((source: string) => {
    let statement = statements.get(source);
    if (statement === undefined) {
      statement = compile(source);
      if (statements.size >= statementCacheSize) statements.delete(statements.keys().next().value!);
      statements.set(source, statement);
    }
    return statement;
  }) as Db['prepare'];
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Db): void {
  const current = schemaVersion(db);
  if (current > migrations.length) {
    throw new Error(`The database has schema version ${current}, newer than this sluice (${migrations.length}); upgrade sluice`);
  }
  for (let version = current; version < migrations.length; version += 1) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
