/**
 * Which local runtime stands in for a container image. SageMaker's framework images (scikit-learn, XGBoost,
 * PyTorch, TensorFlow, Hugging Face, MXNet) run their scripts with the project's Python; a user's table in
 * `SLUICE_HOME/images.json` (`[{"pattern": "<regex>", "runtime": "python" | "node"}]`) comes first.
 */
import { existsSync, readFileSync } from 'node:fs';

export type LocalRuntime = 'python' | 'node';

export interface ImageRule {
  readonly pattern: RegExp;
  readonly runtime: LocalRuntime;
}

export const defaultImageRules: readonly ImageRule[] = [
  { pattern: /sagemaker-scikit-learn|sklearn/i, runtime: 'python' },
  { pattern: /sagemaker-xgboost|xgboost/i, runtime: 'python' },
  { pattern: /pytorch|tensorflow|huggingface|mxnet|chainer/i, runtime: 'python' },
  { pattern: /python/i, runtime: 'python' },
  { pattern: /node/i, runtime: 'node' },
];

/** The user's rules from an images.json file, then the defaults; a malformed file is an error that names it. */
export function loadImageRules(file: string): ImageRule[] {
  if (!existsSync(file)) return [...defaultImageRules];
  let entries: unknown;
  try {
    entries = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${error instanceof Error ? error.message : error}`);
  }
  if (!Array.isArray(entries)) throw new Error(`${file} must hold a list of {"pattern", "runtime"} entries`);
  const rules = entries.map((entry, index): ImageRule => {
    const { pattern, runtime } = (entry ?? {}) as { pattern?: unknown; runtime?: unknown };
    if (typeof pattern !== 'string' || (runtime !== 'python' && runtime !== 'node')) {
      throw new Error(`${file}[${index}] must be {"pattern": "<regex>", "runtime": "python" | "node"}`);
    }
    return { pattern: new RegExp(pattern), runtime };
  });
  return [...rules, ...defaultImageRules];
}

export function runtimeForImage(image: string, rules: readonly ImageRule[]): LocalRuntime | undefined {
  return rules.find((rule) => rule.pattern.test(image))?.runtime;
}
