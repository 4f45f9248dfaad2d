/** model.tar.gz and output.tar.gz, made with the system's tar as SageMaker does. */
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

/** @deprecated use unpackArchive (archive.ts), which refuses entries that leave the folder and bombs. */
export function unpackInto(file: string, folder: string): void {
  mkdirSync(folder, { recursive: true });
  // Never owners or setuid bits from the archive, even as root.
  const tar = spawnSync('tar', ['-xzf', file, '-C', folder, '--no-same-owner', '--no-same-permissions'], { encoding: 'utf8' });
  if (tar.status !== 0) throw new StepFailure(`could not unpack ${file}: ${tar.stderr || tar.error?.message}`, 'Step.SERVICE_FAULT');
}
