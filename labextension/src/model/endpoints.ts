/** Endpoints with their status and the model version they serve (endpoint → config → model → ModelPackageName). */
import type { ServiceClient } from '../api/operations';

export interface EndpointRow {
  name: string;
  arn?: string;
  status?: string;
  failureReason?: string;
  /** Epoch seconds. */
  modifiedAt?: number;
  /** The registered version its (first) variant serves, when its model names one. */
  modelPackageArn?: string;
}

/** `group vN` from a version ARN (`…:model-package/<group>/<n>`); the ARN's tail otherwise. */
export function versionLabel(modelPackageArn: string): string {
  const match = /:model-package\/([^/]+)\/(\d+)$/.exec(modelPackageArn);
  return match ? `${match[1]} v${match[2]}` : modelPackageArn.slice(modelPackageArn.lastIndexOf('/') + 1);
}

/** Lists endpoints; what a configuration serves never changes, so `served` (config name → ARN) is kept between loads. */
export async function loadEndpoints(client: ServiceClient, served: Map<string, string | undefined>): Promise<EndpointRow[]> {
  const listed = await client.call('SageMaker.ListEndpoints', { SortBy: 'Name', SortOrder: 'Ascending', MaxResults: 100 });
  return Promise.all(
    (listed.Endpoints ?? []).map(async (summary): Promise<EndpointRow> => {
      const name = summary.EndpointName ?? '';
      const described = await client.call('SageMaker.DescribeEndpoint', { EndpointName: name });
      const configName = described.EndpointConfigName ?? '';
      if (!served.has(configName)) served.set(configName, await servedVersion(client, configName));
      return {
        name,
        arn: described.EndpointArn,
        status: described.EndpointStatus,
        failureReason: described.FailureReason,
        modifiedAt: described.LastModifiedTime,
        modelPackageArn: served.get(configName),
      };
    }),
  );
}

async function servedVersion(client: ServiceClient, configName: string): Promise<string | undefined> {
  try {
    const config = await client.call('SageMaker.DescribeEndpointConfig', { EndpointConfigName: configName });
    const modelName = config.ProductionVariants?.[0]?.ModelName;
    if (!modelName) return undefined;
    const model = await client.call('SageMaker.DescribeModel', { ModelName: modelName });
    return model.PrimaryContainer?.ModelPackageName ?? model.Containers?.[0]?.ModelPackageName;
  } catch {
    // The model was deleted after the endpoint was made: the endpoint still serves, but says nothing of what.
    return undefined;
  }
}
