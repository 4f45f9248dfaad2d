/**
 * Checks a definition before anything is sent, on the JSON itself so that built and loaded pipelines get the
 * same checks. Every message names the step (or parameter) and the field.
 */
import {
  findCycle,
  pipelineGraph,
  placeSteps,
  stepReferences,
  type BranchPlacement,
  type Json,
  type JsonObject,
  type PlacementProblem,
  type Reference,
  type StepDefinition,
} from '../definition/index.js';
import { ExecutionVariableNames } from '../definition/execution-variables.js';
import { propertyPathProblem } from '../definition/property-paths.js';
import { entriesOf, isObjectValue, member, PyFloat, type JsonValue } from './json.js';
import { channelNameProblems } from './path-names.js';

/** Thrown by `pipeline.definition()` and `validateDefinition` when a definition would be refused, listing every problem. */
export class PipelineDefinitionError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'PipelineDefinitionError';
  }
}

const NAME = /^[A-Za-z0-9\-_]{1,64}$/;
/** The execution variables a definition may read (`{"Get": "Execution.PipelineExecutionId"}`). */
export const EXECUTION_VARIABLES: ReadonlySet<string> = new Set(ExecutionVariableNames);
const EXPERIMENT_PROPERTIES = new Set(['ExperimentName', 'TrialName']);
// ISO-8601 durations as the service takes them: "P30D", "PT1H", and also "30d" and "T16m".
const DURATION = /^P?(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/i;
const RETRY_LIMITS: [string, number][] = [
  ['IntervalSeconds', 43200],
  ['MaxAttempts', 20],
  ['ExpireAfterMin', 14400],
];
/** Fields a step type cannot do without, as paths from the step object. */
const REQUIRED: Record<string, readonly string[]> = {
  Processing: ['Arguments.ProcessingResources', 'Arguments.AppSpecification.ImageUri', 'Arguments.RoleArn'],
  Training: ['Arguments.AlgorithmSpecification', 'Arguments.OutputDataConfig', 'Arguments.ResourceConfig', 'Arguments.StoppingCondition', 'Arguments.RoleArn'],
  Tuning: ['Arguments.HyperParameterTuningJobConfig'],
  Transform: ['Arguments.ModelName', 'Arguments.TransformInput', 'Arguments.TransformOutput', 'Arguments.TransformResources'],
  Model: ['Arguments.ExecutionRoleArn'],
  RegisterModel: ['Arguments.InferenceSpecification'],
  Condition: ['Arguments.Conditions'],
  Fail: [],
  Lambda: ['FunctionArn'],
  Callback: ['SqsQueueUrl'],
  EMR: ['Arguments.StepConfig'],
  QualityCheck: ['CheckType'],
  ClarifyCheck: ['CheckType'],
  AutoML: ['Arguments.AutoMLJobConfig', 'Arguments.InputDataConfig', 'Arguments.OutputDataConfig', 'Arguments.RoleArn'],
};

interface StepRecord {
  name: string;
  type: string;
  json: JsonObject;
  step: StepDefinition;
  branchOf?: BranchPlacement;
}

/** Throws PipelineDefinitionError listing every problem found. */
export function validateDefinition(definition: JsonValue): void {
  const problems: string[] = [];
  if (!isObjectValue(definition)) throw new PipelineDefinitionError(['The definition must be a JSON object']);

  const parameters = validateParameters(member(definition, 'Parameters'), problems);
  // The core reads plain JSON: Python floats become numbers (non-finite ones stay, for the check below).
  const plain = plainJson(definition);
  const steps: StepRecord[] = placeSteps(plain, (problem) => problems.push(placementMessage(problem))).map(({ step, branchOf }) => ({
    name: step.Name,
    type: step.Type,
    json: step as unknown as JsonObject,
    step,
    ...(branchOf ? { branchOf } : {}),
  }));
  const byName = new Map<string, StepRecord>();
  for (const [name, records] of groupByName(steps)) {
    byName.set(name, records[0]!);
    if (records.length > 1) problems.push(placementProblem(name, records));
  }

  const readsItself = new Set<string>();
  for (const step of steps) {
    const prefix = `Step "${step.name}"`;
    if (!NAME.test(step.name)) problems.push(`${prefix}: Name must match [A-Za-z0-9-_]{1,64}`);
    if (!(step.type in REQUIRED)) problems.push(`${prefix} has unknown Type "${step.type}"`);
    for (const field of REQUIRED[step.type] ?? []) {
      if (lookup(step.json, field) === undefined) problems.push(`${prefix} (${step.type}) is missing required field ${field}`);
    }

    for (const [key, value] of entriesOf(step.json)) {
      if (key === 'Name' || key === 'Type') continue;
      // Branch steps are checked as steps of their own.
      if (key === 'Arguments' && step.type === 'Condition' && isObjectValue(value))
        nonFinite(member(value, 'Conditions'), 'Arguments.Conditions', prefix, problems);
      else nonFinite(value, key, prefix, problems);
    }
    for (const reference of stepReferences(step.step)) {
      const source = checkReference(step, reference, byName, parameters, problems);
      if (source === step.name) readsItself.add(step.name);
    }

    const dependsOn = member(step.json, 'DependsOn');
    if (dependsOn !== undefined) {
      if (!Array.isArray(dependsOn)) problems.push(`${prefix} DependsOn must be a list of step names`);
      else {
        for (const target of dependsOn as readonly JsonValue[]) {
          const other = typeof target === 'string' ? byName.get(target) : undefined;
          if (other === undefined) problems.push(`${prefix} DependsOn refers to unknown step ${JSON.stringify(target)}`);
          else if (other.type === 'Fail') problems.push(`${prefix} DependsOn names Fail step "${other.name}"; a Fail step cannot be depended on`);
          else if (other.name === step.name) readsItself.add(step.name);
        }
      }
    }

    validateRetryPolicies(step, problems);
    validateCacheConfig(step, problems);
    problems.push(...channelNameProblems(step.name, step.type, step.json));
  }

  // The core's graph leaves out what is reported above: edges from a Fail step, and a step waiting on itself.
  const graph = pipelineGraph(plain);
  const failSteps = new Set(steps.filter((step) => step.type === 'Fail').map((step) => step.name));
  const self = [...readsItself][0];
  const cycle = self !== undefined ? [self, self] : findCycle({ nodes: graph.nodes, edges: graph.edges.filter((edge) => !failSteps.has(edge.from)) });
  if (cycle !== undefined) problems.push(`Steps form a cycle: ${cycle.join(' -> ')}`);
  if (problems.length > 0) throw new PipelineDefinitionError(problems);
}

/** A definition as plain JSON: maps as objects, Python floats as their numbers. */
function plainJson(value: JsonValue): Json {
  if (value instanceof PyFloat) return value.value;
  if (Array.isArray(value)) return (value as readonly JsonValue[]).map(plainJson);
  if (isObjectValue(value)) return Object.fromEntries(entriesOf(value).map(([key, item]) => [key, plainJson(item)]));
  return value as Json;
}

function placementMessage(problem: PlacementProblem): string {
  const branchOf = problem.branchOf;
  const branch = branchOf === undefined ? '' : branchOf.outcome === 'true' ? 'IfSteps' : 'ElseSteps';
  if (problem.kind === 'notAList') return branchOf === undefined ? 'Steps must be a list' : `Step "${branchOf.condition}" ${branch} must be a list`;
  const where = branchOf === undefined ? `Steps[${problem.index}]` : `${branch}[${problem.index}] of step "${branchOf.condition}"`;
  return `${where}: Name is missing`;
}

function validateParameters(value: JsonValue | undefined, problems: string[]): Set<string> {
  const names = new Set<string>();
  if (!Array.isArray(value)) {
    problems.push('Parameters must be a list');
    return names;
  }
  (value as readonly JsonValue[]).forEach((parameter, index) => {
    const name = member(parameter, 'Name');
    const label = typeof name === 'string' ? `Parameter "${name}"` : `Parameter #${index + 1}`;
    if (typeof name !== 'string' || !NAME.test(name)) {
      problems.push(`${label}: Name must match [A-Za-z0-9-_]{1,64}`);
    } else if (names.has(name)) problems.push(`Duplicate parameter name "${name}"`);
    if (typeof name === 'string') names.add(name);
    const type = member(parameter, 'Type');
    if (type !== 'String' && type !== 'Integer' && type !== 'Float' && type !== 'Boolean') {
      problems.push(`${label}: Type must be String, Integer, Float or Boolean, not ${JSON.stringify(type)}`);
    }
    const defaultValue = member(parameter, 'DefaultValue');
    if (isNonFinite(defaultValue)) problems.push(`${label}: DefaultValue is not a finite number`);
    else if (defaultValue !== undefined && defaultValue !== null && typeof type === 'string' && !fitsType(defaultValue, type)) {
      problems.push(`${label}: DefaultValue ${describeJson(defaultValue)} is not ${type === 'Integer' ? 'an' : 'a'} ${type}`);
    }
    const enumValues = member(parameter, 'EnumValues');
    if (Array.isArray(enumValues) && defaultValue !== undefined && !(enumValues as readonly JsonValue[]).includes(defaultValue)) {
      problems.push(`${label}: DefaultValue ${JSON.stringify(defaultValue)} is not one of its EnumValues ${JSON.stringify(enumValues)}`);
    }
  });
  return names;
}

/** Whether a parameter's default value has its declared type (a Float may be written without `.0`). */
function fitsType(value: JsonValue, type: string): boolean {
  const number = value instanceof PyFloat ? value.value : value;
  switch (type) {
    case 'String':
      return typeof value === 'string';
    case 'Integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'Float':
      return typeof number === 'number';
    case 'Boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

function describeJson(value: JsonValue): string {
  const text =
    value instanceof PyFloat ? String(value.value) : typeof value === 'object' ? (Array.isArray(value) ? 'a list' : 'an object') : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function groupByName(steps: readonly StepRecord[]): Map<string, StepRecord[]> {
  const groups = new Map<string, StepRecord[]>();
  for (const step of steps) groups.set(step.name, [...(groups.get(step.name) ?? []), step]);
  return groups;
}

function placementProblem(name: string, records: readonly StepRecord[]): string {
  const top = records.find((record) => record.branchOf === undefined);
  const nested = records.filter((record) => record.branchOf !== undefined);
  const first = nested[0];
  const branchName = (record: StepRecord | undefined): string => (record?.branchOf?.outcome === 'true' ? 'IfSteps' : 'ElseSteps');
  if (top !== undefined && first !== undefined) {
    return `Step "${name}" is both a top-level step and in the ${branchName(first)} of condition step "${first.branchOf?.condition}"; a step belongs in one place only`;
  }
  const second = nested.find(
    (record) => record !== first && record.branchOf?.condition === first?.branchOf?.condition && record.branchOf?.outcome !== first?.branchOf?.outcome,
  );
  if (first !== undefined && second !== undefined) {
    return `Step "${name}" is in both the IfSteps and the ElseSteps of condition step "${first.branchOf?.condition}"; a step belongs in one branch only`;
  }
  return `Duplicate step name "${name}": step names must be unique across the pipeline, branches included`;
}

/** Reports non-finite numbers, with the field path of each; references are not looked into. */
function nonFinite(value: JsonValue | undefined, field: string, prefix: string, problems: string[]): void {
  if (value === undefined || value === null) return;
  if (isNonFinite(value)) {
    problems.push(`${prefix} ${field} is not a finite number`);
    return;
  }
  if (Array.isArray(value)) {
    (value as readonly JsonValue[]).forEach((item, index) => nonFinite(item, `${field}[${index}]`, prefix, problems));
    return;
  }
  if (!isObjectValue(value)) return;
  for (const [key, item] of entriesOf(value)) nonFinite(item, `${field}.${key}`, prefix, problems);
}

/** Returns the name of the step the reference reads from, if any. */
function checkReference(
  step: StepRecord,
  reference: Reference,
  steps: ReadonlyMap<string, StepRecord>,
  parameters: ReadonlySet<string>,
  problems: string[],
): string | undefined {
  const at = `Step "${step.name}" ${reference.field}`;
  const target = reference.target;
  switch (target.root) {
    case 'Parameters':
      if (!parameters.has(target.name)) problems.push(`${at} refers to unknown parameter "${target.name}"`);
      return undefined;
    case 'Execution':
      if (!EXECUTION_VARIABLES.has(target.name)) problems.push(`${at} refers to unknown execution variable "${target.name}"`);
      return undefined;
    case 'PipelineExperimentConfig':
      if (!EXPERIMENT_PROPERTIES.has(target.name)) problems.push(`${at} refers to unknown experiment config property "${target.name}"`);
      return undefined;
    case 'unknown':
      problems.push(`${at} has an unknown reference "${reference.text}"`);
      return undefined;
  }
  const source = steps.get(target.step);
  if (source === undefined) {
    problems.push(`${at} refers to unknown step "${target.step}"`);
    return undefined;
  }
  if (source.type === 'Fail') {
    problems.push(`${at} refers to Fail step "${target.step}"; a Fail step cannot be referenced`);
    return undefined;
  }
  checkNamedItem(at, source, target.path, problems);
  const pathProblem = propertyPathProblem(source.type, target.path);
  if (pathProblem !== undefined) problems.push(`${at} refers to Steps.${target.step}${target.path}, which does not exist: ${pathProblem}`);
  return target.step;
}

/** Property files, processing outputs and lambda/callback outputs must exist on the step they are read from. */
function checkNamedItem(at: string, source: StepRecord, path: string, problems: string[]): void {
  const propertyFile = /^\.PropertyFiles\.([^.[]+)/.exec(path);
  if (propertyFile !== null) {
    const declared = member(source.json, 'PropertyFiles');
    const names = Array.isArray(declared) ? (declared as readonly JsonValue[]).map((file) => member(file, 'PropertyFileName')) : [];
    if (!names.includes(propertyFile[1]!)) problems.push(`${at} refers to unknown property file "${propertyFile[1]}" of step "${source.name}"`);
    return;
  }
  const output = /^\.ProcessingOutputConfig\.Outputs\['([^']*)'\]/.exec(path);
  if (output !== null && source.type === 'Processing') {
    const outputs = lookup(source.json, 'Arguments.ProcessingOutputConfig.Outputs');
    const names = Array.isArray(outputs) ? (outputs as readonly JsonValue[]).map((item) => member(item, 'OutputName')) : [];
    if (!names.includes(output[1]!)) problems.push(`${at} refers to unknown output "${output[1]}" of step "${source.name}"`);
    return;
  }
  const parameter = /^\.OutputParameters\['([^']*)'\]/.exec(path);
  if (parameter !== null && (source.type === 'Lambda' || source.type === 'Callback')) {
    const outputs = member(source.json, 'OutputParameters');
    const names = Array.isArray(outputs) ? (outputs as readonly JsonValue[]).map((item) => member(item, 'OutputName')) : [];
    if (!names.includes(parameter[1]!)) problems.push(`${at} refers to unknown output parameter "${parameter[1]}" of step "${source.name}"`);
  }
}

function validateRetryPolicies(step: StepRecord, problems: string[]): void {
  const policies = member(step.json, 'RetryPolicies');
  if (!Array.isArray(policies)) return;
  (policies as readonly JsonValue[]).forEach((policy, index) => {
    const at = `Step "${step.name}" RetryPolicies[${index}]`;
    const hasMax = member(policy, 'MaxAttempts') !== undefined;
    const hasExpire = member(policy, 'ExpireAfterMin') !== undefined;
    if (hasMax === hasExpire) {
      problems.push(`${at}: give exactly one of MaxAttempts and ExpireAfterMin (${hasMax ? 'both are' : 'neither is'} set)`);
    }
    for (const [key, limit] of RETRY_LIMITS) {
      const raw = member(policy, key);
      const value = raw instanceof PyFloat ? raw.value : raw;
      if (typeof value === 'number' && value > limit) problems.push(`${at}.${key} is ${value}; the maximum is ${limit}`);
    }
  });
}

function validateCacheConfig(step: StepRecord, problems: string[]): void {
  const expireAfter = member(member(step.json, 'CacheConfig'), 'ExpireAfter');
  if (expireAfter === undefined) return;
  if (typeof expireAfter !== 'string' || !DURATION.test(expireAfter)) {
    problems.push(`Step "${step.name}" CacheConfig.ExpireAfter ${JSON.stringify(expireAfter)} is not an ISO-8601 duration such as "P30D" or "PT1H"`);
  }
}

function isNonFinite(value: JsonValue | undefined): boolean {
  const number = value instanceof PyFloat ? value.value : value;
  return typeof number === 'number' && !Number.isFinite(number);
}

function lookup(value: JsonValue | undefined, path: string): JsonValue | undefined {
  return path.split('.').reduce<JsonValue | undefined>((current, key) => member(current, key), value);
}

/**
 * What a definition says that SageMaker accepts but probably is not meant, as lines: a Float parameter compared with
 * an integer literal (`6`), where a pipeline written with the Python SDK has `6.0` — write `float(6)` to write the
 * same definition (JavaScript has one number type, so `6.0` is `6`).
 */
export function definitionWarnings(definition: JsonValue): string[] {
  const warnings: string[] = [];
  const floats = new Set<string>();
  for (const parameter of (member(definition, 'Parameters') as readonly JsonValue[] | undefined) ?? []) {
    if (member(parameter, 'Type') === 'Float') floats.add(String(member(parameter, 'Name')));
  }
  const floatParameter = (value: JsonValue | undefined): string | undefined => {
    const get = isObjectValue(value) ? member(value, 'Get') : undefined;
    const name = typeof get === 'string' && get.startsWith('Parameters.') ? get.slice('Parameters.'.length) : undefined;
    return name !== undefined && floats.has(name) ? name : undefined;
  };
  const integerLiteral = (value: JsonValue | undefined): value is number => typeof value === 'number' && Number.isInteger(value);
  const checkCondition = (step: string, condition: JsonValue): void => {
    const type = member(condition, 'Type');
    if (type === 'Not') return checkCondition(step, member(condition, 'Condition') ?? null);
    if (type === 'Or') return ((member(condition, 'Conditions') as readonly JsonValue[] | undefined) ?? []).forEach((c) => checkCondition(step, c));
    const pairs: [JsonValue | undefined, JsonValue | undefined][] =
      type === 'In'
        ? ((member(condition, 'Values') as readonly JsonValue[] | undefined) ?? []).map((value) => [member(condition, 'QueryValue'), value])
        : [[member(condition, 'LeftValue'), member(condition, 'RightValue')]];
    for (const [left, right] of pairs) {
      for (const [variable, literal] of [
        [left, right],
        [right, left],
      ] as const) {
        const name = floatParameter(variable);
        if (name === undefined || !integerLiteral(literal)) continue;
        warnings.push(
          `Step "${step}" ${String(type)} compares Float parameter ${name} with the integer ${literal}: the Python SDK writes ${literal}.0 ` +
            `for a float; write float(${literal}) for the same definition.`,
        );
      }
    }
  };
  const visit = (steps: JsonValue | undefined): void => {
    for (const step of (steps as readonly JsonValue[] | undefined) ?? []) {
      if (member(step, 'Type') !== 'Condition') continue;
      const args = member(step, 'Arguments');
      const name = String(member(step, 'Name'));
      for (const condition of (member(args, 'Conditions') as readonly JsonValue[] | undefined) ?? []) checkCondition(name, condition);
      visit(member(args, 'IfSteps'));
      visit(member(args, 'ElseSteps'));
    }
  };
  visit(member(definition, 'Steps'));
  return warnings;
}
