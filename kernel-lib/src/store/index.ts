import { openDatabase, type Db } from './database.js';
import { EndpointStore } from './endpoints.js';
import { ExecutionStore } from './executions.js';
import { ExperimentStore } from './experiments.js';
import { JobStore } from './jobs.js';
import { LineageStore } from './lineage.js';
import { ModelRegistryStore } from './model-registry.js';
import { PipelineStore } from './pipelines.js';
import { ProjectStore } from './projects.js';
import { RequestTokenStore } from './request-tokens.js';
import { ResourceTagStore } from './resource-tags.js';
import { ScheduleStore, TriggerStore } from './schedules.js';
import { TrainingMetricStore } from './training-metrics.js';

export type { PipelineRecord, PipelineVersionRecord } from './pipelines.js';
export type { ModelPackageGroupRecord, ModelPackageRecord } from './model-registry.js';
export type { ExecutionRecord } from './executions.js';
export type { ExperimentQuery, ExperimentRecord, MetricPointOf, TrialRecord } from './experiments.js';
export type { JobKind, JobRecord } from './jobs.js';
export type { LineageKind, LineageEntityRecord, AssociationRow } from './lineage.js';
export type { MetricPointRecord } from './training-metrics.js';
export type { ProjectRecord } from './projects.js';
export type { ScheduleRecord, TriggerRecord } from './schedules.js';
export type { EndpointConfigRecord, EndpointRecord, EndpointChange } from './endpoints.js';
export { schemaVersion } from './database.js';

/** Everything the service keeps, in one SQLite file; knows nothing about HTTP or step semantics. */
export class Store {
  readonly pipelines: PipelineStore;
  readonly modelRegistry: ModelRegistryStore;
  readonly requestTokens: RequestTokenStore;
  readonly executions: ExecutionStore;
  readonly jobs: JobStore;
  readonly projects: ProjectStore;
  readonly endpoints: EndpointStore;
  readonly schedules: ScheduleStore;
  readonly triggers: TriggerStore;
  readonly lineage: LineageStore;
  readonly trainingMetrics: TrainingMetricStore;
  readonly resourceTags: ResourceTagStore;
  readonly experiments: ExperimentStore;

  constructor(readonly db: Db) {
    this.executions = new ExecutionStore(db);
    this.jobs = new JobStore(db);
    this.pipelines = new PipelineStore(db);
    this.modelRegistry = new ModelRegistryStore(db);
    this.requestTokens = new RequestTokenStore(db);
    this.projects = new ProjectStore(db);
    this.endpoints = new EndpointStore(db);
    this.schedules = new ScheduleStore(db);
    this.triggers = new TriggerStore(db);
    this.lineage = new LineageStore(db);
    this.trainingMetrics = new TrainingMetricStore(db);
    this.resourceTags = new ResourceTagStore(db);
    this.experiments = new ExperimentStore(db);
  }

  static open(file: string): Store {
    return new Store(openDatabase(file));
  }

  /** Runs `work` in one write transaction (nested store calls become savepoints). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  close(): void {
    this.lineage.settle();
    this.db.close();
  }
}
