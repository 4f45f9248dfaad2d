/**
 * The step types the designer's palette offers, as data: what a new step of each type holds, the JSON Schema of its
 * form (fields that take a pipeline value are drawn by the PipelineValueField), what it offers to later steps and
 * where it takes what an earlier step offers. Property paths come from SageMaker's own shapes (`sluice/definition`).
 */
import type { ReadonlyJSONObject } from '@lumino/coreutils';
import type { RJSFSchema, UiSchema as RjsfUiSchema } from '@rjsf/utils';
import {
  fieldOf,
  isJsonObject,
  isNotebookJobArguments,
  notebookJobArguments,
  notebookJobDefaults,
  notebookJobNamePrefix,
  stepPropertyShape,
  type Json,
  type JsonObject,
  type PropertyShape,
  type StepDefinition,
} from 'sluice/definition';

/** A form's UI schema, for the data JupyterLab's FormComponent holds. */
export type UiSchema = RjsfUiSchema<ReadonlyJSONObject>;

/** The palette, in the order SageMaker Studio's designer lists them. */
export const paletteTypes = [
  'Processing',
  'Training',
  'Tuning',
  'Transform',
  'Model',
  'RegisterModel',
  'Condition',
  'Fail',
  'Lambda',
  'Callback',
  'Notebook',
] as const;

export const paletteLabels: Record<string, string> = {
  Processing: 'Processing',
  Training: 'Training',
  Tuning: 'Tuning',
  Transform: 'Transform',
  Model: 'Create model',
  RegisterModel: 'Register model',
  Condition: 'Condition',
  Fail: 'Fail',
  Lambda: 'Lambda',
  Callback: 'Callback',
  Notebook: 'Notebook',
};

/** The palette entry a step is drawn from: its type, but `Notebook` for a Training step that is a notebook job. */
export function paletteTypeOf(step: StepDefinition): string {
  return step.Type === 'Training' && isNotebookJobArguments(step.Arguments) ? 'Notebook' : step.Type;
}

/** The role a new step is given: the local service's (any role works there); replace it before sending to AWS. */
export const localRole = 'arn:aws:iam::000000000000:role/SluiceLocal';

const s3Under = (name: string, what: string): Json => ({
  'Std:Join': { On: '/', Values: [defaultBucket, { Get: 'Execution.PipelineExecutionId' }, name, what] },
});

const defaultBucket = 's3://sagemaker-us-east-1-000000000000';

/** A new step of `type` named `name`: the fields SageMaker requires, with values that run locally where there are such. */
export function newStep(type: string, name: string): StepDefinition {
  const resources = { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 30 };
  switch (type) {
    case 'Processing':
      return {
        Name: name,
        Type: type,
        Arguments: {
          ProcessingResources: { ClusterConfig: resources },
          AppSpecification: { ContainerEntrypoint: [] },
          RoleArn: localRole,
          ProcessingOutputConfig: {
            Outputs: [
              {
                OutputName: 'output',
                AppManaged: false,
                S3Output: { S3Uri: s3Under(name, 'output'), LocalPath: '/opt/ml/processing/output', S3UploadMode: 'EndOfJob' },
              },
            ],
          },
        },
      };
    case 'Training':
      return {
        Name: name,
        Type: type,
        Arguments: {
          AlgorithmSpecification: { TrainingInputMode: 'File', ContainerEntrypoint: [] },
          OutputDataConfig: { S3OutputPath: s3Under(name, 'model') },
          ResourceConfig: resources,
          StoppingCondition: { MaxRuntimeInSeconds: 86400 },
          RoleArn: localRole,
          InputDataConfig: [],
        },
      };
    case 'Tuning':
      return {
        Name: name,
        Type: type,
        Arguments: { HyperParameterTuningJobConfig: { Strategy: 'Bayesian', ResourceLimits: { MaxNumberOfTrainingJobs: 2, MaxParallelTrainingJobs: 1 } } },
      };
    case 'Transform':
      return {
        Name: name,
        Type: type,
        Arguments: {
          TransformInput: { DataSource: { S3DataSource: { S3DataType: 'S3Prefix' } } },
          TransformOutput: { S3OutputPath: s3Under(name, 'output') },
          TransformResources: { InstanceCount: 1, InstanceType: 'ml.m5.large' },
        },
      };
    case 'Model':
      return { Name: name, Type: type, Arguments: { ExecutionRoleArn: localRole, PrimaryContainer: {} } };
    case 'RegisterModel':
      return {
        Name: name,
        Type: type,
        Arguments: {
          ModelPackageGroupName: name,
          ModelApprovalStatus: 'PendingManualApproval',
          InferenceSpecification: { Containers: [{}], SupportedContentTypes: ['text/csv'], SupportedResponseMIMETypes: ['text/csv'] },
        },
      };
    case 'Condition':
      return { Name: name, Type: type, Arguments: { Conditions: [], IfSteps: [], ElseSteps: [] } };
    case 'Fail':
      return { Name: name, Type: type, Arguments: { ErrorMessage: '' } };
    case 'Lambda':
      return { Name: name, Type: type, FunctionArn: '', OutputParameters: [], Arguments: {} };
    case 'Callback':
      return { Name: name, Type: type, SqsQueueUrl: '', OutputParameters: [], Arguments: {} };
    case 'Notebook': {
      // A NotebookJobStep: a Training step whose job runs SageMaker's notebook scheduler on the notebook in the input folder.
      const args = notebookJobArguments<Json>({
        ...notebookJobDefaults,
        jobPrefix: notebookJobNamePrefix(name),
        notebookJobName: name,
        notebookName: 'notebook.ipynb',
        kernel: 'python3',
        imageUri: '',
        roleArn: localRole,
        inputFolder: `${defaultBucket}/${name}/input`,
        outputPath: s3Under(name, 'output'),
      });
      return { Name: name, Type: 'Training', Arguments: JSON.parse(JSON.stringify(args)) as JsonObject };
    }
    default:
      return { Name: name, Type: type, Arguments: {} };
  }
}

/** A reference an upstream step offers, as `Steps.<name>…` text and a label for the picker. */
export interface OfferedProperty {
  path: string;
  label: string;
}

function names(list: unknown, key: string): string[] {
  return Array.isArray(list) ? list.flatMap((item) => (isJsonObject(item) && typeof item[key] === 'string' ? [item[key] as string] : [])) : [];
}

/** The outputs a step hands on, most useful first: what a data edge from it writes. */
export function outputReferences(step: StepDefinition): OfferedProperty[] {
  const at = (path: string, label = path): OfferedProperty => ({ path: `Steps.${step.Name}.${path}`, label });
  const args = isJsonObject(step.Arguments) ? step.Arguments : {};
  switch (step.Type) {
    case 'Processing': {
      const config = isJsonObject(args.ProcessingOutputConfig) ? args.ProcessingOutputConfig : {};
      return names(config.Outputs, 'OutputName').map((name) => at(`ProcessingOutputConfig.Outputs['${name}'].S3Output.S3Uri`, `output ${name}`));
    }
    case 'Training':
      return [at('ModelArtifacts.S3ModelArtifacts', 'model artifacts')];
    case 'Tuning':
      return [at('BestTrainingJob.TrainingJobName', 'best training job')];
    case 'Transform':
      return [at('TransformOutput.S3OutputPath', 'transform output')];
    case 'Model':
      return [at('ModelName', 'model name')];
    case 'RegisterModel':
      return [at('ModelPackageArn', 'model package ARN')];
    case 'Lambda':
    case 'Callback':
      return names(step.OutputParameters, 'OutputName').map((name) => at(`OutputParameters['${name}']`, `output parameter ${name}`));
    default:
      return [];
  }
}

/** Scalar properties of a step type's Describe* response, two structures deep (what the picker lists after the outputs). */
function shapeLeaves(shape: PropertyShape, prefix: string, depth: number, into: string[]): string[] {
  if (shape.kind !== 'structure' || depth > 2) return into;
  for (const field of Object.keys(shape.fields)) {
    const child = fieldOf(shape, field);
    if (child === undefined) continue;
    const path = prefix === '' ? field : `${prefix}.${field}`;
    if (child.kind === 'value') into.push(path);
    else shapeLeaves(child, path, depth + 1, into);
  }
  return into;
}

const leavesByType = new Map<string, string[]>();

/** Every reference a step offers to the value picker: its outputs, then its properties from SageMaker's shapes. */
export function offeredProperties(step: StepDefinition): OfferedProperty[] {
  let leaves = leavesByType.get(step.Type);
  if (leaves === undefined) {
    const shape = stepPropertyShape(step.Type);
    leaves = shape ? shapeLeaves(shape, '', 0, []) : [];
    leavesByType.set(step.Type, leaves);
  }
  const outputs = outputReferences(step);
  const seen = new Set(outputs.map((offered) => offered.path));
  const properties = leaves.map((leaf) => ({ path: `Steps.${step.Name}.${leaf}`, label: leaf })).filter((offered) => !seen.has(offered.path));
  return [...outputs, ...properties];
}

type Adder = (step: StepDefinition, source: string, value: Json) => void;

function argumentsOf(step: StepDefinition): JsonObject {
  if (!isJsonObject(step.Arguments)) step.Arguments = {};
  return step.Arguments as JsonObject;
}

function objectAt(parent: JsonObject, key: string): JsonObject {
  if (!isJsonObject(parent[key])) parent[key] = {};
  return parent[key] as JsonObject;
}

function listAt(parent: JsonObject, key: string): Json[] {
  if (!Array.isArray(parent[key])) parent[key] = [];
  return parent[key] as Json[];
}

/** Where a step type takes an upstream output: a new input named after the source step. */
const inputAdders: Record<string, Adder> = {
  Processing: (step, source, value) =>
    listAt(argumentsOf(step), 'ProcessingInputs').push({
      InputName: source,
      AppManaged: false,
      S3Input: {
        S3Uri: value,
        LocalPath: `/opt/ml/processing/input/${source}`,
        S3DataType: 'S3Prefix',
        S3InputMode: 'File',
        S3DataDistributionType: 'FullyReplicated',
      },
    }),
  Training: (step, source, value) =>
    listAt(argumentsOf(step), 'InputDataConfig').push({
      ChannelName: source,
      DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: value, S3DataDistributionType: 'FullyReplicated' } },
    }),
  Transform: (step, _source, value) => {
    const args = argumentsOf(step);
    if (isJsonObject(value) && typeof value.Get === 'string' && value.Get.endsWith('.ModelName')) args.ModelName = value;
    else objectAt(objectAt(objectAt(args, 'TransformInput'), 'DataSource'), 'S3DataSource').S3Uri = value;
  },
  Model: (step, _source, value) => {
    objectAt(argumentsOf(step), 'PrimaryContainer').ModelDataUrl = value;
  },
  RegisterModel: (step, _source, value) => {
    const spec = objectAt(argumentsOf(step), 'InferenceSpecification');
    const containers = listAt(spec, 'Containers');
    if (!isJsonObject(containers[0])) containers[0] = {};
    (containers[0] as JsonObject).ModelDataUrl = value;
  },
  Lambda: (step, source, value) => {
    argumentsOf(step)[source] = value;
  },
  Callback: (step, source, value) => {
    argumentsOf(step)[source] = value;
  },
};

export function inputAdder(type: string): Adder | undefined {
  return inputAdders[type];
}

/** A form field: its schema and how it is drawn. */
interface Field {
  schema: RJSFSchema;
  ui?: UiSchema;
}

/** A field that takes a literal, a parameter, an execution variable or an upstream step's property. */
const value = (title: string, description?: string): Field => ({
  schema: { title, ...(description ? { description } : {}) },
  ui: { 'ui:field': 'pipelineValue' },
});
const text = (title: string): Field => ({ schema: { type: 'string', title } });
const oneOf = (title: string, choices: string[]): Field => ({ schema: { type: 'string', title, enum: choices } });
const list = (title: string, item: Field): Field => ({ schema: { type: 'array', title, items: item.schema }, ...(item.ui ? { ui: { items: item.ui } } : {}) });
function object(title: string, properties: Record<string, Field>, required: string[] = []): Field {
  const ui: UiSchema = {};
  for (const [key, field] of Object.entries(properties)) if (field.ui) ui[key] = field.ui;
  return {
    schema: { type: 'object', title, properties: Object.fromEntries(Object.entries(properties).map(([key, field]) => [key, field.schema])), required },
    ui,
  };
}
const map = (title: string): Field => ({
  schema: { type: 'object', title, additionalProperties: {} },
  ui: { additionalProperties: { 'ui:field': 'pipelineValue' } },
});

const instances = object('Resources', {
  InstanceCount: value('Instance count'),
  InstanceType: value('Instance type'),
  VolumeSizeInGB: value('Volume size (GB)'),
});
const s3DataType = oneOf('S3 data type', ['S3Prefix', 'ManifestFile']);

/** The form of each step type: its Arguments (and, for Lambda and Callback, the fields beside them). */
const forms: Record<string, Field> = {
  Processing: object('Arguments', {
    AppSpecification: object(
      'Container',
      { ImageUri: value('Image URI'), ContainerEntrypoint: list('Entrypoint', text('Argument')), ContainerArguments: list('Arguments', value('Argument')) },
      ['ImageUri'],
    ),
    ProcessingResources: object('Processing resources', { ClusterConfig: instances }),
    RoleArn: value('Role ARN'),
    Environment: map('Environment'),
    ProcessingInputs: list(
      'Inputs',
      object('Input', {
        InputName: text('Name'),
        S3Input: object('S3 input', {
          S3Uri: value('S3 URI'),
          LocalPath: text('Local path'),
          S3DataType: s3DataType,
          S3InputMode: oneOf('Input mode', ['File', 'Pipe']),
        }),
      }),
    ),
    ProcessingOutputConfig: object('Outputs', {
      Outputs: list(
        'Outputs',
        object('Output', {
          OutputName: text('Name'),
          S3Output: object('S3 output', { S3Uri: value('S3 URI'), LocalPath: text('Local path'), S3UploadMode: oneOf('Upload', ['EndOfJob', 'Continuous']) }),
        }),
      ),
    }),
  }),
  Training: object('Arguments', {
    AlgorithmSpecification: object('Algorithm', {
      TrainingImage: value('Training image'),
      TrainingInputMode: oneOf('Input mode', ['File', 'Pipe', 'FastFile']),
      ContainerEntrypoint: list('Entrypoint', text('Argument')),
    }),
    HyperParameters: map('Hyperparameters'),
    InputDataConfig: list(
      'Channels',
      object('Channel', {
        ChannelName: text('Name'),
        DataSource: object('Data source', { S3DataSource: object('S3', { S3Uri: value('S3 URI'), S3DataType: s3DataType }) }),
      }),
    ),
    OutputDataConfig: object('Output', { S3OutputPath: value('S3 output path') }),
    ResourceConfig: instances,
    StoppingCondition: object('Stopping condition', { MaxRuntimeInSeconds: value('Max runtime (s)') }),
    RoleArn: value('Role ARN'),
  }),
  Notebook: object('Notebook job', {
    Environment: object('Notebook', { SM_INPUT_NOTEBOOK_NAME: text('Notebook file (in the input folder)'), SM_KERNEL_NAME: text('Kernel') }),
    InputDataConfig: list(
      'Input folder',
      object('Channel', { DataSource: object('Data source', { S3DataSource: object('S3', { S3Uri: value('S3 folder holding the notebook') }) }) }),
    ),
    HyperParameters: map("Parameters (injected after the notebook's parameters cell)"),
    AlgorithmSpecification: object('Image', { TrainingImage: value('Image (with the kernel)') }),
    ResourceConfig: object('Resources', { InstanceType: value('Instance type'), VolumeSizeInGB: value('Volume size (GB)') }),
    OutputDataConfig: object('Output', { S3OutputPath: value('Executed notebook goes under') }),
    RoleArn: value('Role ARN'),
  }),
  Tuning: object('Arguments', {
    HyperParameterTuningJobConfig: object('Tuning job', {
      Strategy: oneOf('Strategy', ['Bayesian', 'Random', 'Hyperband', 'Grid']),
      ResourceLimits: object('Limits', { MaxNumberOfTrainingJobs: value('Max training jobs'), MaxParallelTrainingJobs: value('Max parallel jobs') }),
    }),
  }),
  Transform: object('Arguments', {
    ModelName: value('Model name'),
    TransformInput: object('Input', {
      DataSource: object('Data source', { S3DataSource: object('S3', { S3Uri: value('S3 URI'), S3DataType: s3DataType }) }),
      ContentType: value('Content type'),
    }),
    TransformOutput: object('Output', { S3OutputPath: value('S3 output path') }),
    TransformResources: object('Resources', { InstanceCount: value('Instance count'), InstanceType: value('Instance type') }),
  }),
  Model: object('Arguments', {
    ExecutionRoleArn: value('Execution role ARN'),
    PrimaryContainer: object('Container', { Image: value('Image'), ModelDataUrl: value('Model data URL'), Environment: map('Environment') }),
  }),
  RegisterModel: object('Arguments', {
    ModelPackageGroupName: value('Model package group'),
    ModelApprovalStatus: oneOf('Approval status', ['PendingManualApproval', 'Approved', 'Rejected']),
    InferenceSpecification: object('Inference', {
      Containers: list('Containers', object('Container', { Image: value('Image'), ModelDataUrl: value('Model data URL') })),
    }),
  }),
  Condition: object('Arguments', {
    Conditions: list(
      'Conditions',
      object('Condition', {
        Type: oneOf('Comparison', [
          'ConditionEquals',
          'ConditionGreaterThan',
          'ConditionGreaterThanOrEqualTo',
          'ConditionLessThan',
          'ConditionLessThanOrEqualTo',
        ]),
        LeftValue: value('Left value'),
        RightValue: value('Right value'),
      }),
    ),
  }),
  Fail: object('Arguments', { ErrorMessage: value('Error message') }),
  Lambda: object('Lambda', {
    FunctionArn: text('Function ARN'),
    Arguments: map('Arguments'),
    OutputParameters: list(
      'Output parameters',
      object('Output', { OutputName: text('Name'), OutputType: oneOf('Type', ['String', 'Integer', 'Float', 'Boolean']) }),
    ),
  }),
  Callback: object('Callback', {
    SqsQueueUrl: text('SQS queue URL'),
    Arguments: map('Arguments'),
    OutputParameters: list(
      'Output parameters',
      object('Output', { OutputName: text('Name'), OutputType: oneOf('Type', ['String', 'Integer', 'Float', 'Boolean']) }),
    ),
  }),
};

/** The pipeline's PipelineExperimentConfig: each name a literal or a pipeline value (the SDK's default is two execution variables). */
const experimentConfigField = object('Experiment', {
  ExperimentName: value('Experiment name', 'Default: the pipeline name (Execution.PipelineName)'),
  TrialName: value('Trial name', 'Default: the execution id (Execution.PipelineExecutionId)'),
});

export function experimentConfigForm(): { schema: RJSFSchema; uiSchema: UiSchema } {
  return { schema: experimentConfigField.schema, uiSchema: experimentConfigField.ui ?? {} };
}

/** Step types whose form covers fields beside Arguments (the form's data is then those fields, Arguments among them). */
const topLevelForms = new Set(['Lambda', 'Callback']);

/** The schema and UI schema of a step's form; a type the palette does not know edits its Arguments as JSON. */
export function stepForm(type: string): { schema: RJSFSchema; uiSchema: UiSchema } {
  const field = forms[type] ?? { schema: { type: 'object', title: 'Arguments', additionalProperties: true } };
  return { schema: field.schema, uiSchema: field.ui ?? {} };
}

/** What the form edits, from the step. */
export function formDataOf(step: StepDefinition): JsonObject {
  if (topLevelForms.has(step.Type)) {
    const { Name: _name, Type: _type, DependsOn: _dependsOn, ...rest } = step;
    return rest as JsonObject;
  }
  return isJsonObject(step.Arguments) ? step.Arguments : {};
}

/** Writes the form's data back into the step. */
export function applyFormData(step: StepDefinition, data: JsonObject): void {
  if (topLevelForms.has(step.Type)) Object.assign(step, data);
  else step.Arguments = data;
}
