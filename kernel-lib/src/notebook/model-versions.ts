/**
 * A model package group's versions as a table: version, approval status, when, and the metrics of its
 * ModelQuality statistics (the evaluation report the pipeline registered with it, read on a local session).
 */
import { DescribeModelPackageCommand, ListModelPackagesCommand } from '@aws-sdk/client-sagemaker';
import { Session, LocalSession } from '../session/session.js';
import type { RichOutput } from './display.js';
import { Displayable } from './displayable.js';
import { htmlTable, textTable } from './html.js';

/** One version of a model package group as the registry has it: number, ARN, approval, status and its metrics report's numbers. */
export interface ModelVersion {
  readonly version: number;
  readonly arn: string;
  readonly approvalStatus: string;
  readonly status: string;
  readonly created?: Date;
  /** Numeric leaves of the statistics report, by path: `regression_metrics.mse.value` → 4.2. */
  readonly metrics: Readonly<Record<string, number>>;
}

/** The versions of a model package group, oldest first; a cell shows them as a table with their metrics. */
export class ModelVersions extends Displayable {
  constructor(
    readonly groupName: string,
    readonly versions: readonly ModelVersion[],
  ) {
    super();
  }

  /** The newest version, or undefined when the group has none. */
  latest(): ModelVersion | undefined {
    return this.versions.at(-1);
  }

  summary(): string {
    return `Model package group ${this.groupName}: ${this.versions.map((v) => `v${v.version} ${v.approvalStatus}`).join(', ') || 'no versions'}`;
  }

  view(): RichOutput {
    const headers = ['Version', 'Approval', 'Status', 'Created', 'Metrics'];
    const rows = this.versions.map((v) => [
      String(v.version),
      v.approvalStatus,
      v.status,
      v.created === undefined ? '' : v.created.toISOString().replace('T', ' ').slice(0, 19),
      Object.entries(v.metrics)
        .map(([name, value]) => `${name}=${Number(value.toPrecision(6))}`)
        .join(', '),
    ]);
    return {
      html: `<p><b>Model package group ${this.groupName}</b></p>${htmlTable(headers, rows)}`,
      text: `Model package group ${this.groupName}\n${textTable(headers, rows)}`,
    };
  }
}

export function numericLeaves(value: unknown, prefix = '', into: Record<string, number> = {}): Record<string, number> {
  if (typeof value === 'number') into[prefix] = value;
  else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) numericLeaves(inner, prefix === '' ? key : `${prefix}.${key}`, into);
  }
  return into;
}

async function statisticsOf(session: Session, s3Uri: string | undefined): Promise<Record<string, number>> {
  if (s3Uri === undefined || !(session instanceof LocalSession)) return {};
  try {
    return numericLeaves(JSON.parse((await (await session.extras()).getArtifact(s3Uri)).toString('utf8')));
  } catch {
    // A report that is missing or not JSON leaves the metrics column empty; the version still lists.
    return {};
  }
}

/**
 * Every version of a model package group, oldest first, with its approval status and the numbers of its model quality
 * report; a cell shows them as a table.
 *
 * @example
 * ```ts
 * const versions = await modelVersions('AbaloneModels');
 * versions.latest()?.metrics['regression_metrics.mse.value'];
 * ```
 */
export async function modelVersions(groupName: string, options: { session?: Session } = {}): Promise<ModelVersions> {
  const session = options.session ?? Session.default;
  const client = await session.client();
  const arns: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListModelPackagesCommand({ ModelPackageGroupName: groupName, SortBy: 'CreationTime', SortOrder: 'Ascending', NextToken: token }),
    );
    arns.push(...(page.ModelPackageSummaryList ?? []).map((summary) => summary.ModelPackageArn ?? ''));
    token = page.NextToken;
  } while (token);
  const versions: ModelVersion[] = [];
  for (const arn of arns) {
    const described = await client.send(new DescribeModelPackageCommand({ ModelPackageName: arn }));
    versions.push({
      version: described.ModelPackageVersion ?? 0,
      arn,
      approvalStatus: described.ModelApprovalStatus ?? '',
      status: described.ModelPackageStatus ?? '',
      created: described.CreationTime,
      metrics: await statisticsOf(session, described.ModelMetrics?.ModelQuality?.Statistics?.S3Uri),
    });
  }
  return new ModelVersions(groupName, versions);
}
