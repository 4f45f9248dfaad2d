/**
 * SageMaker's Search over what this service holds: each resource as its Describe answers it (and its Tags where
 * the store keeps them), filtered by a SearchExpression as the API documents it. The Python SDK searches training
 * jobs by their model artifacts when `Estimator.register()` builds the model card; Studio's lists search too.
 */
import type { SearchCommandOutput, SearchRecord } from '@aws-sdk/client-sagemaker';
import type { OperationContext } from '../context.js';
import { validationError } from '../errors.js';
import { constraintError, numberIn, optionalArray, optionalEnum, optionalObject, optionalString, requiredString, type RequestBody } from '../input.js';
import { pageOf, pageWindow } from '../paging.js';
import { describeEndpoint } from './endpoints.js';
import { describeExperiment, describeTrial } from './experiments.js';
import { describeTrialComponent } from './lineage.js';
import { describePipelineExecution, parameterList } from './executions.js';
import { describeHyperParameterTuningJob, describeTrainingJob } from './jobs.js';
import { describeModelPackageGroup } from './model-package-groups.js';
import { describeModelPackage } from './model-packages.js';
import { describePipeline } from './pipelines.js';
import { describeProject } from './projects.js';
import { tagList } from './tags.js';

type Entity = Record<string, unknown>;
type Member = keyof SearchRecord;

/** Every row of a store list: the local stores are small, and Search filters what Describe answers. */
const everything = { offset: 0, limit: Number.MAX_SAFE_INTEGER, descending: false } as const;

interface Source {
  /** The SearchRecord member a result of this resource is given in. */
  member: Member;
  /** The member holding the entity's ARN, by which its Tags are found; none for a resource without Tags. */
  arnMember?: string;
  entities: (context: OperationContext) => Promise<Entity[]> | Entity[];
}

const jobNames = (context: OperationContext, kind: 'TrainingJob' | 'HyperParameterTuningJob'): string[] =>
  context.store.jobs.list({ kind, sortBy: 'createdAt', ...everything }).map((row) => row.name);

/** The resources Search covers here, by the name the request gives (ResourceType). */
const sources: Readonly<Record<string, Source>> = {
  TrainingJob: {
    member: 'TrainingJob',
    arnMember: 'TrainingJobArn',
    entities: (context) => jobNames(context, 'TrainingJob').map((name) => ({ ...describeTrainingJob({ TrainingJobName: name }, context) })),
  },
  HyperParameterTuningJob: {
    member: 'HyperParameterTuningJob',
    arnMember: 'HyperParameterTuningJobArn',
    entities: (context) =>
      jobNames(context, 'HyperParameterTuningJob').map((name) => ({ ...describeHyperParameterTuningJob({ HyperParameterTuningJobName: name }, context) })),
  },
  ModelPackage: {
    member: 'ModelPackage',
    arnMember: 'ModelPackageArn',
    entities: (context) =>
      context.store.modelRegistry
        .listPackages({ kind: 'both', sortBy: 'createdAt', ...everything })
        .map((row) => ({ ...describeModelPackage({ ModelPackageName: row.arn }, context) })),
  },
  ModelPackageGroup: {
    member: 'ModelPackageGroup',
    arnMember: 'ModelPackageGroupArn',
    entities: (context) =>
      context.store.modelRegistry
        .listGroups({ sortBy: 'createdAt', ...everything })
        .map((row) => ({ ...describeModelPackageGroup({ ModelPackageGroupName: row.name }, context) })),
  },
  Pipeline: {
    member: 'Pipeline',
    arnMember: 'PipelineArn',
    // The Pipeline entity is DescribePipeline's answer without the definition.
    entities: (context) =>
      context.store.pipelines.list({ sortBy: 'createdAt', ...everything }).map((row) => {
        const { PipelineDefinition: _definition, ...entity } = describePipeline({ PipelineName: row.name }, context);
        return entity;
      }),
  },
  PipelineExecution: {
    member: 'PipelineExecution',
    entities: (context) =>
      context.store.pipelines.list({ sortBy: 'createdAt', ...everything }).flatMap((pipeline) =>
        context.store.executions.list({ pipelineName: pipeline.name, sortBy: 'createdAt', ...everything }).map((row) => {
          const described = describePipelineExecution({ PipelineExecutionArn: row.arn }, context);
          // The parameters the execution ran with, as ListPipelineParametersForExecution gives them.
          return { ...described, PipelineParameters: parameterList(row.parameters) };
        }),
      ),
  },
  Endpoint: {
    member: 'Endpoint',
    arnMember: 'EndpointArn',
    entities: (context) => context.store.endpoints.allEndpoints().map((row) => ({ ...describeEndpoint({ EndpointName: row.name }, context) })),
  },
  Experiment: {
    member: 'Experiment',
    arnMember: 'ExperimentArn',
    entities: (context) =>
      context.store.experiments
        .listExperiments({ sortBy: 'createdAt', ...everything })
        .map((row) => ({ ...describeExperiment({ ExperimentName: row.name }, context) })),
  },
  ExperimentTrial: {
    member: 'Trial',
    arnMember: 'TrialArn',
    entities: (context) =>
      context.store.experiments.listTrials({ sortBy: 'createdAt', ...everything }).map((row) => ({ ...describeTrial({ TrialName: row.name }, context) })),
  },
  ExperimentTrialComponent: {
    member: 'TrialComponent',
    arnMember: 'TrialComponentArn',
    // With the trials that hold it (Parents), which the Python SDK's ExperimentAnalytics and Run search by.
    entities: (context) =>
      context.store.lineage.listEntities({ kind: 'TrialComponent', sortBy: 'createdAt', ...everything }).map((entity) => {
        const name = entity.name ?? '';
        const parents = context.store.experiments.parents(name).map((parent) => ({ TrialName: parent.trialName, ExperimentName: parent.experimentName }));
        return { ...describeTrialComponent({ TrialComponentName: name }, context), ...(parents.length === 0 ? {} : { Parents: parents }) };
      }),
  },
  Project: {
    member: 'Project',
    arnMember: 'ProjectArn',
    entities: async (context) => {
      const rows = context.store.projects.list({ sortBy: 'createdAt', ...everything });
      return Promise.all(rows.map(async (row) => ({ ...(await describeProject({ ProjectName: row.name }, context)) })));
    },
  },
};

/** The entity with its resource's tags, when it has any (the ARN it gives is the one its tags are kept under). */
function withTags(entity: Entity, arnMember: string | undefined, context: OperationContext): Entity {
  const arn = arnMember === undefined ? undefined : entity[arnMember];
  const tags = typeof arn === 'string' ? tagList(context, arn) : [];
  return tags.length === 0 ? entity : { ...entity, Tags: tags };
}

const resourceTypes = [
  'TrainingJob',
  'Experiment',
  'ExperimentTrial',
  'ExperimentTrialComponent',
  'Endpoint',
  'Model',
  'ModelPackage',
  'ModelPackageGroup',
  'Pipeline',
  'PipelineExecution',
  'FeatureGroup',
  'FeatureMetadata',
  'Image',
  'ImageVersion',
  'Project',
  'HyperParameterTuningJob',
  'ModelCard',
  'PipelineVersion',
  'Job',
  'HubContent',
] as const;

const operators = [
  'Equals',
  'NotEquals',
  'GreaterThan',
  'GreaterThanOrEqualTo',
  'LessThan',
  'LessThanOrEqualTo',
  'Contains',
  'Exists',
  'NotExists',
  'In',
] as const;
type Operator = (typeof operators)[number];

interface Filter {
  name: string;
  operator: Operator;
  value: string | undefined;
}

interface Expression {
  filters: Filter[];
  nested: { property: string; filters: Filter[] }[];
  subexpressions: Expression[];
  or: boolean;
}

/** The model's limit on the filters, nested filters and subexpressions of one SearchExpression, all levels counted. */
const maxConditions = 50;

export async function search(body: RequestBody, context: OperationContext): Promise<Omit<SearchCommandOutput, '$metadata'>> {
  const resource = optionalEnum(body, 'Resource', resourceTypes);
  if (resource === undefined) throw constraintError('resource', 'null', 'Member must not be null');
  const given = optionalObject(body, 'SearchExpression');
  const counted = { conditions: 0 };
  const expression = given === undefined ? undefined : readExpression(given, 'searchExpression', counted);
  if (counted.conditions > maxConditions)
    throw validationError(`The search expression has ${counted.conditions} filters, nested filters and subexpressions; at most ${maxConditions} are allowed.`);
  const sortBy = optionalString(body, 'SortBy', { min: 1, max: 255 }) ?? 'LastModifiedTime';
  const descending = (optionalEnum(body, 'SortOrder', ['Ascending', 'Descending'] as const) ?? 'Descending') === 'Descending';
  optionalEnum(body, 'CrossAccountFilterOption', ['SameAccount', 'CrossAccount'] as const);
  optionalArray(body, 'VisibilityConditions');
  const window = pageWindow(body, 10);
  const source = sources[resource];
  if (source === undefined)
    throw validationError(`Search on the local service covers ${Object.keys(sources).join(', ')}; it holds no ${resource} (docs/differences.md).`);
  const matching = (await source.entities(context))
    .map((entity) => withTags(entity, source.arnMember, context))
    .filter((entity) => expression === undefined || holds(expression, entity));
  const sorted = sortEntities(matching, sortBy, descending);
  const page = pageOf(sorted.slice(window.offset, window.offset + window.limit + 1), window);
  return { Results: page.items.map((entity) => ({ [source.member]: entity }) as SearchRecord), NextToken: page.nextToken };
}

function readFilters(items: readonly unknown[] | undefined, path: string, counted: { conditions: number }): Filter[] {
  return (items ?? []).map((item, index) => {
    const at = `${path}.${index + 1}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw constraintError(at, JSON.stringify(item), 'Member must be an object');
    const filter = item as RequestBody;
    counted.conditions += 1;
    const value = optionalString(filter, 'Value', { min: 1, max: 1024 });
    // "If you specify a Value, but not an Operator, SageMaker uses the equals operator."
    const operator = optionalEnum(filter, 'Operator', operators) ?? 'Equals';
    if (value === undefined && operator !== 'Exists' && operator !== 'NotExists')
      throw validationError(`The filter on "${String(filter.Name)}" (${at}) uses the operator ${operator}, which needs a Value.`);
    return { name: requiredString(filter, 'Name', { min: 1, max: 255 }), operator, value };
  });
}

function readExpression(body: RequestBody, path: string, counted: { conditions: number }): Expression {
  const filters = readFilters(optionalArray(body, 'Filters', { max: 20 }), `${path}.filters`, counted);
  const nested = (optionalArray(body, 'NestedFilters', { max: 20 }) ?? []).map((item, index) => {
    const at = `${path}.nestedFilters.${index + 1}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw constraintError(at, JSON.stringify(item), 'Member must be an object');
    counted.conditions += 1;
    const entry = item as RequestBody;
    const list = optionalArray(entry, 'Filters', { max: 20 });
    if (list === undefined || list.length === 0) throw constraintError(`${at}.filters`, 'null', 'Member must have length greater than or equal to 1');
    return { property: requiredString(entry, 'NestedPropertyName', { min: 1, max: 255 }), filters: readFilters(list, `${at}.filters`, counted) };
  });
  const subexpressions = (optionalArray(body, 'SubExpressions', { max: 20 }) ?? []).map((item, index) => {
    const at = `${path}.subExpressions.${index + 1}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw constraintError(at, JSON.stringify(item), 'Member must be an object');
    counted.conditions += 1;
    return readExpression(item as RequestBody, at, counted);
  });
  if (filters.length + nested.length + subexpressions.length === 0)
    throw validationError(`The search expression (${path}) must have at least one filter, nested filter or subexpression.`);
  return { filters, nested, subexpressions, or: optionalEnum(body, 'Operator', ['And', 'Or'] as const) === 'Or' };
}

function holds(expression: Expression, entity: Entity): boolean {
  const results = [
    ...expression.filters.map((filter) => matches(filter, entity)),
    ...expression.nested.map(({ property, filters }) =>
      valuesAt(entity, property)
        .flatMap((value) => (Array.isArray(value) ? value : [value]))
        .some((element) => filters.every((filter) => matches({ ...filter, name: relativeName(filter.name, property) }, element as Entity))),
    ),
    ...expression.subexpressions.map((inner) => holds(inner, entity)),
  ];
  return expression.or ? results.some(Boolean) : results.every(Boolean);
}

/** Nested filters name their properties in full ("InputDataConfig.ChannelName"); each list element is matched without the prefix. */
const relativeName = (name: string, property: string): string => (name.startsWith(`${property}.`) ? name.slice(property.length + 1) : name);

/**
 * The values a property name reaches: a dotted path through objects, any element of a list on the way. Three
 * families are named as the API documents them: `Metrics.<name>` (a training job's final metrics), `Tags.<key>`
 * and `HyperParameters.<name>` (a map already).
 */
function valuesAt(entity: unknown, name: string): unknown[] {
  const [head, ...rest] = name.split('.');
  if (typeof entity !== 'object' || entity === null || head === undefined) return [];
  const record = entity as Entity;
  if (head === 'Metrics' && rest.length > 0 && Array.isArray(record.FinalMetricDataList)) {
    const metric = rest.join('.');
    return (record.FinalMetricDataList as { MetricName?: string; Value?: number }[]).filter((item) => item.MetricName === metric).map((item) => item.Value);
  }
  if (head === 'Tags' && rest.length > 0 && Array.isArray(record.Tags)) {
    const key = rest.join('.');
    return (record.Tags as { Key?: string; Value?: string }[]).filter((tag) => tag.Key === key).map((tag) => tag.Value);
  }
  if (!Object.hasOwn(record, head)) return [];
  const value = record[head];
  if (rest.length === 0) return value === undefined || value === null ? [] : [value];
  const inner = rest.join('.');
  // A map with dots in its keys (hyperparameters such as "sagemaker_program") is read by the remaining name whole first.
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && Object.hasOwn(value, inner))
    return [(value as Entity)[inner]];
  return (Array.isArray(value) ? value : [value]).flatMap((element) => valuesAt(element, inner));
}

/** A Value against a property's value: as numbers when both are, as times when the property is one, else as text. */
function compare(actual: unknown, value: string): number | undefined {
  if (actual instanceof Date) {
    const asNumber = numberIn(value);
    const time = asNumber === undefined ? Date.parse(value) : asNumber * 1000;
    return Number.isNaN(time) ? undefined : actual.getTime() - time;
  }
  if (typeof actual === 'object' || actual === undefined) return undefined;
  const text = String(actual);
  const left = typeof actual === 'number' ? actual : numberIn(text);
  const right = numberIn(value);
  if (left !== undefined && right !== undefined) return left - right;
  return text < value ? -1 : text > value ? 1 : 0;
}

function matches(filter: Filter, entity: Entity): boolean {
  const values = valuesAt(entity, filter.name);
  const value = filter.value ?? '';
  const any = (test: (actual: unknown) => boolean): boolean => values.some(test);
  switch (filter.operator) {
    case 'Exists':
      return values.length > 0;
    case 'NotExists':
      return values.length === 0;
    case 'Equals':
      return any((actual) => compare(actual, value) === 0);
    case 'NotEquals':
      return !any((actual) => compare(actual, value) === 0);
    case 'GreaterThan':
      return any((actual) => (compare(actual, value) ?? 0) > 0);
    case 'GreaterThanOrEqualTo':
      return any((actual) => (compare(actual, value) ?? -1) >= 0);
    case 'LessThan':
      return any((actual) => (compare(actual, value) ?? 0) < 0);
    case 'LessThanOrEqualTo':
      return any((actual) => (compare(actual, value) ?? 1) <= 0);
    case 'Contains':
      return any((actual) => typeof actual !== 'object' && String(actual).includes(value));
    case 'In': {
      const choices = value.split(',').map((choice) => choice.trim());
      return any((actual) => choices.some((choice) => compare(actual, choice) === 0));
    }
  }
}

/** By the SortBy property (LastModifiedTime, else CreationTime, when the resource lacks it); those without it last. */
function sortEntities(entities: Entity[], sortBy: string, descending: boolean): Entity[] {
  const key = (entity: Entity): unknown => valuesAt(entity, sortBy)[0] ?? (sortBy === 'LastModifiedTime' ? valuesAt(entity, 'CreationTime')[0] : undefined);
  const order = (left: unknown, right: unknown): number => {
    if (left instanceof Date && right instanceof Date) return left.getTime() - right.getTime();
    if (typeof left === 'number' && typeof right === 'number') return left - right;
    return String(left).localeCompare(String(right));
  };
  return entities
    .map((entity) => ({ entity, key: key(entity) }))
    .sort((a, b) => {
      if (a.key === undefined || b.key === undefined) return a.key === undefined ? (b.key === undefined ? 0 : 1) : -1;
      return descending ? order(b.key, a.key) : order(a.key, b.key);
    })
    .map(({ entity }) => entity);
}
