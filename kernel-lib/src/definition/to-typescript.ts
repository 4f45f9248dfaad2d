/**
 * Export to TypeScript: a pipeline definition (as SageMaker stores it) written back as a module that builds it with the
 * sluice SDK, so a pipeline drawn in the designer or downloaded from SageMaker can move into code. `definition()` of the
 * module's pipeline gives the definition back byte for byte. Browser-safe: the designer calls it as well as the CLI.
 */
import { ExecutionVariableNames } from './execution-variables.js';
import { entriesOf, isObjectValue, member, PyFloat, pyJsonDumps, pyJsonLoads, type JsonMap, type JsonObject, type JsonValue } from './python-json.js';
import { jobStepKeys, jobStepPolicies, processingStepOptions, type StepCodeWriter } from './to-typescript-processing.js';
import { group, hasKeys, isStringList, numberLiteral, propertyKey, quote, render, REORDERED_KEY, type Item, type Node } from './typescript-code.js';

/** A construct written in its raw JSON form because the SDK (or this export) has no typed form for it. */
export interface TypeScriptFallback {
  /** What fell back: `step "Train" (Training)`, or `the whole definition`. */
  readonly construct: string;
  readonly reason: string;
}

/** The module and what in it fell back to raw JSON. */
export interface TypeScriptExport {
  readonly code: string;
  readonly fallbacks: readonly TypeScriptFallback[];
}

/** Options of the export. */
export interface TypeScriptExportOptions {
  /** The pipeline's name (a definition does not hold it); default `Pipeline`. */
  readonly pipelineName?: string;
}

/** Thrown when the text is not a pipeline definition at all (not JSON, or not an object with `Steps`). */
export class DefinitionExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DefinitionExportError';
  }
}

/**
 * Writes a pipeline definition as a TypeScript module using the sluice SDK (`import { Pipeline, … } from 'sluice'`):
 * parameters as `ParameterString`/`ParameterInteger`/…, condition and fail steps as `ConditionStep` and `FailStep` with
 * their conditions, references as `Join`, `JsonGet`, `ExecutionVariables` and the parameter variables; other steps (and
 * anything without an exact SDK form) as `RawStep` built from their JSON, named in the module's header. The module exports
 * `pipeline`, whose `definition()` equals the input byte for byte when the input is one line as SageMaker and the SDKs
 * write it; a top-level `"Metadata"` block (the designer's layout) is not part of the pipeline and comes back as `{}`,
 * as the SDK writes it. The definition is not validated here: `definition()` of an invalid one throws, listing its problems.
 *
 * @example
 * ```ts
 * const code = definitionToTypeScript(readFileSync('Abalone.pipeline.json', 'utf8'), { pipelineName: 'Abalone' });
 * ```
 */
export function definitionToTypeScript(definitionJson: string, options: TypeScriptExportOptions = {}): string {
  return exportTypeScript(definitionJson, options).code;
}

/** {@link definitionToTypeScript}, also telling which constructs fell back to raw JSON and why. */
export function exportTypeScript(definitionJson: string, options: TypeScriptExportOptions = {}): TypeScriptExport {
  let parsed: JsonValue;
  try {
    parsed = pyJsonLoads(definitionJson);
  } catch (error) {
    throw new DefinitionExportError(`The definition is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isObjectValue(parsed) || !Array.isArray(member(parsed, 'Steps'))) {
    throw new DefinitionExportError('The definition is not a pipeline definition: it needs a top-level object with a "Steps" list.');
  }
  const pipelineName = options.pipelineName ?? 'Pipeline';
  const writer = new ModuleWriter();
  try {
    return writer.pipelineModule(parsed, pipelineName);
  } catch (error) {
    if (!(error instanceof WholeFallback)) throw error;
    return new ModuleWriter().wholeDefinitionModule(withEmptyMetadata(parsed), pipelineName, error.message);
  }
}

/** The definition as the SDK writes it: a layout `Metadata` block emptied. */
function withEmptyMetadata(definition: JsonMap | JsonObject): JsonMap {
  return new Map(entriesOf(definition).map(([key, value]) => [key, key === 'Metadata' ? new Map() : value]));
}

/** Raised inside the writer when the pipeline as a whole has no SDK form (the module then loads the JSON text). */
class WholeFallback extends Error {}

/** A step's name and type, for messages. */
function stepLabel(step: JsonValue): string {
  const name = member(step, 'Name');
  const type = member(step, 'Type');
  return `step ${typeof name === 'string' ? JSON.stringify(name) : '(unnamed)'}${typeof type === 'string' ? ` (${type})` : ''}`;
}

/** The step types written with their SDK class when it writes the very JSON read. */
const typedStepTypes = ['Condition', 'Fail', 'Processing'];

const comparisonClasses: Readonly<Record<string, string>> = {
  Equals: 'ConditionEquals',
  GreaterThan: 'ConditionGreaterThan',
  GreaterThanOrEqualTo: 'ConditionGreaterThanOrEqualTo',
  LessThan: 'ConditionLessThan',
  LessThanOrEqualTo: 'ConditionLessThanOrEqualTo',
};

const reservedWords = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package ' +
    'private protected public await async arguments eval undefined NaN Infinity pipeline float toJson'
  ).split(' '),
);

// ---------------------------------------------------------------------------------------------- the module

class ModuleWriter implements StepCodeWriter {
  private readonly imports = new Set<string>();
  private readonly names = new Set<string>();
  private readonly parameterVariables = new Map<string, string>();
  private readonly parameterTypes = new Map<string, string>();
  private readonly declarations: string[] = [];
  private readonly fallbacks: TypeScriptFallback[] = [];

  pipelineModule(definition: JsonMap | JsonObject, pipelineName: string): TypeScriptExport {
    const topKeys = entriesOf(definition)
      .map(([key]) => key)
      .filter((key) => key !== 'Metadata');
    const expectedKeys = ['Version', 'Parameters', 'PipelineExperimentConfig', 'Steps'];
    if (topKeys.join() !== expectedKeys.join()) {
      throw new WholeFallback(`its top-level keys are ${topKeys.join(', ')}; the SDK writes ${expectedKeys.join(', ')} (and Metadata)`);
    }
    if (member(definition, 'Version') !== '2020-12-01') throw new WholeFallback('its Version is not 2020-12-01, the one the SDK writes');
    const parameters = member(definition, 'Parameters');
    if (!Array.isArray(parameters)) throw new WholeFallback('its Parameters is not a list');
    const parameterNames = parameters.map((parameter) => this.parameter(parameter));
    const steps = (member(definition, 'Steps') as readonly JsonValue[]).map((step) => this.step(step));
    const pipelineItems: Item[] = [{ key: 'name', value: quote(pipelineName) }];
    if (parameterNames.length > 0) pipelineItems.push({ key: 'parameters', value: group('', '[', parameterNames) });
    pipelineItems.push({ key: 'steps', value: group('', '[', steps) });
    const experiment = this.experimentConfig(member(definition, 'PipelineExperimentConfig') ?? null);
    if (experiment !== undefined) pipelineItems.push({ key: 'experimentConfig', value: experiment });
    this.use('Pipeline');
    this.declarations.push(`export const pipeline = ${render(group('new Pipeline(', '{', pipelineItems, ')'), '', 22)};`);
    return this.module(pipelineName);
  }

  wholeDefinitionModule(definition: JsonMap, pipelineName: string, reason: string): TypeScriptExport {
    this.fallbacks.push({ construct: 'the whole definition', reason });
    this.use('Pipeline');
    this.declarations.push(`export const pipeline = Pipeline.fromDefinition(${quote(pyJsonDumps(definition))}, { name: ${quote(pipelineName)} });`);
    return this.module(pipelineName);
  }

  private module(pipelineName: string): TypeScriptExport {
    const header = [
      `// Pipeline ${JSON.stringify(pipelineName)}, exported to TypeScript by sluice: pipeline.definition() writes the definition it came from.`,
      ...this.fallbacks.map((fallback) => `// Raw JSON: ${fallback.construct}: ${fallback.reason}.`),
    ];
    const names = [...this.imports].sort((a, b) => a.localeCompare(b, 'en'));
    const importLine = render(
      group(
        'import ',
        '{',
        names.map((name) => (name === 'Value' ? 'type Value' : name)),
        " from 'sluice';",
      ),
      '',
    );
    const code = `${header.join('\n')}\n${importLine}\n\n${this.declarations.join('\n\n')}\n`;
    return { code, fallbacks: this.fallbacks };
  }

  use(name: string): string {
    this.imports.add(name);
    return name;
  }

  /** A fresh variable name from a SageMaker name: `PreprocessAbaloneData` → `preprocessAbaloneData`. */
  private variable(name: string, fallback: string): string {
    const words = name.split(/[^A-Za-z0-9]+/).filter((word) => word.length > 0);
    let base = words.map((word, index) => (index === 0 ? word[0]!.toLowerCase() + word.slice(1) : word[0]!.toUpperCase() + word.slice(1))).join('');
    if (base === '' || /^\d/.test(base)) base = `${fallback}${base}`;
    let candidate = base;
    for (let n = 2; reservedWords.has(candidate) || this.names.has(candidate); n++) candidate = `${base}${n}`;
    this.names.add(candidate);
    return candidate;
  }

  // ------------------------------------------------------------------------------------------ parameters

  private parameter(json: JsonValue): string {
    const name = member(json, 'Name');
    const type = member(json, 'Type');
    if (typeof name !== 'string' || typeof type !== 'string') throw new WholeFallback('a parameter has no Name or Type');
    const label = `parameter "${name}"`;
    const optional = type === 'String' ? ['DefaultValue', 'EnumValues'] : ['DefaultValue'];
    if (!hasKeys(json, ['Name', 'Type'], optional)) throw new WholeFallback(`${label} has keys the SDK does not write, or in another order`);
    const value = member(json, 'DefaultValue');
    const defaultLiteral = this.parameterDefault(type, value);
    if (defaultLiteral === null)
      throw new WholeFallback(`${label} (${type}) has a default the SDK writes differently: ${value === undefined ? '' : pyJsonDumps(value)}`);
    const items: Item[] = [{ key: 'name', value: quote(name) }];
    if (defaultLiteral !== undefined) items.push({ key: 'defaultValue', value: defaultLiteral });
    const enumValues = member(json, 'EnumValues');
    if (enumValues !== undefined) {
      if (!isStringList(enumValues)) throw new WholeFallback(`${label} has EnumValues that are not strings`);
      items.push({ key: 'enumValues', value: group('', '[', enumValues.map(quote)) });
    }
    const variable = this.variable(name, 'parameter');
    this.parameterVariables.set(name, variable);
    this.parameterTypes.set(name, type);
    this.declarations.push(`export const ${variable} = ${render(group(`new ${this.use(`Parameter${type}`)}(`, '{', items, ')'), '', 14 + variable.length)};`);
    return variable;
  }

  /** The default as the parameter class writes it back (undefined: none; null: none that writes these bytes). */
  private parameterDefault(type: string, value: JsonValue | undefined): string | undefined | null {
    if (value === undefined) return undefined;
    switch (type) {
      case 'String':
        return typeof value === 'string' ? quote(value) : null;
      case 'Boolean':
        return typeof value === 'boolean' ? String(value) : null;
      case 'Integer':
        return typeof value === 'number' ? numberLiteral(value) : null;
      // ParameterFloat writes its default as a Python float: 6.0, never 6.
      case 'Float':
        return value instanceof PyFloat ? numberLiteral(value.value) : null;
      default:
        return null;
    }
  }

  private experimentConfig(json: JsonValue): Node | undefined {
    if (json === null) return 'null';
    if (!hasKeys(json, ['ExperimentName', 'TrialName']))
      throw new WholeFallback('its PipelineExperimentConfig has keys other than ExperimentName and TrialName');
    const experiment = member(json, 'ExperimentName');
    const trial = member(json, 'TrialName');
    const isDefault =
      pyJsonDumps(experiment ?? null) === '{"Get": "Execution.PipelineName"}' && pyJsonDumps(trial ?? null) === '{"Get": "Execution.PipelineExecutionId"}';
    if (isDefault) return undefined;
    return group(
      `new ${this.use('PipelineExperimentConfig')}(`,
      '{',
      [
        { key: 'experimentName', value: this.value(experiment ?? null) },
        { key: 'trialName', value: this.value(trial ?? null) },
      ],
      ')',
    );
  }

  // ------------------------------------------------------------------------------------------ steps

  /** Declares the step (and, first, the steps of its branches) and returns its variable. */
  private step(json: JsonValue): string {
    const name = member(json, 'Name');
    const variable = this.variable(typeof name === 'string' ? name : '', 'step');
    const typed = this.typedStep(json);
    const node = typed ?? this.rawStep(json);
    this.declarations.push(`export const ${variable} = ${render(node, '', 14 + variable.length)};`);
    return variable;
  }

  private rawStep(json: JsonValue): Node {
    const type = member(json, 'Type');
    this.fallbacks.push({
      construct: stepLabel(json),
      reason:
        typeof type === 'string' && typedStepTypes.includes(type) ? `keys or values ${type}'s SDK class does not write` : 'no typed form in this export yet',
    });
    return group(`new ${this.use('RawStep')}(${this.use('toJson')}(`, '{', this.objectItems(json as JsonMap | JsonObject), '))');
  }

  /** A ProcessingStep, ConditionStep or FailStep when the SDK class writes exactly these bytes; undefined otherwise. */
  private typedStep(json: JsonValue): Node | undefined {
    const type = member(json, 'Type');
    if (type === 'Processing' && hasKeys(json, ['Name', 'Type', 'Arguments'], jobStepKeys)) {
      const common = this.commonStepOptions(json);
      const options = processingStepOptions(member(json, 'Arguments'), this);
      const policies = jobStepPolicies(json, this);
      if (common === undefined || options === undefined || policies === undefined) return undefined;
      return group(`new ${this.use('ProcessingStep')}(`, '{', [...common, ...options, ...policies], ')');
    }
    const common = ['DependsOn', 'DisplayName', 'Description'];
    if (!hasKeys(json, ['Name', 'Type', 'Arguments'], common)) return undefined;
    const items = this.commonStepOptions(json);
    if (items === undefined) return undefined;
    const args = member(json, 'Arguments');
    if (type === 'Fail' && hasKeys(args, ['ErrorMessage'])) {
      items.push({ key: 'errorMessage', value: this.value(member(args, 'ErrorMessage') ?? null) });
      return group(`new ${this.use('FailStep')}(`, '{', items, ')');
    }
    if (type === 'Condition' && hasKeys(args, ['Conditions', 'IfSteps', 'ElseSteps'])) {
      const conditions = member(args, 'Conditions');
      const ifSteps = member(args, 'IfSteps');
      const elseSteps = member(args, 'ElseSteps');
      if (!Array.isArray(conditions) || !Array.isArray(ifSteps) || !Array.isArray(elseSteps)) return undefined;
      const conditionNodes = conditions.map((condition) => this.condition(condition));
      if (conditionNodes.some((node) => node === undefined)) return undefined;
      items.push({ key: 'conditions', value: group('', '[', conditionNodes as Node[]) });
      // Branch steps are declared before the condition that holds them.
      if (ifSteps.length > 0)
        items.push({
          key: 'ifSteps',
          value: group(
            '',
            '[',
            ifSteps.map((step) => this.step(step)),
          ),
        });
      if (elseSteps.length > 0)
        items.push({
          key: 'elseSteps',
          value: group(
            '',
            '[',
            elseSteps.map((step) => this.step(step)),
          ),
        });
      return group(`new ${this.use('ConditionStep')}(`, '{', items, ')');
    }
    return undefined;
  }

  private commonStepOptions(json: JsonMap | JsonObject): Item[] | undefined {
    const items: Item[] = [{ key: 'name', value: quote(member(json, 'Name') as string) }];
    const dependsOn = member(json, 'DependsOn');
    if (dependsOn !== undefined) {
      if (!isStringList(dependsOn)) return undefined;
      items.push({ key: 'dependsOn', value: group('', '[', dependsOn.map(quote)) });
    }
    for (const [key, option] of [
      ['DisplayName', 'displayName'],
      ['Description', 'description'],
    ] as const) {
      const text = member(json, key);
      if (text === undefined) continue;
      if (typeof text !== 'string') return undefined;
      items.push({ key: option, value: quote(text) });
    }
    return typeof member(json, 'Name') === 'string' ? items : undefined;
  }

  // ------------------------------------------------------------------------------------------ conditions

  private condition(json: JsonValue): Node | undefined {
    const type = member(json, 'Type');
    if (typeof type !== 'string') return undefined;
    const comparison = comparisonClasses[type];
    if (comparison !== undefined && hasKeys(json, ['Type', 'LeftValue', 'RightValue'])) {
      const left = this.operand(member(json, 'LeftValue'));
      const right = this.operand(member(json, 'RightValue'));
      if (left === undefined || right === undefined) return undefined;
      return group(
        `new ${this.use(comparison)}(`,
        '{',
        [
          { key: 'left', value: left },
          { key: 'right', value: right },
        ],
        ')',
      );
    }
    if (type === 'In' && hasKeys(json, ['Type', 'QueryValue', 'Values'])) {
      const query = this.operand(member(json, 'QueryValue'));
      const values = member(json, 'Values');
      if (query === undefined || !Array.isArray(values)) return undefined;
      const operands = values.map((value) => this.operand(value));
      if (operands.some((operand) => operand === undefined)) return undefined;
      return group(
        `new ${this.use('ConditionIn')}(`,
        '{',
        [
          { key: 'value', value: query },
          { key: 'in', value: group('', '[', operands as Node[]) },
        ],
        ')',
      );
    }
    if (type === 'Not' && hasKeys(json, ['Type', 'Condition'])) {
      const inner = this.condition(member(json, 'Condition') ?? null);
      return inner === undefined ? undefined : group(`new ${this.use('ConditionNot')}(`, '{', [{ key: 'expression', value: inner }], ')');
    }
    if (type === 'Or' && hasKeys(json, ['Type', 'Conditions'])) {
      const conditions = member(json, 'Conditions');
      if (!Array.isArray(conditions)) return undefined;
      const nodes = conditions.map((condition) => this.condition(condition));
      if (nodes.some((node) => node === undefined)) return undefined;
      return group(`new ${this.use('ConditionOr')}(`, '{', [{ key: 'conditions', value: group('', '[', nodes as Node[]) }], ')');
    }
    return undefined;
  }

  /** A comparison's side: a literal scalar or a pipeline variable (what the SDK's `Operand` admits). */
  private operand(json: JsonValue | undefined): Node | undefined {
    if (json === undefined || json === null || Array.isArray(json)) return undefined;
    if (isObjectValue(json)) return this.variableExpression(json);
    return this.value(json);
  }

  // ------------------------------------------------------------------------------------------ values

  /** Any value of a step's JSON, with its expressions as SDK pipeline variables. */
  value(json: JsonValue): Node {
    if (json === null || typeof json === 'boolean') return String(json);
    if (typeof json === 'number') return numberLiteral(json);
    if (typeof json === 'string') return quote(json);
    if (json instanceof PyFloat)
      return Number.isInteger(json.value) || !Number.isFinite(json.value) ? `${this.use('float')}(${numberLiteral(json.value)})` : numberLiteral(json.value);
    if (Array.isArray(json))
      return group(
        '',
        '[',
        json.map((item) => this.value(item)),
      );
    const object = json as JsonMap | JsonObject;
    const expression = this.variableExpression(object);
    if (expression !== undefined) return expression;
    if (entriesOf(object).some(([key]) => REORDERED_KEY.test(key) || key === '__proto__')) {
      this.use('Value');
      return group(
        'new Map<string, Value>(',
        '[',
        entriesOf(object).map(([key, item]) => group('', '[', [quote(key), this.value(item)])),
        ')',
      );
    }
    return group('', '{', this.objectItems(object));
  }

  private objectItems(object: JsonMap | JsonObject): Item[] {
    return entriesOf(object).map(([key, item]) => ({ key: propertyKey(key), value: this.value(item) }));
  }

  /** `{"Get": …}`, `Std:Join` and `Std:JsonGet` as the SDK's variables, when they write these very bytes. */
  private variableExpression(object: JsonMap | JsonObject): Node | undefined {
    const get = member(object, 'Get');
    if (hasKeys(object, ['Get']) && typeof get === 'string') return this.reference(get);
    const join = member(object, 'Std:Join');
    if (hasKeys(object, ['Std:Join']) && hasKeys(join, ['On', 'Values'])) {
      const on = member(join, 'On');
      const values = member(join, 'Values');
      if (typeof on === 'string' && Array.isArray(values)) return this.joinNode(on, values);
    }
    const jsonGet = member(object, 'Std:JsonGet');
    if (hasKeys(object, ['Std:JsonGet'])) return this.jsonGet(jsonGet);
    return undefined;
  }

  private joinNode(on: string, values: readonly JsonValue[]): Node {
    return group(
      `new ${this.use('Join')}(`,
      '{',
      [
        { key: 'on', value: quote(on) },
        {
          key: 'values',
          value: group(
            '',
            '[',
            values.map((item) => this.value(item)),
          ),
        },
      ],
      ')',
    );
  }

  private jsonGet(json: JsonValue | undefined): Node | undefined {
    const path = member(json, 'Path');
    if (typeof path !== 'string') return undefined;
    if (hasKeys(json, ['PropertyFile', 'Path'])) {
      const file = member(json, 'PropertyFile');
      const match = hasKeys(file, ['Get']) ? /^Steps\.([^.]+)\.PropertyFiles\.([^.]+)$/.exec(String(member(file, 'Get'))) : null;
      if (match === null) return undefined;
      return group(
        `new ${this.use('JsonGet')}(`,
        '{',
        [
          { key: 'step', value: quote(match[1]!) },
          { key: 'propertyFile', value: quote(match[2]!) },
          { key: 'jsonPath', value: quote(path) },
        ],
        ')',
      );
    }
    if (hasKeys(json, ['S3Uri', 'Path'])) {
      const uri = member(json, 'S3Uri');
      const join = member(uri, 'Std:Join');
      if (!hasKeys(uri, ['Std:Join']) || !hasKeys(join, ['On', 'Values'])) return undefined;
      const on = member(join, 'On');
      const values = member(join, 'Values');
      if (typeof on !== 'string' || !Array.isArray(values)) return undefined;
      return group(
        `new ${this.use('JsonGet')}(`,
        '{',
        [
          { key: 's3Uri', value: this.joinNode(on, values) },
          { key: 'jsonPath', value: quote(path) },
        ],
        ')',
      );
    }
    return undefined;
  }

  /** A literal or variable typed for `Late<string>` / `Late<number>` (a step property's path typed as such), else undefined. */
  late(json: JsonValue | undefined, type: 'string' | 'number'): Node | undefined {
    if (type === 'string' && typeof json === 'string') return quote(json);
    if (type === 'number' && typeof json === 'number' && Number.isInteger(json)) return numberLiteral(json);
    if (!isObjectValue(json)) return undefined;
    const get = member(json, 'Get');
    if (hasKeys(json, ['Get']) && typeof get === 'string') {
      const [root, ...rest] = get.split('.');
      const name = rest.join('.');
      if (root === 'Parameters')
        return this.parameterTypes.get(name) === (type === 'string' ? 'String' : 'Integer') ? this.parameterVariables.get(name) : undefined;
      if (root === 'Steps') return `new ${this.use('GetVariable')}<${type}>(${quote(get)})`;
      const known =
        (root === 'Execution' && (ExecutionVariableNames as readonly string[]).includes(name)) ||
        (root === 'PipelineExperimentConfig' && (name === 'ExperimentName' || name === 'TrialName'));
      return type === 'string' && known ? this.reference(get) : undefined;
    }
    return type === 'string' && hasKeys(json, ['Std:Join']) ? this.variableExpression(json) : undefined;
  }

  /** `{"Get": path}`: a parameter's variable, an execution variable, the experiment config's, or the path itself. */
  private reference(path: string): Node {
    const [root, ...rest] = path.split('.');
    const name = rest.join('.');
    if (root === 'Parameters' && this.parameterVariables.has(name)) return this.parameterVariables.get(name)!;
    if (root === 'Execution' && (ExecutionVariableNames as readonly string[]).includes(name)) return `${this.use('ExecutionVariables')}.${name}`;
    if (root === 'PipelineExperimentConfig' && (name === 'ExperimentName' || name === 'TrialName'))
      return `${this.use('PipelineExperimentConfigProperties')}.${name}`;
    // Step properties stay paths: they name steps declared anywhere (a branch's too) without tying the objects together.
    return `new ${this.use('GetVariable')}(${quote(path)})`;
  }
}
