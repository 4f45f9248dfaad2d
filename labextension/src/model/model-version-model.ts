/** One model version's page: what was registered, its metrics, the execution that made it, its activity. */
import type { ExecutionStep, ModelPackageDescription, ModelPackageEvent, ServiceClient } from '../api/operations';
import { readJsonArtifact } from './artifacts';
import { LineageModel } from './lineage-model';
import type { ApprovalStatus } from './model-group-model';
import { PolledModel } from './polled-model';

/** One number from a metrics report, named by its path in the report (`regression_metrics.mse.value`). */
export interface ReportedMetric {
  report: string;
  name: string;
  value: number;
}

export interface Lineage {
  executionArn: string;
  /** Known when the execution still exists. */
  pipelineName?: string;
  executionDisplayName?: string;
  executionStatus?: string;
  /** The step that registered the version. */
  stepName?: string;
}

/** Every number in a report, flattened with dotted paths: SageMaker's model-quality JSON nests them freely. */
export function metricsOfReport(report: string, json: unknown): ReportedMetric[] {
  const found: ReportedMetric[] = [];
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'number') found.push({ report, name: path, value });
    else if (Array.isArray(value)) value.forEach((item, index) => visit(item, `${path}[${index}]`));
    else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) visit(item, path ? `${path}.${key}` : key);
  };
  visit(json, '');
  return found;
}

/** The S3 URIs of a version's metric reports, by their place in ModelMetrics (e.g. `ModelQuality.Statistics`). */
export function metricReports(description: ModelPackageDescription | undefined): { report: string; uri: string }[] {
  const reports: { report: string; uri: string }[] = [];
  for (const [section, members] of Object.entries(description?.ModelMetrics ?? {})) {
    for (const [member, value] of Object.entries((members ?? {}) as Record<string, { S3Uri?: string } | undefined>)) {
      if (value?.S3Uri) reports.push({ report: `${section}.${member}`, uri: value.S3Uri });
    }
  }
  return reports;
}

/** Every number in a version's metric reports, and the reports that could not be read, each with why. */
export async function readMetricReports(
  client: ServiceClient,
  description: ModelPackageDescription,
): Promise<{ metrics: ReportedMetric[]; problems: string[] }> {
  const metrics: ReportedMetric[] = [];
  const problems: string[] = [];
  for (const { report, uri } of metricReports(description)) {
    try {
      metrics.push(...metricsOfReport(report, await readJsonArtifact(client, uri)));
    } catch (error) {
      problems.push(`${report} (${uri}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { metrics, problems };
}

export class ModelVersionModel extends PolledModel {
  private _description: ModelPackageDescription | undefined;
  private _activity: ModelPackageEvent[] = [];
  private _metrics: ReportedMetric[] = [];
  private _metricProblems: string[] = [];
  private _lineage: Lineage | undefined;
  /** Reading what was registered, started by the first load (loads may overlap: a tab shown as it polls). */
  private _registered: Promise<void> | undefined;
  /** The version's lineage graph: polls only while the Lineage tab shows it; disposed with this model. */
  readonly lineageGraph: LineageModel;

  constructor(
    client: ServiceClient,
    readonly modelPackageArn: string,
    intervalMs = 5000,
  ) {
    super(client, intervalMs);
    this.lineageGraph = new LineageModel(client, { kind: 'modelVersion', arn: modelPackageArn });
    this.lineageGraph.visible = false;
  }

  override dispose(): void {
    this.lineageGraph.dispose();
    super.dispose();
  }

  get description(): ModelPackageDescription | undefined {
    return this._description;
  }

  /** Oldest first. */
  get activity(): readonly ModelPackageEvent[] {
    return this._activity;
  }

  get metrics(): readonly ReportedMetric[] {
    return this._metrics;
  }

  /** Reports that could not be read, each with why. */
  get metricProblems(): readonly string[] {
    return this._metricProblems;
  }

  get lineage(): Lineage | undefined {
    return this._lineage;
  }

  get title(): string {
    const version = this._description?.ModelPackageVersion;
    const group = this._description?.ModelPackageGroupName;
    return group && version !== undefined ? `${group} v${version}` : this.modelPackageArn.slice(this.modelPackageArn.indexOf('/') + 1);
  }

  async updateStatus(status: ApprovalStatus, comment: string): Promise<void> {
    if (status === 'Rejected' && comment.trim() === '') throw new Error('Say why the version is rejected.');
    await this.client.call('SageMaker.UpdateModelPackage', {
      ModelPackageArn: this.modelPackageArn,
      ModelApprovalStatus: status,
      ...(comment.trim() !== '' ? { ApprovalDescription: comment.trim() } : {}),
    });
    await this.reload();
  }

  protected async load(): Promise<void> {
    const description = await this.client.call('SageMaker.DescribeModelPackage', { ModelPackageName: this.modelPackageArn });
    const activity = await this.client.call('SluiceLocal.ListModelPackageActivity', { ModelPackageName: this.modelPackageArn });
    // What was registered never changes: reports and lineage are read once.
    this._registered ??= this.loadRegistered(description);
    await this._registered;
    this._description = description;
    this._activity = activity.Events;
  }

  private async loadRegistered(description: ModelPackageDescription): Promise<void> {
    const { metrics, problems } = await readMetricReports(this.client, description);
    this._metrics = metrics;
    this._metricProblems = problems;
    this._lineage = await this.loadLineage(description);
  }

  private async loadLineage(description: ModelPackageDescription): Promise<Lineage | undefined> {
    const executionArn = description.MetadataProperties?.GeneratedBy;
    if (!executionArn || !executionArn.includes(':pipeline/')) return undefined;
    try {
      const execution = await this.client.call('SageMaker.DescribePipelineExecution', { PipelineExecutionArn: executionArn });
      const pipeline = await this.client.call('SageMaker.DescribePipeline', { PipelineName: execution.PipelineArn ?? '' });
      const steps = await this.client.call('SageMaker.ListPipelineExecutionSteps', { PipelineExecutionArn: executionArn, MaxResults: 100 });
      const registered = (steps.PipelineExecutionSteps ?? []).find((step: ExecutionStep) => step.Metadata?.RegisterModel?.Arn === this.modelPackageArn);
      return {
        executionArn,
        pipelineName: pipeline.PipelineName,
        executionDisplayName: execution.PipelineExecutionDisplayName,
        executionStatus: execution.PipelineExecutionStatus,
        stepName: registered?.StepName,
      };
    } catch {
      // The execution (or its pipeline) was deleted since: the ARN is all there is.
      return { executionArn };
    }
  }
}
