/**
 * How a job reaches the local service: its own session keys, the endpoint and the region, in AWS_* variables, and
 * the SageMaker Python SDK's configuration (its default bucket, telemetry off), for SDK code a job runs.
 */
import type { JobAccess } from '../engine/index.js';
import type { KeyRing } from './keyring.js';

export function jobAccess(keys: KeyRing, endpoint: () => string, sagemakerConfig: string): JobAccess {
  return {
    grant(jobName) {
      const key = keys.issue(`job ${jobName}`);
      return {
        env: {
          AWS_ACCESS_KEY_ID: key.accessKeyId,
          AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
          AWS_SESSION_TOKEN: key.sessionToken,
          AWS_ENDPOINT_URL: endpoint(),
          AWS_REGION: keys.region,
          AWS_DEFAULT_REGION: keys.region,
          SAGEMAKER_USER_CONFIG_OVERRIDE: sagemakerConfig,
        },
        revoke: () => keys.revoke(key.accessKeyId),
      };
    },
  };
}
