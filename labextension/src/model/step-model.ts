/**
 * One step of an execution, for its pane: the job it ran (name, instance type, image), what the job read and
 * wrote (inputs, settings, outputs with their files, property files' JSON), its metrics, the condition it
 * evaluated and its log. It does not poll: it reads again when the execution says the step's status changed.
 */
import { errorText } from '../api/errors';
import type { ConditionStepEvaluation, ExecutionStep, ServiceClient } from '../api/operations';
import { loadExecutedNotebook, type ExecutedNotebook } from './executed-notebook';
import { readArtifact } from './artifacts';
import type { ExecutionModel } from './execution-model';
import type { PropertyFile } from './graph';
import { PolledModel } from './polled-model';
import { listOutputFiles, loadStepIO, readPropertyFile, type StepInput, type StepIO, type StepJob, type StepMetric } from './step-io';
import type { MetricPoint } from 'sluice/metric-charts';
import { readMetricSeries } from './metric-series';
import { StepLogModel } from './step-log-model';
import { jobOf, stepStateLabel, type StepState } from './step-status';

/** Step types that run inside the service, without a job (so without a log). */
const inServiceTypes = new Set(['Condition', 'Fail', 'Model', 'RegisterModel', 'CreateModel']);

/** An output of the step's job and the files under it, listed once the step has finished. */
export interface StepOutputFiles {
  name: string;
  uri: string;
  files: string[];
  problem?: string;
}

/** A property file the step wrote, with its JSON once the step has finished. */
export interface StepPropertyFile extends PropertyFile {
  json?: unknown;
  problem?: string;
}

/** An S3 URI or ARN the step recorded in its Metadata, with where it sits there (`RegisterModel.Arn`). */
export interface RecordedValue {
  path: string;
  value: string;
}

export class StepModel extends PolledModel {
  private _jobName: string | undefined;
  private _io: StepIO | undefined;
  private _ioProblem: string | undefined;
  private _outputs: StepOutputFiles[] = [];
  private _propertyFiles: StepPropertyFile[] = [];
  private _series: ReadonlyMap<string, MetricPoint[]> = new Map();
  private _seriesProblem: string | undefined;
  private _log: StepLogModel | undefined;
  /** The step's status and job when last read: a change of either reads the step again. */
  private _readFor: string | undefined;

  constructor(
    client: ServiceClient,
    readonly execution: ExecutionModel,
    readonly stepName: string,
  ) {
    super(client, 1000);
    execution.changed.connect(this.onExecutionChanged, this);
    void this.reload();
  }

  get stepType(): string {
    return this.execution.graph?.nodes.find((node) => node.id === this.stepName)?.stepType ?? '';
  }

  /** The step's latest row; undefined until it starts. */
  get row(): ExecutionStep | undefined {
    return this.execution.stepRow(this.stepName);
  }

  get state(): StepState {
    return this.execution.stepState(this.stepName);
  }

  get stateLabel(): string {
    return stepStateLabel[this.state];
  }

  /** True for steps that run inside the service (Condition, Fail, RegisterModel…): no job, so no log. */
  get runsInService(): boolean {
    return inServiceTypes.has(this.stepType);
  }

  /** The job's name, as soon as the step has one (before it is described). */
  get jobName(): string | undefined {
    return this._jobName;
  }

  /** The job as the Overview names it; undefined for a step without a job, or until it is read. */
  get job(): StepJob | undefined {
    return this._io?.job;
  }

  /** Undefined for a step that ran inside the service, or until the job is read. */
  get inputs(): readonly StepInput[] | undefined {
    return this._io?.inputs;
  }

  /** Image, arguments, hyper-parameters, environment: what the job ran with. */
  get settings(): readonly { name: string; value: string }[] {
    return this._io?.settings ?? [];
  }

  get hasJob(): boolean {
    return this._io !== undefined;
  }

  /** Why the job could not be read. */
  get ioProblem(): string | undefined {
    return this._ioProblem;
  }

  get outputs(): readonly StepOutputFiles[] {
    return this._outputs;
  }

  get propertyFiles(): readonly StepPropertyFile[] {
    return this._propertyFiles;
  }

  /** Every S3 URI and ARN in the step's Metadata (a model package's ARN, a job's ARN, a model's artifacts). */
  get recorded(): readonly RecordedValue[] {
    const recorded: RecordedValue[] = [];
    const visit = (value: unknown, path: string): void => {
      if (typeof value === 'string' && (value.startsWith('s3://') || value.startsWith('arn:'))) recorded.push({ path, value });
      else if (Array.isArray(value)) value.forEach((item, index) => visit(item, `${path}[${index}]`));
      else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) visit(item, path ? `${path}.${key}` : key);
    };
    visit(this.row?.Metadata, '');
    return recorded;
  }

  /** Metrics the step's Metadata names, then a training job's final metrics. */
  get metrics(): readonly StepMetric[] {
    return [...metadataMetrics(this.row?.Metadata), ...(this._io?.metrics ?? [])];
  }

  /** A finished training job's metrics over its run (its MetricDefinitions' values in log order), by metric name. */
  get metricSeries(): ReadonlyMap<string, readonly MetricPoint[]> {
    return this._series;
  }

  /** Why the metrics over the run could not be read. */
  get metricSeriesProblem(): string | undefined {
    return this._seriesProblem;
  }

  /** A finished Condition step's outcome: 'true' or 'false'. */
  get outcome(): 'true' | 'false' | undefined {
    return this.execution.outcomeOf(this.stepName);
  }

  /** A finished Condition step's conditions as evaluated, where the service keeps them. */
  get condition(): ConditionStepEvaluation | undefined {
    return this.execution.conditionOf(this.stepName);
  }

  /** The job's log, once the step has a job; a view shows it by making it visible. */
  get log(): StepLogModel | undefined {
    return this._log;
  }

  /** A file under one of the outputs, for a download. */
  readFile(uri: string): Promise<Uint8Array> {
    return readArtifact(this.client, uri);
  }

  /** A notebook step's executed notebook (its training job's output.tar.gz); undefined for other steps. */
  async executedNotebook(): Promise<ExecutedNotebook | undefined> {
    const job = this.job;
    return job?.kind === 'TrainingJob' ? loadExecutedNotebook(this.client, job.name) : undefined;
  }

  override dispose(): void {
    this._log?.dispose();
    super.dispose();
  }

  /** Follows the execution, not a poll of its own. */
  protected override get finished(): boolean {
    return true;
  }

  protected async load(): Promise<void> {
    const row = this.row;
    const readFor = this.readKey();
    // A step that is still starting may not name its job yet: it is found by the name SageMaker gives it.
    const jobName = jobOf(row)?.name ?? (row !== undefined && !this.runsInService ? await this.execution.jobOf(this.stepName) : undefined);
    let io: StepIO | undefined;
    let ioProblem: string | undefined;
    try {
      io = await loadStepIO(this.client, row);
    } catch (error) {
      ioProblem = errorText(error);
    }
    const finished = row?.StepStatus === 'Succeeded' || row?.StepStatus === 'Failed';
    const outputs = await Promise.all(
      (io?.outputs ?? []).map(async (output): Promise<StepOutputFiles> => {
        if (!finished) return { ...output, files: [] };
        return listOutputFiles(this.client, output.uri).then(
          (files) => ({ ...output, files }),
          (error: unknown) => ({ ...output, files: [], problem: errorText(error) }),
        );
      }),
    );
    const declared = this.execution.graph?.nodes.find((node) => node.id === this.stepName)?.propertyFiles ?? [];
    const propertyFiles = await Promise.all(
      (finished && io ? declared : []).map(async (file): Promise<StepPropertyFile> => {
        try {
          return { ...file, json: await readPropertyFile(this.client, file, io?.outputs ?? []) };
        } catch (error) {
          return { ...file, problem: errorText(error) };
        }
      }),
    );
    // The values over the run are recorded when the training job ends.
    let series: ReadonlyMap<string, MetricPoint[]> = new Map();
    let seriesProblem: string | undefined;
    if (finished && io?.job.kind === 'TrainingJob' && io.job.arn !== undefined) {
      try {
        series = await readMetricSeries(
          this.client,
          io.job.arn,
          io.metrics.map((metric) => metric.name),
        );
      } catch (error) {
        seriesProblem = errorText(error);
      }
    }
    if (this.isDisposed) return;
    this._series = series;
    this._seriesProblem = seriesProblem;
    this._readFor = readFor;
    this._jobName = jobName;
    this._io = io;
    this._ioProblem = ioProblem;
    this._outputs = outputs;
    this._propertyFiles = propertyFiles;
    if (jobName !== undefined && this._log?.jobName !== jobName) {
      this._log?.dispose();
      this._log = new StepLogModel(this.client, jobName);
      // Hidden until the Logs tab shows it.
      this._log.visible = false;
    }
  }

  private readKey(): string {
    const row = this.row;
    return `${row?.StepStatus ?? ''}:${jobOf(row)?.name ?? ''}`;
  }

  private onExecutionChanged(): void {
    // A running step's job may only be found by name: look again on each change until it is.
    const stillLooking = this._jobName === undefined && this.row !== undefined && !this.runsInService;
    if (this.readKey() !== this._readFor || stillLooking) void this.reload();
    else this.emitChanged();
  }
}

/** Metrics in a step's Metadata: any `{MetricName, Value}` at any depth. */
function metadataMetrics(value: unknown, into: StepMetric[] = []): StepMetric[] {
  if (Array.isArray(value)) value.forEach((item) => metadataMetrics(item, into));
  else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (typeof record.MetricName === 'string' && record.Value !== undefined) into.push({ name: record.MetricName, value: String(record.Value) });
    else Object.values(record).forEach((item) => metadataMetrics(item, into));
  }
  return into;
}
