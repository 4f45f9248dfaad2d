import { join } from 'node:path';
import Database from 'better-sqlite3';
import { schemaVersion, Store } from '../../kernel-lib/src/store/index.js';
import { migrations } from '../../kernel-lib/src/store/migrations.js';
import { temporaryHome } from './service-harness.js';

describe('the store', () => {
  const { home, remove } = temporaryHome();
  const file = join(home, 'sluice.db');
  afterAll(() => remove());

  it('creates the schema at the latest version, in WAL mode', () => {
    const store = Store.open(file);
    try {
      expect(schemaVersion(store.db)).toBe(migrations.length);
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      store.close();
    }
  });

  it('keeps what was written across a reopen, and does not migrate twice', () => {
    const first = Store.open(file);
    first.pipelines.create({
      name: 'Kept',
      arn: 'arn:kept',
      definition: '{}',
      displayName: null,
      description: null,
      roleArn: 'r',
      maxParallelSteps: null,
      createdAt: 1,
    });
    first.close();
    const second = Store.open(file);
    try {
      expect(second.pipelines.get('kept')?.name).toBe('Kept');
      expect(schemaVersion(second.db)).toBe(migrations.length);
    } finally {
      second.close();
    }
  });

  it('moves the tags a store kept in its rows into the one tag table', () => {
    const old = join(home, 'before-tags.db');
    const db = new Database(old);
    // The store as it was before the migration that made the tag table.
    const before = migrations.findIndex((migration) => migration.includes('CREATE TABLE resource_tags'));
    for (const migration of migrations.slice(0, before)) db.exec(migration);
    db.pragma(`user_version = ${before}`);
    db.prepare(
      `INSERT INTO pipelines (name, arn, role_arn, status, tags, latest_version, created_at, modified_at) VALUES ('Tagged', 'arn:tagged', 'r', 'Active', ?, 1, 1, 1)`,
    ).run(JSON.stringify([{ Key: 'team', Value: 'ml' }]));
    db.prepare(
      `INSERT INTO pipelines (name, arn, role_arn, status, latest_version, created_at, modified_at) VALUES ('Bare', 'arn:bare', 'r', 'Active', 1, 1, 1)`,
    ).run();
    db.close();
    const store = Store.open(old);
    try {
      expect(JSON.parse(store.resourceTags.get('arn:tagged'))).toEqual([{ Key: 'team', Value: 'ml' }]);
      expect(store.resourceTags.get('arn:bare')).toBe('[]');
    } finally {
      store.close();
    }
  });

  it('rolls a failed transaction back whole', () => {
    const store = Store.open(file);
    try {
      expect(() =>
        store.transaction(() => {
          store.modelRegistry.createGroup({ name: 'Half', arn: 'arn:half', description: null, createdAt: 1 });
          throw new Error('crash half way');
        }),
      ).toThrow('crash half way');
      expect(store.modelRegistry.group('Half')).toBeUndefined();
    } finally {
      store.close();
    }
  });

  describe("lineage recorded later (what a job records at its end, off the next step's start)", () => {
    const artifact = (arn: string, sourceUri: string) => ({
      arn,
      kind: 'Artifact' as const,
      name: null,
      type: 'DataSet',
      sourceUri,
      document: '{}',
      createdAt: 1,
      modifiedAt: 1,
    });

    it('is not written at once, but before any read of lineage, in the order queued', () => {
      const store = Store.open(file);
      try {
        const errors: unknown[] = [];
        store.lineage.later(
          () => store.lineage.insertEntity(artifact('arn:a', 's3://b/first')),
          (error) => errors.push(error),
        );
        store.lineage.later(
          () => store.lineage.associate({ sourceArn: 'arn:a', destinationArn: 'arn:a', associationType: 'SameAs', createdAt: 2 }),
          (error) => errors.push(error),
        );
        // Not yet in the table: only a read through the lineage store runs the queue.
        expect(store.db.prepare('SELECT COUNT(*) AS n FROM lineage_entities').get()).toEqual({ n: 0 });
        // The association needs the entity first (a foreign key): both arrive, in order.
        expect(store.lineage.associationsOf('arn:a', 'outgoing').map((row) => row.associationType)).toEqual(['SameAs']);
        expect(store.lineage.entity('arn:a')?.sourceUri).toBe('s3://b/first');
        expect(errors).toEqual([]);
      } finally {
        store.close();
      }
    });

    it('is written once the event loop is free, with no read to ask for it', async () => {
      const store = Store.open(file);
      try {
        store.lineage.later(
          () => store.lineage.insertEntity(artifact('arn:b', 's3://b/second')),
          () => undefined,
        );
        await new Promise((resolve) => setImmediate(resolve));
        expect(store.db.prepare("SELECT source_uri AS uri FROM lineage_entities WHERE arn = 'arn:b'").get()).toEqual({ uri: 's3://b/second' });
      } finally {
        store.close();
      }
    });

    it('is written before the store closes, and a failure goes to its own handler without failing the read that ran it', () => {
      const store = Store.open(file);
      const errors: string[] = [];
      store.lineage.later(
        () => store.lineage.associate({ sourceArn: 'arn:none', destinationArn: 'arn:none', associationType: null, createdAt: 1 }),
        // better-sqlite3's error may come from another module realm than the test's: its message, not instanceof.
        (error) => errors.push(String((error as { message?: unknown }).message)),
      );
      store.lineage.later(
        () => store.lineage.insertEntity(artifact('arn:c', 's3://b/third')),
        () => undefined,
      );
      expect(store.lineage.entity('arn:b')?.sourceUri).toBe('s3://b/second');
      expect(errors).toEqual(['FOREIGN KEY constraint failed']);
      store.lineage.later(
        () => store.lineage.insertEntity(artifact('arn:d', 's3://b/fourth')),
        () => undefined,
      );
      store.close();
      const reopened = Store.open(file);
      try {
        expect(['arn:c', 'arn:d'].map((arn) => reopened.lineage.entity(arn)?.sourceUri)).toEqual(['s3://b/third', 's3://b/fourth']);
      } finally {
        reopened.close();
      }
    });
  });

  it('refuses a database from a newer sluice', () => {
    const store = Store.open(file);
    store.db.pragma(`user_version = ${migrations.length + 1}`);
    store.close();
    expect(() => Store.open(file)).toThrow(/newer than this sluice/);
  });
});
