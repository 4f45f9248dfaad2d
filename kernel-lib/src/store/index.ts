import { openDatabase, type Db } from './database.js';
import { ModelRegistryStore } from './model-registry.js';
import { PipelineStore } from './pipelines.js';
import { RequestTokenStore } from './request-tokens.js';

export type { PipelineRecord, PipelineVersionRecord } from './pipelines.js';
export type { ModelPackageGroupRecord, ModelPackageRecord } from './model-registry.js';
export { schemaVersion } from './database.js';

/** Everything the service keeps, in one SQLite file; knows nothing about HTTP or step semantics. */
export class Store {
  readonly pipelines: PipelineStore;
  readonly modelRegistry: ModelRegistryStore;
  readonly requestTokens: RequestTokenStore;

  constructor(readonly db: Db) {
    this.pipelines = new PipelineStore(db);
    this.modelRegistry = new ModelRegistryStore(db);
    this.requestTokens = new RequestTokenStore(db);
  }

  static open(file: string): Store {
    return new Store(openDatabase(file));
  }

  /** Runs `work` in one write transaction (nested store calls become savepoints). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  close(): void {
    this.db.close();
  }
}
