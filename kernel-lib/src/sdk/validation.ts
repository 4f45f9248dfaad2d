/**
 * Checks a definition before anything is sent, on the JSON itself so that built and loaded pipelines get the
 * same checks. Every message names the step (or parameter) and the field.
 */
import { entriesOf, isObjectValue, member, PyFloat, type JsonMap, type JsonObject, type JsonValue } from './json.js';
import { channelNameProblems } from './path-names.js';

export class PipelineDefinitionError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'PipelineDefinitionError';
  }
}

const NAME = /^[A-Za-z0-9\-_]{1,64}$/;
const EXECUTION_VARIABLES = new Set([
  'PipelineExecutionId',
  'PipelineExecutionArn',
  'PipelineName',
  'PipelineArn',
  'StartDateTime',
  'CurrentDateTime',
  'TrainingJobName',
  'ProcessingJobName',
]);
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

interface Placement {
  /** undefined for a top-level step. */
  condition?: string;
  branch?: 'IfSteps' | 'ElseSteps';
}

interface StepRecord {
  name: string;
  type: string;
  json: JsonMap | JsonObject;
  placement: Placement;
}

interface Reference {
  field: string;
  path: string;
}

/** Throws PipelineDefinitionError listing every problem found. */
export function validateDefinition(definition: JsonValue): void {
  const problems: string[] = [];
  if (!isObjectValue(definition)) throw new PipelineDefinitionError(['The definition must be a JSON object']);

  const parameters = validateParameters(member(definition, 'Parameters'), problems);
  const steps = collectSteps(member(definition, 'Steps'), problems);
  const byName = new Map<string, StepRecord>();
  for (const [name, records] of groupByName(steps)) {
    byName.set(name, records[0]!);
    if (records.length > 1) problems.push(placementProblem(name, records));
  }

  const edges = new Map<string, Set<string>>([...byName.keys()].map((name) => [name, new Set<string>()]));
  const addEdge = (from: string, to: string): void => void edges.get(from)?.add(to);

  for (const step of steps) {
    const prefix = `Step "${step.name}"`;
    if (!(step.type in REQUIRED)) problems.push(`${prefix} has unknown Type "${step.type}"`);
    for (const field of REQUIRED[step.type] ?? []) {
      if (lookup(step.json, field) === undefined) problems.push(`${prefix} (${step.type}) is missing required field ${field}`);
    }

    const references: Reference[] = [];
    for (const [key, value] of entriesOf(step.json)) {
      if (key === 'Name' || key === 'Type') continue;
      // Branch steps are checked as steps of their own.
      if (key === 'Arguments' && step.type === 'Condition' && isObjectValue(value)) {
        scan(member(value, 'Conditions'), 'Arguments.Conditions', references, prefix, problems);
      } else scan(value, key, references, prefix, problems);
    }
    for (const reference of references) {
      const source = checkReference(step, reference, byName, parameters, problems);
      if (source !== undefined) addEdge(source, step.name);
    }

    const dependsOn = member(step.json, 'DependsOn');
    if (dependsOn !== undefined) {
      if (!Array.isArray(dependsOn)) problems.push(`${prefix} DependsOn must be a list of step names`);
      else {
        for (const target of dependsOn as readonly JsonValue[]) {
          const other = typeof target === 'string' ? byName.get(target) : undefined;
          if (other === undefined) problems.push(`${prefix} DependsOn refers to unknown step ${JSON.stringify(target)}`);
          else if (other.type === 'Fail') problems.push(`${prefix} DependsOn names Fail step "${other.name}"; a Fail step cannot be depended on`);
          else addEdge(other.name, step.name);
        }
      }
    }
    if (step.placement.condition !== undefined) addEdge(step.placement.condition, step.name);

    validateRetryPolicies(step, problems);
    validateCacheConfig(step, problems);
    problems.push(...channelNameProblems(step.name, step.type, step.json));
  }

  const cycle = findCycle(edges);
  if (cycle !== undefined) problems.push(`Steps form a cycle: ${cycle.join(' -> ')}`);
  if (problems.length > 0) throw new PipelineDefinitionError(problems);
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
  const text = value instanceof PyFloat ? String(value.value) : typeof value === 'object' ? (Array.isArray(value) ? 'a list' : 'an object') : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function collectSteps(value: JsonValue | undefined, problems: string[], placement: Placement = {}, out: StepRecord[] = []): StepRecord[] {
  if (!Array.isArray(value)) {
    problems.push(placement.condition === undefined ? 'Steps must be a list' : `Step "${placement.condition}" ${placement.branch} must be a list`);
    return out;
  }
  for (const [index, json] of (value as readonly JsonValue[]).entries()) {
    const name = member(json, 'Name');
    const where = placement.condition === undefined ? `Steps[${index}]` : `${placement.branch}[${index}] of step "${placement.condition}"`;
    if (!isObjectValue(json) || typeof name !== 'string') {
      problems.push(`${where}: Name is missing`);
      continue;
    }
    if (!NAME.test(name)) problems.push(`Step "${name}": Name must match [A-Za-z0-9-_]{1,64}`);
    const typeValue = member(json, 'Type');
    const type = typeof typeValue === 'string' ? typeValue : '';
    out.push({ name, type, json, placement });
    if (type === 'Condition') {
      const args = member(json, 'Arguments');
      for (const branch of ['IfSteps', 'ElseSteps'] as const) {
        const steps = member(args, branch);
        if (steps !== undefined) collectSteps(steps, problems, { condition: name, branch }, out);
      }
    }
  }
  return out;
}

function groupByName(steps: readonly StepRecord[]): Map<string, StepRecord[]> {
  const groups = new Map<string, StepRecord[]>();
  for (const step of steps) groups.set(step.name, [...(groups.get(step.name) ?? []), step]);
  return groups;
}

function placementProblem(name: string, records: readonly StepRecord[]): string {
  const top = records.find((record) => record.placement.condition === undefined);
  const nested = records.filter((record) => record.placement.condition !== undefined);
  const first = nested[0];
  if (top !== undefined && first !== undefined) {
    return `Step "${name}" is both a top-level step and in the ${first.placement.branch} of condition step "${first.placement.condition}"; a step belongs in one place only`;
  }
  const second = nested.find((record) => record !== first && record.placement.condition === first?.placement.condition && record.placement.branch !== first?.placement.branch);
  if (first !== undefined && second !== undefined) {
    return `Step "${name}" is in both the IfSteps and the ElseSteps of condition step "${first.placement.condition}"; a step belongs in one branch only`;
  }
  return `Duplicate step name "${name}": step names must be unique across the pipeline, branches included`;
}

/** Collects `{"Get": ...}` references and reports non-finite numbers, with the field path of each. */
function scan(value: JsonValue | undefined, field: string, references: Reference[], prefix: string, problems: string[]): void {
  if (value === undefined || value === null) return;
  if (isNonFinite(value)) {
    problems.push(`${prefix} ${field} is not a finite number`);
    return;
  }
  if (Array.isArray(value)) {
    (value as readonly JsonValue[]).forEach((item, index) => scan(item, `${field}[${index}]`, references, prefix, problems));
    return;
  }
  if (!isObjectValue(value)) return;
  const entries = entriesOf(value);
  const get = member(value, 'Get');
  if (entries.length === 1 && typeof get === 'string') {
    references.push({ field, path: get });
    return;
  }
  for (const [key, item] of entries) scan(item, `${field}.${key}`, references, prefix, problems);
}

/** Returns the name of the step the reference reads from, if any. */
function checkReference(step: StepRecord, reference: Reference, steps: ReadonlyMap<string, StepRecord>, parameters: ReadonlySet<string>, problems: string[]): string | undefined {
  const at = `Step "${step.name}" ${reference.field}`;
  const dot = reference.path.indexOf('.');
  const root = dot < 0 ? reference.path : reference.path.slice(0, dot);
  const rest = dot < 0 ? '' : reference.path.slice(dot + 1);
  if (root === 'Parameters') {
    if (!parameters.has(rest)) problems.push(`${at} refers to unknown parameter "${rest}"`);
    return undefined;
  }
  if (root === 'Execution') {
    if (!EXECUTION_VARIABLES.has(rest)) problems.push(`${at} refers to unknown execution variable "${rest}"`);
    return undefined;
  }
  if (root === 'PipelineExperimentConfig') {
    if (!EXPERIMENT_PROPERTIES.has(rest)) problems.push(`${at} refers to unknown experiment config property "${rest}"`);
    return undefined;
  }
  if (root !== 'Steps') {
    problems.push(`${at} has an unknown reference "${reference.path}"`);
    return undefined;
  }
  const match = /^([^.[]+)(.*)$/.exec(rest);
  const sourceName = match?.[1] ?? rest;
  const path = match?.[2] ?? '';
  const source = steps.get(sourceName);
  if (source === undefined) {
    problems.push(`${at} refers to unknown step "${sourceName}"`);
    return undefined;
  }
  if (source.type === 'Fail') {
    problems.push(`${at} refers to Fail step "${sourceName}"; a Fail step cannot be referenced`);
    return undefined;
  }
  checkNamedItem(at, source, path, problems);
  return sourceName;
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

/** A cycle in run order (`A -> B -> A`), or undefined. */
function findCycle(edges: ReadonlyMap<string, ReadonlySet<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      const seen = state.get(next);
      if (seen === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (seen === undefined) {
        const found = visit(next);
        if (found !== undefined) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of edges.keys()) {
    if (state.get(node) === undefined) {
      const found = visit(node);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function isNonFinite(value: JsonValue | undefined): boolean {
  const number = value instanceof PyFloat ? value.value : value;
  return typeof number === 'number' && !Number.isFinite(number);
}

function lookup(value: JsonValue | undefined, path: string): JsonValue | undefined {
  return path.split('.').reduce<JsonValue | undefined>((current, key) => member(current, key), value);
}
