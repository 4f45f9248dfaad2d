/** model.tar.gz and output.tar.gz, made with the system's tar as SageMaker does (archive.ts unpacks them). */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { StepFailure } from './types.js';

export function isEmptyFolder(folder: string): boolean {
  try {
    return readdirSync(folder).length === 0;
  } catch {
    return true;
  }
}

/** Packs the contents of `folder` (not the folder itself) into `file`. */
export function packFolder(folder: string, file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tar = spawnSync('tar', ['-czf', file, '-C', folder, '.'], { encoding: 'utf8' });
  if (tar.status !== 0) throw new StepFailure(`could not pack ${folder}: ${tar.stderr || tar.error?.message}`, 'Step.SERVICE_FAULT');
}
