import type { Db } from './database.js';
import { Where, type TimeRange, type Window } from './query.js';

/** An experiment or a trial: its Describe document (without times) as JSON. */
export interface ExperimentRecord {
  name: string;
  arn: string;
  document: string;
  createdAt: number;
  modifiedAt: number;
}

export interface TrialRecord extends ExperimentRecord {
  experimentName: string;
}

export interface ExperimentQuery extends TimeRange, Window {
  sortBy: 'name' | 'createdAt';
  /** Trials only: of this experiment, or holding this trial component. */
  experimentName?: string | undefined;
  trialComponentName?: string | undefined;
}

/** One value of a named metric: when it was logged (epoch seconds) and the value. */
export interface MetricPointOf {
  metricName: string;
  timestamp: number;
  value: number;
}

const columns = 'name, arn, document, created_at AS createdAt, modified_at AS modifiedAt';
const sortColumns = { name: 'name', createdAt: 'created_at' } as const;

/** SageMaker Experiments: experiments, their trials, the trial components each trial holds, and the metrics runs log. */
export class ExperimentStore {
  constructor(private readonly db: Db) {}

  /** False when the name is taken. */
  createExperiment(experiment: ExperimentRecord): boolean {
    return (
      this.db
        .prepare('INSERT INTO experiments (name, arn, document, created_at, modified_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .run(experiment.name, experiment.arn, experiment.document, experiment.createdAt, experiment.modifiedAt).changes > 0
    );
  }

  experiment(name: string): ExperimentRecord | undefined {
    return this.db.prepare(`SELECT ${columns} FROM experiments WHERE name = ?`).get(name) as ExperimentRecord | undefined;
  }

  listExperiments(query: ExperimentQuery): ExperimentRecord[] {
    const where = new Where().range('created_at', query);
    return this.db
      .prepare(
        `SELECT ${columns} FROM experiments ${where.toSql()} ORDER BY ${sortColumns[query.sortBy]} ${query.descending ? 'DESC' : 'ASC'}, name LIMIT ? OFFSET ?`,
      )
      .all(...where.values, query.limit, query.offset) as ExperimentRecord[];
  }

  /** 'has-trials' when trials still belong to it, as SageMaker refuses then. */
  deleteExperiment(name: string): 'deleted' | 'not-found' | 'has-trials' {
    return this.deleteUnlessHeld('experiments', name, 'SELECT 1 FROM trials WHERE experiment_name = ? LIMIT 1', 'has-trials');
  }

  /** False when the name is taken. */
  createTrial(trial: TrialRecord): boolean {
    return (
      this.db
        .prepare('INSERT INTO trials (name, arn, experiment_name, document, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .run(trial.name, trial.arn, trial.experimentName, trial.document, trial.createdAt, trial.modifiedAt).changes > 0
    );
  }

  trial(name: string): TrialRecord | undefined {
    return this.db.prepare(`SELECT ${columns}, experiment_name AS experimentName FROM trials WHERE name = ?`).get(name) as TrialRecord | undefined;
  }

  listTrials(query: ExperimentQuery): TrialRecord[] {
    const where = new Where().range('created_at', query);
    if (query.experimentName !== undefined) where.add('experiment_name = ?', query.experimentName);
    if (query.trialComponentName !== undefined)
      where.add('name IN (SELECT trial_name FROM trial_members WHERE trial_component_name = ?)', query.trialComponentName);
    return this.db
      .prepare(
        `SELECT ${columns}, experiment_name AS experimentName FROM trials ${where.toSql()} ORDER BY ${sortColumns[query.sortBy]} ${query.descending ? 'DESC' : 'ASC'}, name LIMIT ? OFFSET ?`,
      )
      .all(...where.values, query.limit, query.offset) as TrialRecord[];
  }

  /** 'has-components' when trial components are still associated, as SageMaker refuses then. */
  deleteTrial(name: string): 'deleted' | 'not-found' | 'has-components' {
    return this.deleteUnlessHeld('trials', name, 'SELECT 1 FROM trial_members WHERE trial_name = ? LIMIT 1', 'has-components');
  }

  /** Deletes the row unless `held` (a query on its name) finds something that still belongs to it. */
  private deleteUnlessHeld<Held extends string>(table: 'experiments' | 'trials', name: string, held: string, outcome: Held): 'deleted' | 'not-found' | Held {
    return this.db
      .transaction((): 'deleted' | 'not-found' | Held => {
        if (this.db.prepare(`SELECT 1 FROM ${table} WHERE name = ?`).get(name) === undefined) return 'not-found';
        if (this.db.prepare(held).get(name) !== undefined) return outcome;
        this.db.prepare(`DELETE FROM ${table} WHERE name = ?`).run(name);
        return 'deleted';
      })
      .immediate();
  }

  /** False when the trial already holds it. */
  associate(trialName: string, trialComponentName: string, now: number): boolean {
    return (
      this.db
        .prepare('INSERT INTO trial_members (trial_name, trial_component_name, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
        .run(trialName, trialComponentName, now).changes > 0
    );
  }

  /** False when the trial did not hold it. */
  dissociate(trialName: string, trialComponentName: string): boolean {
    return this.db.prepare('DELETE FROM trial_members WHERE trial_name = ? AND trial_component_name = ?').run(trialName, trialComponentName).changes > 0;
  }

  /** The trials holding the trial component, with their experiments, oldest first. */
  parents(trialComponentName: string): { trialName: string; experimentName: string }[] {
    return this.db
      .prepare(
        `SELECT t.name AS trialName, t.experiment_name AS experimentName FROM trial_members m JOIN trials t ON t.name = m.trial_name
         WHERE m.trial_component_name = ? ORDER BY m.created_at, t.name`,
      )
      .all(trialComponentName) as { trialName: string; experimentName: string }[];
  }

  /** The names of the trial components the trial holds (or, with `experiment`, that any trial of the experiment holds). */
  members(name: string, of: 'trial' | 'experiment'): string[] {
    const sql =
      of === 'trial'
        ? 'SELECT trial_component_name AS name FROM trial_members WHERE trial_name = ?'
        : 'SELECT DISTINCT m.trial_component_name AS name FROM trial_members m JOIN trials t ON t.name = m.trial_name WHERE t.experiment_name = ?';
    return (this.db.prepare(sql).all(name) as { name: string }[]).map((row) => row.name);
  }

  /** Forgets what was associated with and logged to a deleted trial component. */
  forgetTrialComponent(name: string): void {
    this.db.prepare('DELETE FROM trial_members WHERE trial_component_name = ?').run(name);
    this.db.prepare('DELETE FROM trial_component_metrics WHERE trial_component_name = ?').run(name);
  }

  putMetrics(trialComponentName: string, points: readonly { name: string; step: number | null; timestamp: number; value: number }[]): void {
    const insert = this.db.prepare('INSERT INTO trial_component_metrics (trial_component_name, metric_name, step, timestamp, value) VALUES (?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const point of points) insert.run(trialComponentName, point.name, point.step, point.timestamp, point.value);
    })();
  }

  /** The values logged to the trial component, in the order they were logged. */
  metricPoints(trialComponentName: string): MetricPointOf[] {
    return this.db
      .prepare('SELECT metric_name AS metricName, timestamp, value FROM trial_component_metrics WHERE trial_component_name = ? ORDER BY rowid')
      .all(trialComponentName) as MetricPointOf[];
  }
}
