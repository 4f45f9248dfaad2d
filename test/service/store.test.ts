import { join } from 'node:path';
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
      tags: '[]',
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

  it('rolls a failed transaction back whole', () => {
    const store = Store.open(file);
    try {
      expect(() =>
        store.transaction(() => {
          store.modelRegistry.createGroup({ name: 'Half', arn: 'arn:half', description: null, tags: '[]', createdAt: 1 });
          throw new Error('crash half way');
        }),
      ).toThrow('crash half way');
      expect(store.modelRegistry.group('Half')).toBeUndefined();
    } finally {
      store.close();
    }
  });

  it('refuses a database from a newer sluice', () => {
    const store = Store.open(file);
    store.db.pragma(`user_version = ${migrations.length + 1}`);
    store.close();
    expect(() => Store.open(file)).toThrow(/newer than this sluice/);
  });
});
