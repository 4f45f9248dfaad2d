/**
 * A training job's CheckpointConfig, as SageMaker keeps it: what is under S3Uri is copied into LocalPath
 * (/opt/ml/checkpoints/ by default) before the job starts, so a job run again resumes from it, and what the job
 * wrote there is copied back to S3Uri when it ends, whether it succeeded or not.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import type { ArtifactStore } from '../artifacts.js';
import type { Json } from '../definition.js';
import type { JobLog } from '../jobs/job-log.js';
import { hostPathOf, type JobFolder } from './container-paths.js';
import { StepFailure } from './types.js';
import { optionalObject, stringAt } from './values.js';

export interface Checkpoints {
  readonly uri: string;
  /** The path the job writes, in its container. */
  readonly localPath: string;
  /** That folder on this machine. */
  readonly folder: string;
}

const defaultLocalPath = '/opt/ml/checkpoints';

/** The job's checkpoints, or undefined without a CheckpointConfig. */
export function checkpointsOf(config: Json | undefined, job: JobFolder): Checkpoints | undefined {
  if (config === undefined || config === null) return undefined;
  const uri = stringAt(optionalObject(config).S3Uri, 'CheckpointConfig.S3Uri');
  const given = optionalObject(config).LocalPath;
  const localPath = typeof given === 'string' && given !== '' ? given.replace(/\/+$/, '') : defaultLocalPath;
  return { uri, localPath, folder: hostPathOf(job, localPath, 'CheckpointConfig.LocalPath') };
}

/** Copies the checkpoints under S3Uri into the job's LocalPath (none the first time). */
export function restoreCheckpoints(checkpoints: Checkpoints, artifacts: ArtifactStore, log: JobLog): void {
  mkdirSync(checkpoints.folder, { recursive: true });
  let found: string[];
  try {
    found = artifacts.list(checkpoints.uri);
    if (found.length > 0) artifacts.download(checkpoints.uri, checkpoints.folder);
  } catch (error) {
    throw new StepFailure(`CheckpointConfig.S3Uri ${checkpoints.uri}: ${error instanceof Error ? error.message : error}`, 'Step.SERVICE_FAULT');
  }
  log.note(
    found.length === 0
      ? `checkpoints: none yet under ${checkpoints.uri}; the job writes them to ${checkpoints.localPath}`
      : `checkpoints: ${found.length} file(s) from ${checkpoints.uri} in ${checkpoints.localPath}`,
  );
}

/** Copies what the job left in LocalPath to S3Uri. */
export function saveCheckpoints(checkpoints: Checkpoints, artifacts: ArtifactStore, log: JobLog): void {
  if (!existsSync(checkpoints.folder) || readdirSync(checkpoints.folder).length === 0) return;
  try {
    artifacts.upload(checkpoints.folder, checkpoints.uri);
  } catch (error) {
    throw new StepFailure(`the checkpoints could not be saved to ${checkpoints.uri}: ${error instanceof Error ? error.message : error}`, 'Step.SERVICE_FAULT');
  }
  log.note(`checkpoints: ${checkpoints.localPath} saved to ${checkpoints.uri}`);
}
