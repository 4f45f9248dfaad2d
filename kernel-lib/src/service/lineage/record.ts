/**
 * The lineage SageMaker creates by itself, recorded as jobs, model versions and endpoints come to be: a trial
 * component per job with an artifact per input (DataSet, Code, Image) and output (DataSet, Model); per model
 * version an artifact, a ModelGroup context and an approval action; per endpoint a context and a ModelDeployment
 * action. An artifact is one per source URI (and code digest), so the jobs that share data join up.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { JsonObject } from '../../engine/index.js';
import type { LineageKind } from '../../store/index.js';
import {
  actionArn,
  artifactArn,
  contextArn,
  endpointConfigArn,
  experimentArn as experimentArnOf,
  modelPackageGroupArn,
  trialArn as trialArnOf,
  trialComponentArn,
} from '../arns.js';
import type { OperationContext } from '../context.js';
import { numberIn } from '../input.js';

/** SageMaker's association types. */
export const associationTypes = ['ContributedTo', 'AssociatedWith', 'DerivedFrom', 'Produced', 'SameAs'] as const;
export type AssociationType = (typeof associationTypes)[number];

type JobKind = 'ProcessingJob' | 'TrainingJob' | 'TransformJob';

/** The suffix SageMaker gives the trial component of each kind of job. */
const trialComponentSuffix: Record<JobKind, string> = {
  ProcessingJob: '-aws-processing-job',
  TrainingJob: '-aws-training-job',
  TransformJob: '-aws-transform-job',
};

const terminalPrimaryStatus: Record<string, string> = { Completed: 'Completed', Failed: 'Failed', Stopped: 'Stopped' };

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const object = (value: unknown): JsonObject => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {});
const objects = (value: unknown): JsonObject[] => (Array.isArray(value) ? value.map(object) : []);
const hex = (value: string): string => createHash('md5').update(value).digest('hex');
/** Names of actions and contexts: SageMaker's pattern, at most 120 characters. */
const entityName = (...parts: string[]): string =>
  parts
    .join('-')
    .replace(/[^a-zA-Z0-9-]/g, '-')
    .slice(0, 120);

/** Hyperparameters as trial component parameters: NumberValue for a number, else StringValue. */
function parametersOf(hyperparameters: JsonObject): JsonObject {
  return Object.fromEntries(
    Object.entries(hyperparameters).map(([key, value]) => {
      const textValue = typeof value === 'string' ? value : JSON.stringify(value);
      const number = numberIn(textValue);
      const parameter: JsonObject = number === undefined ? { StringValue: textValue } : { NumberValue: number };
      return [key, parameter];
    }),
  );
}

/** The name and ARN of a job's trial component. */
export function trialComponentOf(context: OperationContext, kind: JobKind, jobName: string): { name: string; arn: string } {
  const name = `${jobName}${trialComponentSuffix[kind]}`.slice(0, 120);
  return { name, arn: trialComponentArn(context.scope, name) };
}

/** Records an artifact for `sourceUri` unless it exists (SageMaker keeps one per source URI); answers its ARN. */
export function artifactFor(context: OperationContext, sourceUri: string, type: string, digest?: string): string {
  const arn = artifactArn(context.scope, hex(`${sourceUri}\n${digest ?? ''}`));
  const now = context.now();
  const source = { SourceUri: sourceUri, ...(digest !== undefined ? { SourceTypes: [{ SourceIdType: 'Custom', Value: `sha256:${digest}` }] } : {}) };
  context.store.lineage.insertEntity({
    arn,
    kind: 'Artifact',
    name: null,
    type,
    sourceUri,
    document: JSON.stringify({ Source: source, ArtifactType: type, Properties: {} }),
    createdAt: now,
    modifiedAt: now,
  });
  return arn;
}

export function associate(context: OperationContext, sourceArn: string, destinationArn: string, type: AssociationType): void {
  context.store.lineage.associate({ sourceArn, destinationArn, associationType: type, createdAt: context.now() });
}

/** Records (or updates) a named entity: an action, a context or a trial component. */
function namedEntity(
  context: OperationContext,
  entity: { kind: LineageKind; arn: string; name: string; type: string; sourceUri: string; document: JsonObject },
): string {
  const existing = context.store.lineage.entity(entity.arn);
  const now = context.now();
  const previous = existing === undefined ? {} : object(JSON.parse(existing.document));
  // Properties added since (a pipeline's execution and step) are kept.
  const properties = { ...object(previous.Properties), ...object(entity.document.Properties) };
  context.store.lineage.putEntity({
    arn: entity.arn,
    kind: entity.kind,
    name: entity.name,
    type: entity.type,
    sourceUri: entity.sourceUri,
    document: JSON.stringify({ ...entity.document, Properties: properties }),
    createdAt: existing?.createdAt ?? now,
    modifiedAt: now,
  });
  return entity.arn;
}

/** A context standing for a resource (a model package group, an endpoint), named after it. */
function contextFor(context: OperationContext, name: string, type: string, resourceArn: string): string {
  return namedEntity(context, {
    kind: 'Context',
    arn: contextArn(context.scope, name),
    name,
    type,
    sourceUri: resourceArn,
    document: { ContextName: name, ContextType: type, Source: { SourceUri: resourceArn, SourceType: 'ARN' } },
  });
}

/**
 * The SHA-256 of the code an s3:// URI names (a file, or every file under a prefix, by key), or undefined when
 * the store has nothing there (code outside the store, or deleted since).
 */
function codeDigest(context: OperationContext, uri: string): string | undefined {
  if (!uri.startsWith('s3://')) return undefined;
  try {
    const artifacts = context.engine.artifacts;
    const keys = artifacts.list(uri);
    if (keys.length === 0) return undefined;
    const hash = createHash('sha256');
    for (const key of keys) {
      if (keys.length > 1) hash.update(`${key}\n`);
      hash.update(readFileSync(artifacts.pathOf(key)));
    }
    return hash.digest('hex');
  } catch {
    return undefined;
  }
}

function codeArtifact(context: OperationContext, uri: string): string {
  return artifactFor(context, uri, 'Code', codeDigest(context, uri));
}

/** A hyperparameter as the Python SDK writes it: JSON-encoded (`"s3://…"`), or plain. */
function hyperparameter(value: unknown): string | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  try {
    const decoded: unknown = JSON.parse(raw);
    return typeof decoded === 'string' ? decoded : raw;
  } catch {
    return raw;
  }
}

interface JobEdges {
  inputs: string[];
  outputs: string[];
}

function trainingEdges(context: OperationContext, document: JsonObject, done: boolean): JobEdges {
  const inputs: string[] = [];
  const image = text(object(document.AlgorithmSpecification).TrainingImage);
  if (image !== undefined) inputs.push(artifactFor(context, image, 'Image'));
  for (const channel of objects(document.InputDataConfig)) {
    const uri = text(object(object(channel.DataSource).S3DataSource).S3Uri);
    if (uri === undefined) continue;
    // Sluice's TrainingStep gives its code as the channel "code".
    inputs.push(channel.ChannelName === 'code' ? codeArtifact(context, uri) : artifactFor(context, uri, 'DataSet'));
  }
  const submitted = hyperparameter(object(document.HyperParameters).sagemaker_submit_directory);
  if (submitted !== undefined) inputs.push(codeArtifact(context, submitted));
  const model = text(object(document.ModelArtifacts).S3ModelArtifacts);
  return { inputs, outputs: done && model !== undefined ? [artifactFor(context, model, 'Model')] : [] };
}

function processingEdges(context: OperationContext, document: JsonObject, done: boolean): JobEdges {
  const inputs: string[] = [];
  const image = text(object(document.AppSpecification).ImageUri);
  if (image !== undefined) inputs.push(artifactFor(context, image, 'Image'));
  for (const input of objects(document.ProcessingInputs)) {
    const uri = text(object(input.S3Input).S3Uri);
    if (uri === undefined) continue;
    inputs.push(input.InputName === 'code' ? codeArtifact(context, uri) : artifactFor(context, uri, 'DataSet'));
  }
  const outputs = done
    ? objects(object(document.ProcessingOutputConfig).Outputs)
        .map((output) => text(object(output.S3Output).S3Uri))
        .filter((uri): uri is string => uri !== undefined)
        .map((uri) => artifactFor(context, uri, 'DataSet'))
    : [];
  return { inputs, outputs };
}

function transformEdges(context: OperationContext, document: JsonObject, done: boolean): JobEdges {
  const inputs: string[] = [];
  const data = text(object(object(object(document.TransformInput).DataSource).S3DataSource).S3Uri);
  if (data !== undefined) inputs.push(artifactFor(context, data, 'DataSet'));
  const modelName = text(document.ModelName);
  const model = modelName === undefined ? undefined : context.store.jobs.get('Model', modelName);
  if (model !== undefined) inputs.push(...containerArtifacts(context, modelContainers(object(JSON.parse(model.document)))));
  const output = text(object(document.TransformOutput).S3OutputPath);
  return { inputs, outputs: done && output !== undefined ? [artifactFor(context, output, 'DataSet')] : [] };
}

const modelContainers = (model: JsonObject): JsonObject[] =>
  model.PrimaryContainer !== undefined ? [object(model.PrimaryContainer)] : objects(model.Containers);

/** A container's image, model data, inference code and model package as artifacts. */
function containerArtifacts(context: OperationContext, containers: readonly JsonObject[]): string[] {
  const arns: string[] = [];
  for (const container of containers) {
    const image = text(container.Image);
    if (image !== undefined) arns.push(artifactFor(context, image, 'Image'));
    const data = text(container.ModelDataUrl);
    if (data !== undefined) arns.push(artifactFor(context, data, 'Model'));
    // The inference code a framework container runs (the Python SDK's and Sluice's Model({ code })).
    const code = text(object(container.Environment).SAGEMAKER_SUBMIT_DIRECTORY);
    if (code !== undefined) arns.push(codeArtifact(context, code));
    const packageArn = text(container.ModelPackageName);
    if (packageArn?.startsWith('arn:')) arns.push(artifactFor(context, packageArn.toLowerCase(), 'ModelPackage'));
  }
  return arns;
}

/**
 * A job's trial component, its inputs (ContributedTo it) and, once it completed, its outputs (Produced by it).
 * Called whenever the job's record changes; recording again adds only what is new.
 */
export function recordJob(context: OperationContext, kind: string, document: JsonObject): void {
  if (kind !== 'ProcessingJob' && kind !== 'TrainingJob' && kind !== 'TransformJob') return;
  const jobName = text(document[`${kind}Name`]);
  const jobArn = text(document[`${kind}Arn`]);
  const status = text(document[`${kind}Status`]) ?? 'InProgress';
  if (jobName === undefined || jobArn === undefined) return;
  const done = status === 'Completed';
  context.store.transaction(() => {
    const component = trialComponentOf(context, kind, jobName);
    const start = document[kind === 'TransformJob' ? 'TransformStartTime' : kind === 'TrainingJob' ? 'TrainingStartTime' : 'ProcessingStartTime'];
    const end = document[kind === 'TransformJob' ? 'TransformEndTime' : kind === 'TrainingJob' ? 'TrainingEndTime' : 'ProcessingEndTime'];
    namedEntity(context, {
      kind: 'TrialComponent',
      arn: component.arn,
      name: component.name,
      type: kind,
      sourceUri: jobArn,
      document: {
        TrialComponentName: component.name,
        DisplayName: jobName,
        Source: { SourceArn: jobArn, SourceType: `SageMaker${kind}` },
        Status: { PrimaryStatus: terminalPrimaryStatus[status] ?? 'InProgress' },
        // A training job's hyperparameters, as SageMaker lists them on its trial component (a number as a number).
        ...(kind === 'TrainingJob' ? { Parameters: parametersOf(object(document.HyperParameters)) } : {}),
        ...(typeof start === 'number' ? { StartTime: start } : {}),
        ...(typeof end === 'number' ? { EndTime: end } : {}),
      },
    });
    const edges =
      kind === 'TrainingJob'
        ? trainingEdges(context, document, done)
        : kind === 'ProcessingJob'
          ? processingEdges(context, document, done)
          : transformEdges(context, document, done);
    for (const input of edges.inputs) associate(context, input, component.arn, 'ContributedTo');
    for (const output of edges.outputs) associate(context, component.arn, output, 'Produced');
    // A job started for an experiment's trial (ExperimentConfig.TrialName, a Run's run group) joins that trial.
    joinTrial(context, kind, jobName, text(object(document.ExperimentConfig).TrialName));
  });
}

/** Associates a job's trial component with the trial of that name, when both exist. */
export function joinTrial(context: OperationContext, kind: string, jobName: string, trialName: string | undefined): void {
  if (kind !== 'ProcessingJob' && kind !== 'TrainingJob' && kind !== 'TransformJob') return;
  const trial = trialName === undefined ? undefined : context.store.experiments.trial(trialName);
  const component = trialComponentOf(context, kind, jobName);
  if (trial !== undefined && context.store.lineage.entity(component.arn) !== undefined)
    context.store.experiments.associate(trial.name, component.name, context.now());
}

/**
 * The experiment and trial of a pipeline execution (its PipelineExperimentConfig: by default the pipeline's name and
 * the execution's id), made on its start when missing, as SageMaker makes them; its jobs join the trial (joinTrial).
 */
export function recordPipelineTrial(context: OperationContext, config: { ExperimentName: string; TrialName: string }): void {
  const { ExperimentName, TrialName } = config;
  const now = context.now();
  const experimentArn = experimentArnOf(context.scope, ExperimentName);
  context.store.experiments.createExperiment({
    name: ExperimentName,
    arn: experimentArn,
    document: JSON.stringify({ ExperimentName, ExperimentArn: experimentArn, DisplayName: ExperimentName }),
    createdAt: now,
    modifiedAt: now,
  });
  const experiment = context.store.experiments.experiment(ExperimentName);
  const arn = trialArnOf(context.scope, TrialName);
  if (experiment === undefined) return;
  context.store.experiments.createTrial({
    name: TrialName,
    arn,
    experimentName: experiment.name,
    document: JSON.stringify({ TrialName, TrialArn: arn, DisplayName: TrialName, ExperimentName: experiment.name }),
    createdAt: now,
    modifiedAt: now,
  });
}

/** Notes on a job's trial component the pipeline execution and step that ran it, as SageMaker's Properties do. */
export function recordPipelineStep(context: OperationContext, kind: string, jobName: string, executionArn: string, stepName: string): void {
  if (kind !== 'ProcessingJob' && kind !== 'TrainingJob' && kind !== 'TransformJob') return;
  const { arn } = trialComponentOf(context, kind, jobName);
  const existing = context.store.lineage.entity(arn);
  if (existing === undefined) return;
  const document = object(JSON.parse(existing.document));
  const properties = object(document.Properties);
  if (properties.PipelineExecutionArn === executionArn && properties.PipelineStepName === stepName) return;
  context.store.lineage.putEntity({
    ...existing,
    document: JSON.stringify({ ...document, Properties: { ...properties, PipelineExecutionArn: executionArn, PipelineStepName: stepName } }),
    modifiedAt: context.now(),
  });
}

/**
 * A model version: its artifact (source: the version's ARN), the artifacts of its containers' images and model
 * data contributing to it, its group's ModelGroup context, and the approval action that follows its status.
 */
export function recordModelPackage(
  context: OperationContext,
  pkg: { arn: string; groupName: string | null; version: number | null; approvalStatus: string | null; containers: readonly JsonObject[] },
): void {
  context.store.transaction(() => {
    const packageArtifact = artifactFor(context, pkg.arn, 'ModelPackage');
    for (const input of containerArtifacts(context, pkg.containers)) {
      if (input !== packageArtifact) associate(context, input, packageArtifact, 'ContributedTo');
    }
    if (pkg.groupName === null) return;
    const groupArn = modelPackageGroupArn(context.scope, pkg.groupName);
    const groupContext = contextFor(context, entityName(pkg.groupName, 'aws-model-package-group'), 'ModelGroup', groupArn);
    associate(context, packageArtifact, groupContext, 'AssociatedWith');
    const approvalName = entityName(pkg.groupName, String(pkg.version ?? 0), 'aws-model-package-approval');
    const approval = namedEntity(context, {
      kind: 'Action',
      arn: actionArn(context.scope, approvalName),
      name: approvalName,
      type: 'Approval',
      sourceUri: pkg.arn,
      document: {
        ActionName: approvalName,
        ActionType: 'Approval',
        Source: { SourceUri: pkg.arn, SourceType: 'ARN' },
        Status: 'Completed',
        Properties: { ModelApprovalStatus: pkg.approvalStatus ?? 'PendingManualApproval' },
      },
    });
    associate(context, packageArtifact, approval, 'ContributedTo');
  });
}

/**
 * An endpoint's deployment: the endpoint's context, and a ModelDeployment action per endpoint configuration
 * deployed to it, with each variant's image, model data and model version contributing to the action.
 */
export function recordEndpointDeployment(
  context: OperationContext,
  endpoint: { name: string; arn: string },
  configName: string,
  containers: readonly JsonObject[],
): void {
  context.store.transaction(() => {
    const endpointContext = contextFor(context, entityName(endpoint.name, 'aws-endpoint'), 'Endpoint', endpoint.arn);
    const configArn = endpointConfigArn(context.scope, configName);
    const deploymentName = entityName(endpoint.name, hex(configName).slice(0, 8), 'aws-model-deployment');
    const deployment = namedEntity(context, {
      kind: 'Action',
      arn: actionArn(context.scope, deploymentName),
      name: deploymentName,
      type: 'ModelDeployment',
      sourceUri: configArn,
      document: {
        ActionName: deploymentName,
        ActionType: 'ModelDeployment',
        Source: { SourceUri: configArn, SourceType: 'ARN' },
        Status: 'Completed',
        Properties: { EndpointConfigName: configName },
      },
    });
    for (const input of containerArtifacts(context, containers)) associate(context, input, deployment, 'ContributedTo');
    associate(context, deployment, endpointContext, 'AssociatedWith');
  });
}
