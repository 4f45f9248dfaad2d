/**
 * Export to TypeScript, job steps: a Processing step as `new ProcessingStep({...})`, and the retry policies, cache config
 * and property files of a step, when the SDK's classes write exactly the JSON read (else the step stays a RawStep).
 */
import { entriesOf, isObjectValue, member, PyFloat, type JsonValue } from './python-json.js';
import { group, hasKeys, isStringList, numberLiteral, propertyKey, quote, REORDERED_KEY, type Entry, type Item, type Node } from './typescript-code.js';

/** What the step writers need from the module being written. */
export interface StepCodeWriter {
  /** Imports `name` from sluice and returns it. */
  use(name: string): string;
  /** Any JSON value, with its expressions as pipeline variables. */
  value(json: JsonValue): Node;
  /** A literal or a pipeline variable that compiles where `Late<string>` or `Late<number>` is wanted; undefined otherwise. */
  late(json: JsonValue | undefined, type: 'string' | 'number'): Node | undefined;
}

/** The keys a Processing step may have beyond `Name`, `Type`, `Arguments`, in the order the SDK writes them. */
export const jobStepKeys = ['DependsOn', 'DisplayName', 'Description', 'RetryPolicies', 'CacheConfig', 'PropertyFiles'];

const inputDefaults = { S3DataType: 'S3Prefix', S3InputMode: 'File', S3DataDistributionType: 'FullyReplicated', S3CompressionType: 'None' } as const;
const inputOptions: Readonly<Record<keyof typeof inputDefaults, readonly [string, readonly string[]]>> = {
  S3DataType: ['s3DataType', ['S3Prefix', 'ManifestFile']],
  S3InputMode: ['s3InputMode', ['File', 'Pipe']],
  S3DataDistributionType: ['s3DataDistributionType', ['FullyReplicated', 'ShardedByS3Key']],
  S3CompressionType: ['s3CompressionType', ['None', 'Gzip']],
};
const stepExceptionTypes = ['Step.SERVICE_FAULT', 'Step.THROTTLING'];
const jobExceptionTypes = ['SageMaker.JOB_INTERNAL_ERROR', 'SageMaker.CAPACITY_ERROR', 'SageMaker.RESOURCE_LIMIT'];

/** The options of `new ProcessingStep(...)` after the common ones, or undefined when ProcessingStep would write other JSON. */
export function processingStepOptions(args: JsonValue | undefined, writer: StepCodeWriter): Item[] | undefined {
  if (!hasKeys(args, ['ProcessingResources', 'AppSpecification', 'RoleArn'], ['ProcessingInputs', 'ProcessingOutputConfig', 'Environment'])) return undefined;
  const resources = member(args, 'ProcessingResources');
  const cluster = member(resources, 'ClusterConfig');
  const app = member(args, 'AppSpecification');
  const imageUri = member(app, 'ImageUri');
  const roleArn = member(args, 'RoleArn');
  const volume = member(cluster, 'VolumeSizeInGB');
  if (!hasKeys(resources, ['ClusterConfig']) || !hasKeys(cluster, ['InstanceType', 'InstanceCount', 'VolumeSizeInGB']) || typeof volume !== 'number')
    return undefined;
  if (!hasKeys(app, ['ImageUri'], ['ContainerArguments', 'ContainerEntrypoint']) || typeof imageUri !== 'string' || typeof roleArn !== 'string')
    return undefined;
  const instanceType = writer.late(member(cluster, 'InstanceType'), 'string');
  const instanceCount = writer.late(member(cluster, 'InstanceCount'), 'number');
  if (instanceType === undefined || instanceCount === undefined) return undefined;
  const items: Item[] = [
    { key: 'imageUri', value: quote(imageUri) },
    { key: 'roleArn', value: quote(roleArn) },
    { key: 'instanceType', value: instanceType },
    { key: 'instanceCount', value: instanceCount },
  ];
  if (volume !== 30) items.push({ key: 'volumeSizeInGB', value: numberLiteral(volume) });
  for (const [key, option] of [
    ['ContainerEntrypoint', 'entrypoint'],
    ['ContainerArguments', 'arguments'],
  ] as const) {
    const list = member(app, key);
    if (list === undefined) continue;
    if (!Array.isArray(list)) return undefined;
    items.push({
      key: option,
      value: group(
        '',
        '[',
        list.map((item) => writer.value(item)),
      ),
    });
  }
  const inputs = member(args, 'ProcessingInputs');
  if (inputs !== undefined) {
    const nodes = Array.isArray(inputs) && inputs.length > 0 ? inputs.map((input, index) => processingInput(input, index, writer)) : [undefined];
    if (nodes.some((node) => node === undefined)) return undefined;
    items.push({ key: 'inputs', value: group('', '[', nodes as Node[]) });
  }
  const outputConfig = member(args, 'ProcessingOutputConfig');
  if (outputConfig !== undefined) {
    const outputs = member(outputConfig, 'Outputs');
    if (!hasKeys(outputConfig, ['Outputs']) || !Array.isArray(outputs) || outputs.length === 0) return undefined;
    const nodes = outputs.map((output, index) => processingOutput(output, index, writer));
    if (nodes.some((node) => node === undefined)) return undefined;
    items.push({ key: 'outputs', value: group('', '[', nodes as Node[]) });
  }
  const environment = member(args, 'Environment');
  if (environment !== undefined) {
    const entries = environmentEntries(environment, writer);
    if (entries === undefined) return undefined;
    items.push({ key: 'env', value: group('', '{', entries) });
  }
  return items;
}

function processingInput(json: JsonValue, index: number, writer: StepCodeWriter): Node | undefined {
  const name = member(json, 'InputName');
  const s3 = member(json, 'S3Input');
  const destination = member(s3, 'LocalPath');
  if (!hasKeys(json, ['InputName', 'AppManaged', 'S3Input']) || typeof name !== 'string' || member(json, 'AppManaged') !== false) return undefined;
  if (!hasKeys(s3, ['S3Uri', 'LocalPath', ...Object.keys(inputDefaults)]) || typeof destination !== 'string') return undefined;
  const source = writer.late(member(s3, 'S3Uri'), 'string');
  if (source === undefined) return undefined;
  const items: Item[] = name === `input-${index + 1}` ? [] : [{ key: 'inputName', value: quote(name) }];
  items.push({ key: 'source', value: source }, { key: 'destination', value: quote(destination) });
  for (const [key, [option, allowed]] of Object.entries(inputOptions) as [keyof typeof inputDefaults, readonly [string, readonly string[]]][]) {
    const value = member(s3, key);
    if (typeof value !== 'string' || !allowed.includes(value)) return undefined;
    if (value !== inputDefaults[key]) items.push({ key: option, value: quote(value) });
  }
  return group('', '{', items);
}

function processingOutput(json: JsonValue, index: number, writer: StepCodeWriter): Node | undefined {
  const name = member(json, 'OutputName');
  const s3 = member(json, 'S3Output');
  const source = member(s3, 'LocalPath');
  const mode = member(s3, 'S3UploadMode');
  if (!hasKeys(json, ['OutputName', 'AppManaged', 'S3Output']) || typeof name !== 'string' || member(json, 'AppManaged') !== false) return undefined;
  if (!hasKeys(s3, ['S3Uri', 'LocalPath', 'S3UploadMode']) || typeof source !== 'string' || (mode !== 'EndOfJob' && mode !== 'Continuous')) return undefined;
  const destination = writer.late(member(s3, 'S3Uri'), 'string');
  if (destination === undefined) return undefined;
  const items: Item[] = name === `output-${index + 1}` ? [] : [{ key: 'outputName', value: quote(name) }];
  items.push({ key: 'source', value: quote(source) }, { key: 'destination', value: destination });
  if (mode !== 'EndOfJob') items.push({ key: 's3UploadMode', value: quote(mode) });
  return group('', '{', items);
}

function environmentEntries(json: JsonValue, writer: StepCodeWriter): Entry[] | undefined {
  if (!isObjectValue(json)) return undefined;
  const result: Entry[] = [];
  for (const [key, value] of entriesOf(json)) {
    const node = writer.late(value, 'string');
    if (node === undefined || REORDERED_KEY.test(key) || key === '__proto__') return undefined;
    result.push({ key: propertyKey(key), value: node });
  }
  return result;
}

/** `retryPolicies`, `cacheConfig` and `propertyFiles` of a job step, or undefined when the SDK's classes would write other JSON. */
export function jobStepPolicies(step: JsonValue, writer: StepCodeWriter): Item[] | undefined {
  const items: Item[] = [];
  const retries = member(step, 'RetryPolicies');
  if (retries !== undefined) {
    const nodes = Array.isArray(retries) ? retries.map((policy) => retryPolicy(policy, writer)) : [undefined];
    if (nodes.some((node) => node === undefined)) return undefined;
    items.push({ key: 'retryPolicies', value: group('', '[', nodes as Node[]) });
  }
  const cache = member(step, 'CacheConfig');
  if (cache !== undefined) {
    const enabled = member(cache, 'Enabled');
    const expireAfter = member(cache, 'ExpireAfter');
    if (!hasKeys(cache, ['Enabled'], ['ExpireAfter']) || typeof enabled !== 'boolean' || (expireAfter !== undefined && typeof expireAfter !== 'string'))
      return undefined;
    const options: Item[] = [{ key: 'enableCaching', value: String(enabled) }];
    if (expireAfter !== undefined) options.push({ key: 'expireAfter', value: quote(expireAfter) });
    items.push({ key: 'cacheConfig', value: group(`new ${writer.use('CacheConfig')}(`, '{', options, ')') });
  }
  const files = member(step, 'PropertyFiles');
  if (files !== undefined) {
    if (!Array.isArray(files) || files.length === 0) return undefined;
    const nodes: Node[] = [];
    for (const file of files) {
      const fields = ['PropertyFileName', 'OutputName', 'FilePath'].map((key) => member(file, key));
      if (!hasKeys(file, ['PropertyFileName', 'OutputName', 'FilePath']) || !fields.every((field) => typeof field === 'string')) return undefined;
      const [name, outputName, path] = fields as [string, string, string];
      nodes.push(
        group(
          `new ${writer.use('PropertyFile')}(`,
          '{',
          [
            { key: 'name', value: quote(name) },
            { key: 'outputName', value: quote(outputName) },
            { key: 'path', value: quote(path) },
          ],
          ')',
        ),
      );
    }
    items.push({ key: 'propertyFiles', value: group('', '[', nodes) });
  }
  return items;
}

function retryPolicy(json: JsonValue, writer: StepCodeWriter): Node | undefined {
  const backoff = member(json, 'BackoffRate');
  const interval = member(json, 'IntervalSeconds');
  const types = member(json, 'ExceptionType');
  // ExceptionType comes last; isStringList below requires it.
  if (!hasKeys(json, ['BackoffRate', 'IntervalSeconds'], ['MaxAttempts', 'ExpireAfterMin', 'ExceptionType'])) return undefined;
  // The SDK writes BackoffRate as a Python float and IntervalSeconds as an int; ExceptionType keeps the options' order.
  if (!(backoff instanceof PyFloat) || typeof interval !== 'number' || !Number.isInteger(interval) || !isStringList(types) || types.length === 0)
    return undefined;
  const className = types.every((type) => stepExceptionTypes.includes(type))
    ? 'StepRetryPolicy'
    : types.every((type) => jobExceptionTypes.includes(type))
      ? 'SageMakerJobStepRetryPolicy'
      : undefined;
  if (className === undefined) return undefined;
  const items: Item[] = [{ key: 'exceptionTypes', value: group('', '[', types.map(quote)) }];
  if (backoff.value !== 2) items.push({ key: 'backoffRate', value: numberLiteral(backoff.value) });
  if (interval !== 1) items.push({ key: 'intervalSeconds', value: numberLiteral(interval) });
  for (const [key, option] of [
    ['MaxAttempts', 'maxAttempts'],
    ['ExpireAfterMin', 'expireAfterMin'],
  ] as const) {
    const limit = member(json, key);
    if (limit === undefined) continue;
    if (typeof limit !== 'number') return undefined;
    items.push({ key: option, value: numberLiteral(limit) });
  }
  return group(`new ${writer.use(className)}(`, '{', items, ')');
}
