/**
 * A job's limits as its definition gives them: memory from the instance type, the volume's size, and
 * EnableNetworkIsolation. `instanceType: "local"` (the SageMaker SDK's local mode), SLUICE_JOB_LIMITS=off or
 * the runtimes' setting give the job the whole machine; network isolation is the job's meaning, not a limit,
 * and holds either way.
 */
import type { Json } from '../definition.js';
import type { JobLimits, Runtimes } from '../jobs/host-process.js';
import { instanceMemoryBytes } from '../jobs/instance-types.js';

const GIB = 1024 ** 3;

export function jobLimits(instanceType: Json | undefined, volumeSizeInGB: Json | undefined, networkIsolation: Json | undefined, runtimes: Runtimes): JobLimits {
  const isolated = networkIsolation === true;
  const type = typeof instanceType === 'string' ? instanceType : undefined;
  const enabled = (runtimes.limits?.enabled ?? process.env.SLUICE_JOB_LIMITS !== 'off') && type !== undefined && !type.startsWith('local');
  if (!enabled) return { instanceType: type, networkIsolation: isolated };
  return {
    instanceType: type,
    memoryBytes: runtimes.limits?.memoryBytes?.(type) ?? instanceMemoryBytes(type),
    volumeBytes: typeof volumeSizeInGB === 'number' && volumeSizeInGB > 0 ? volumeSizeInGB * GIB : undefined,
    networkIsolation: isolated,
  };
}
