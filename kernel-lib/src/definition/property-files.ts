/** A step's property files: JSON files among its outputs that later steps read with Std:JsonGet. */
import { isJsonObject } from './json.js';
import type { StepDefinition } from './types.js';

export interface PropertyFile {
  name: string;
  outputName: string;
  filePath: string;
}

export function propertyFilesOf(step: StepDefinition): PropertyFile[] {
  if (!Array.isArray(step.PropertyFiles)) return [];
  return (step.PropertyFiles as unknown[])
    .filter(isJsonObject)
    .map((file) => ({ name: String(file.PropertyFileName ?? ''), outputName: String(file.OutputName ?? ''), filePath: String(file.FilePath ?? '') }));
}
