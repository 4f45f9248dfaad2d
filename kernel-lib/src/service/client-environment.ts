/**
 * What any AWS client needs to use the local service, as environment variables: the endpoint (every service,
 * S3 and STS included, answers on it), the home's keys and region, and for the SageMaker Python SDK a
 * configuration file naming its default bucket. The Python SDK finds its default bucket's name by asking STS
 * for the account at the regional AWS endpoint it builds itself, ignoring AWS_ENDPOINT_URL; a configured
 * `DefaultS3Bucket` skips that call (sagemaker/config: SAGEMAKER_USER_CONFIG_OVERRIDE names the file).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { localAccount, type LocalCredentials } from '../home/credentials.js';
import { homePaths } from '../home/paths.js';

/** The bucket the Python SDK would name for this account and region: `sagemaker-<region>-<account>`. */
export function defaultBucketName(region: string): string {
  return `sagemaker-${region}-${localAccount}`;
}

/**
 * The SageMaker Python SDK's config file (YAML; JSON is YAML), telemetry off so nothing leaves the machine: for the
 * clients of `service env` (in the home) and for jobs (`jobFiles`, which their sandbox shows).
 */
export function writeSageMakerConfig(file: string, region: string): string {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const config = {
    SchemaVersion: '1.0',
    SageMaker: { PythonSDK: { Modules: { TelemetryOptOut: true, Session: { DefaultS3Bucket: defaultBucketName(region) } } } },
  };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  return file;
}

export function clientEnvironment(home: string, endpoint: string, credentials: LocalCredentials): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_REGION: credentials.region,
    // boto3 and the aws CLI read only AWS_DEFAULT_REGION.
    AWS_DEFAULT_REGION: credentials.region,
    SAGEMAKER_USER_CONFIG_OVERRIDE: writeSageMakerConfig(homePaths(home).sagemakerConfig, credentials.region),
  };
}
