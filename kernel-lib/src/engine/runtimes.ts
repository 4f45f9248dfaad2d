/**
 * Which local runtime stands in for a container image. A user's table in `SLUICE_HOME/images.json` comes
 * first; its entries map an image pattern to a runtime (`"runtime": "python" | "node"`, the project's own
 * interpreters) or to an environment of the user's making: a requirements list, a requirements file, or
 * an existing interpreter. SageMaker's framework images are then looked up in the shipped table
 * (`environments/image-table.ts`); what remains falls back to the defaults below.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';

export type LocalRuntime = 'python' | 'node';

/** An environment named by an images.json entry. */
export type RuleEnvironment =
  | { readonly kind: 'requirements'; readonly requirements: readonly string[]; readonly imports: readonly string[]; readonly indexUrls: readonly string[] }
  | { readonly kind: 'interpreter'; readonly python: string };

export interface ImageRule {
  readonly pattern: RegExp;
  readonly runtime: LocalRuntime;
  readonly environment?: RuleEnvironment;
}

export const defaultImageRules: readonly ImageRule[] = [
  { pattern: /sagemaker-scikit-learn|sklearn/i, runtime: 'python' },
  { pattern: /sagemaker-xgboost|xgboost/i, runtime: 'python' },
  { pattern: /pytorch|tensorflow|huggingface|mxnet|chainer/i, runtime: 'python' },
  { pattern: /python/i, runtime: 'python' },
  { pattern: /node/i, runtime: 'node' },
];

const ENTRY_SHAPE =
  '{"pattern": "<regex>", and one of "runtime": "python" | "node", "requirements": ["pkg==1.0", …] (with optional "imports" and "indexUrls"), "requirementsFile": "<path>", "python": "<interpreter>"}';

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined;
}

/** A requirements file's requirement lines (comments and blanks dropped); `-r`/`-c` lines are not followed. */
export function requirementsOf(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '');
}

function ruleOf(entry: unknown, where: string, baseDir: string): ImageRule {
  const { pattern, runtime, requirements, requirementsFile, python, imports, indexUrls } = (entry ?? {}) as Record<string, unknown>;
  if (typeof pattern !== 'string') throw new Error(`${where} must be ${ENTRY_SHAPE}`);
  const regex = new RegExp(pattern);
  if (typeof python === 'string') return { pattern: regex, runtime: 'python', environment: { kind: 'interpreter', python } };
  const extra = { imports: strings(imports) ?? [], indexUrls: strings(indexUrls) ?? [] };
  if (requirements !== undefined) {
    const list = strings(requirements);
    if (list === undefined) throw new Error(`${where}.requirements must be a list of requirement strings`);
    return { pattern: regex, runtime: 'python', environment: { kind: 'requirements', requirements: list, ...extra } };
  }
  if (typeof requirementsFile === 'string') {
    const file = isAbsolute(requirementsFile) ? requirementsFile : resolve(baseDir, requirementsFile);
    if (!existsSync(file)) throw new Error(`${where}.requirementsFile ${file} does not exist`);
    return { pattern: regex, runtime: 'python', environment: { kind: 'requirements', requirements: requirementsOf(file), ...extra } };
  }
  if (runtime !== 'python' && runtime !== 'node') throw new Error(`${where} must be ${ENTRY_SHAPE}`);
  return { pattern: regex, runtime };
}

/** The user's rules from an images.json file, then the defaults; a malformed file is an error that names it. */
export function loadImageRules(file: string): ImageRule[] {
  if (!existsSync(file)) return [...defaultImageRules];
  let entries: unknown;
  try {
    entries = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${error instanceof Error ? error.message : error}`);
  }
  if (!Array.isArray(entries)) throw new Error(`${file} must hold a list of ${ENTRY_SHAPE} entries`);
  const rules = entries.map((entry, index) => ruleOf(entry, `${file}[${index}]`, dirname(file)));
  return [...rules, ...defaultImageRules];
}

export function runtimeForImage(image: string, rules: readonly ImageRule[]): LocalRuntime | undefined {
  return ruleForImage(image, rules)?.runtime;
}

export function ruleForImage(image: string, rules: readonly ImageRule[]): ImageRule | undefined {
  return rules.find((rule) => rule.pattern.test(image));
}

/** Whether a rule came from the user's images.json (the defaults are shared objects). */
export function isUserRule(rule: ImageRule): boolean {
  return !defaultImageRules.includes(rule);
}
