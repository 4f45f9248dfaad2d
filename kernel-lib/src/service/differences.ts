/**
 * Every deliberate difference between this service and Amazon SageMaker, in one place: the service takes its
 * not-found error codes from here, the conformance suite checks the SluiceLocal operations against it, and
 * docs/differences.md is generated from it (a test keeps the two the same).
 */
import { AwsError } from './errors.js';

export type ErrorCode = 'ValidationException' | 'ResourceNotFound';

export interface ErrorChoice {
  operations: readonly string[];
  when: string;
  code: ErrorCode;
  why: string;
}

/** What a request for something that does not exist answers, per operation, and why. */
export const errorChoices: readonly ErrorChoice[] = [
  {
    operations: ['DescribePipeline', 'UpdatePipeline', 'DeletePipeline', 'StartPipelineExecution', 'DescribePipelineExecution', 'ListPipelineExecutionSteps'],
    when: 'the pipeline or execution does not exist',
    code: 'ResourceNotFound',
    why: "the model's documented error, and what SageMaker answers",
  },
  {
    operations: [
      'DescribeProcessingJob',
      'DescribeTrainingJob',
      'DescribeTransformJob',
      'DescribeHyperParameterTuningJob',
      'ListTrainingJobsForHyperParameterTuningJob',
      'StopTrainingJob',
      'StopProcessingJob',
      'StopHyperParameterTuningJob',
    ],
    when: 'the job does not exist',
    code: 'ResourceNotFound',
    why: 'the model\'s documented error (SageMaker itself often answers ValidationException "Requested resource not found"; clients check either)',
  },
  {
    operations: ['DescribeModel', 'DeleteModel', 'CreateEndpointConfig', 'CreateTransformJob'],
    when: 'the model does not exist',
    code: 'ValidationException',
    why: 'SageMaker answers "Could not find model"; the model lists no error for these',
  },
  {
    operations: ['DescribeEndpoint', 'DescribeEndpointConfig', 'UpdateEndpoint', 'DeleteEndpoint', 'DeleteEndpointConfig'],
    when: 'the endpoint or endpoint config does not exist',
    code: 'ValidationException',
    why: 'SageMaker answers "Could not find endpoint …"; the model lists no error for these',
  },
  {
    operations: [
      'DescribeModelPackageGroup',
      'DeleteModelPackageGroup',
      'DescribeModelPackage',
      'UpdateModelPackage',
      'DeleteModelPackage',
      'DescribeProject',
      'DeleteProject',
    ],
    when: 'the group, version or project does not exist',
    code: 'ValidationException',
    why: 'what SageMaker answers; the model lists no error for these',
  },
  {
    operations: [
      'DescribeExperiment',
      'DeleteExperiment',
      'CreateTrial',
      'DescribeTrial',
      'ListTrials',
      'DeleteTrial',
      'UpdateTrialComponent',
      'DeleteTrialComponent',
      'AssociateTrialComponent',
      'DisassociateTrialComponent',
      'ListTrialComponents',
    ],
    when: 'the experiment, trial, trial component or association does not exist',
    code: 'ResourceNotFound',
    why: "the model's documented error for these (and for SageMaker Metrics' BatchPutMetrics to a trial component that does not exist, whose model documents none)",
  },
  {
    operations: ['ListTags', 'AddTags', 'DeleteTags'],
    when: 'the resource the ARN names does not exist',
    code: 'ValidationException',
    why: 'the model lists no error for these; as for the other resources here that SageMaker answers with ValidationException',
  },
  {
    operations: ['DescribeArtifact', 'DeleteArtifact', 'DescribeAction', 'DescribeContext', 'DescribeTrialComponent', 'AddAssociation', 'DeleteAssociation'],
    when: 'the lineage entity or association does not exist',
    code: 'ResourceNotFound',
    why: "the model's documented error for these",
  },
  {
    operations: ['CreatePipeline'],
    when: 'a pipeline of that name exists',
    code: 'ValidationException',
    why: 'SageMaker answers ValidationException "already exists", which the Python SDK\'s upsert expects',
  },
  {
    operations: ['RetryPipelineExecution'],
    when: 'the execution is not Failed, or ended in a Fail step',
    code: 'ValidationException',
    why: 'what SageMaker answers; a Fail step would fail again',
  },
];

/** The error for a missing resource that `operation` names, with the code chosen above. */
export function missingResource(operation: string, message: string): AwsError {
  const choice = errorChoices.find((entry) => entry.when.includes('does not exist') && entry.operations.includes(operation));
  if (choice === undefined) throw new Error(`no error choice for a missing resource in ${operation}: add one to differences.ts`);
  return new AwsError(choice.code, message);
}

/** The service's own operations (target prefix `SluiceLocal.`), which SageMaker does not have. */
export const localOperations: Readonly<Record<string, string>> = {
  GetJobLog: "a job's log lines from a line on, with the job's status (CloudWatch Logs' place)",
  ListArtifacts: 'the objects under an s3:// prefix of the local artifact store',
  GetArtifact: 'one object of the artifact store, base64',
  PutArtifact: 'writes one object of the artifact store (code uploads before S3 existed here)',
  ListPendingCallbacks: "the Callback steps waiting for an answer, with their tokens and arguments (SQS's place)",
  CreateProject: 'CreateProject with WorkspaceDir and RunPipelineOnCommit, answering with the whole description',
  DescribeProject: "DescribeProject with SluiceLocal: the seed repository's path, its pipeline and model group",
  ListProjectTemplates: "the project templates (Service Catalog products' place)",
  ListModelPackageActivity: "a model package's approval history",
  ListPipelineExecutions:
    "ListPipelineExecutions filtered by status and by a parameter's value, with each execution's parameter values, end time and SelectiveExecutionConfig",
  ListConditionEvaluations: "an execution's Condition steps with each condition's operands as evaluated and its result (SageMaker keeps only the outcome)",
  PlanPipelineExecution:
    "what starting a pipeline now would do: each step a cache hit (from which execution) or a run with its reason (the cache-key attribute that changed, caching off, never ran, expired), decided by the engine's own cache code",
  ListStepRunReasons:
    'why each step of an execution that had caching on ran: the cache-key attribute that changed since the last successful run, never ran or expired',
  PutTrigger:
    "an event trigger of a pipeline: when a version of a model package group is approved, or an object is created under an S3 prefix (through S3's API), the pipeline starts with parameters fixed or read from the event (`$.detail.…`, EventBridge's event shape). On AWS this is an EventBridge rule; the SDK's pipeline.trigger refuses the AWS session for now",
  ListTriggers: "a pipeline's event triggers (or all of them)",
  DeleteTrigger: 'deletes an event trigger',
  BatchGetMetrics:
    "SageMaker Metrics' BatchGetMetrics (its own service, `sagemaker-metrics`, on SageMaker) with the same shapes: a training job's MetricDefinitions values over its run, by iteration or time (CloudWatch's place)",
};

export interface FieldDifference {
  operation: string;
  member: string;
  here: string;
}

/** Instance types SageMaker's enums lack that mean "this machine, no limits" here. */
export const localInstanceTypes: readonly string[] = ['local', 'local_gpu'];

/** Members the local engine cannot fill as SageMaker does, or fills differently. */
export const fieldDifferences: readonly FieldDifference[] = [
  {
    operation: 'DescribeTrainingJob',
    member: 'ModelArtifacts',
    here: 'names where model.tar.gz goes from the start (the model requires the member); the object exists once the job is Completed',
  },
  {
    operation: 'DescribeTrainingJob',
    member: 'SecondaryStatusTransitions',
    here: 'Starting (its environment made), Training, Uploading, then Completed, Failed or Stopped, each ended when the next began; no Downloading (the inputs are read before the job starts), and the messages are our own',
  },
  {
    operation: 'DescribeTrainingJob, DescribeProcessingJob',
    member: 'StoppingCondition',
    here: "SageMaker's default (MaxRuntimeInSeconds 86400) when the request gave none",
  },
  {
    operation: 'DescribeTrainingJob, DescribeProcessingJob, DescribeTransformJob',
    member: 'ResourceConfig, ProcessingResources, TransformResources',
    here: 'echo the request; the job runs once on this machine whatever InstanceType and InstanceCount say',
  },
  {
    operation: 'DescribeTrainingJob',
    member: 'BillableTimeInSeconds, TrainingTimeInSeconds, WarmPoolStatus, DebugRuleEvaluationStatuses, ProfilerConfig',
    here: 'absent: nothing is billed, no debugger or profiler runs',
  },
  {
    operation: 'DescribeHyperParameterTuningJob',
    member: 'TrainingJobDefinition.AlgorithmSpecification',
    here: "without ContainerEntrypoint/ContainerArguments, which the model lacks (a Sluice TuningStep's code runs through them)",
  },
  {
    operation: 'DescribeHyperParameterTuningJob',
    member: 'HyperParameterTuningJobConfig.Strategy',
    here: 'Bayesian and Hyperband are echoed, but their trials are drawn at random (the job log says so)',
  },
  {
    operation: 'ListTrainingJobsForHyperParameterTuningJob',
    member: 'SortOrder',
    here: 'with SortBy FinalObjectiveMetricValue and no SortOrder, best first for the objective (ascending for Minimize)',
  },
  {
    operation: 'DescribePipeline',
    member: 'PipelineVersionId',
    here: 'not returned (the model lacks it); ListPipelineVersions and DescribePipelineExecution have it',
  },
  { operation: 'DescribePipeline, DescribePipelineExecution', member: 'CreatedBy, LastModifiedBy', here: 'empty: there are no IAM users here' },
  {
    operation: 'DescribeProject',
    member: 'ServiceCatalogProvisionedProductDetails',
    here: 'the "provisioned product" is a seed repository on this machine; SluiceLocal.DescribeProject says where',
  },
  {
    operation: 'ListPipelines, ListModelPackageGroups, ListTrainingJobs',
    member: 'ManagedBy AWS, CrossAccountFilterOption CrossAccount, WarmPoolStatusEquals',
    here: 'match nothing: no pipeline is managed by AWS, no group is shared from another account, no job has a warm pool',
  },
  {
    operation: 'ListProjects',
    member: 'ProjectType',
    here: 'projects here have no project type, which SageMaker lists under CLASSIC: CLASSIC lists every project, STANDARD none',
  },
  {
    operation: 'CreateModelPackage, UpdateModelPackage, DescribeModelPackage',
    member: 'ModelPackageRegistrationType, ManagedStorageType, IncludedData',
    here: 'checked against their values and not used: every package is registered and stored here, and described in full',
  },
  {
    operation: 'CloudWatch Logs (Logs_20140328.DescribeLogStreams, GetLogEvents)',
    member: 'log groups /aws/sagemaker/ProcessingJobs, TrainingJobs, TransformJobs',
    here: "one stream `<job name>/algo-1` per job, read from the job's local log (sluice's own notes included); no other Logs operation is served",
  },
  {
    operation: 'CloudWatch GetMetricStatistics (GraniteServiceVersion20100801.), on the same endpoint',
    member: 'Namespace, Dimensions, Period',
    here: "namespace /aws/sagemaker/TrainingJobs with the dimension TrainingJobName (as the Python SDK's TrainingJobAnalytics asks) or Host `<job>/algo-1`: the values the job's MetricDefinitions captured, in periods counted from the epoch; any other metric has no data points; no other CloudWatch operation is served",
  },
  {
    operation: 'Search',
    member: 'Resource, SearchExpression',
    here: 'TrainingJob, HyperParameterTuningJob, ModelPackage, ModelPackageGroup, Pipeline, PipelineExecution, Endpoint, Project, Experiment, ExperimentTrial and ExperimentTrialComponent (with its Parents), each as its Describe answers it, with its Tags; any other resource is refused with a ValidationException that names these. A filter compares as numbers when both sides are numbers, as times on a time member, else as text; `Metrics.<name>` reads FinalMetricDataList',
  },
  {
    operation: "SageMaker Metrics' BatchPutMetrics (PUT /BatchPutMetrics), on the same endpoint",
    member: 'MetricData',
    here: "kept per trial component with no limit on metrics or values; DescribeTrialComponent's Metrics summarise them (StdDev is the sample standard deviation; Last the value with the latest Timestamp). SageMaker Metrics' BatchGetMetrics is SluiceLocal.BatchGetMetrics, over training jobs only",
  },
  {
    operation: 'CreateTrainingJob, CreateProcessingJob',
    member: 'ExperimentConfig',
    here: "kept in the job's description (a Run's `load_run()` inside the job reads it); the job's trial component joins the trial named when that trial exists (SageMaker creates a missing one)",
  },
  {
    operation: 'ListTags, AddTags, DeleteTags',
    member: 'ResourceArn',
    here: 'any resource this service holds: jobs, models, model packages and their groups, pipelines, endpoints and their configurations, projects',
  },
  {
    operation: 'ListArtifacts, DescribeArtifact, QueryLineage',
    member: 'ArtifactType of the artifacts jobs record',
    here: 'a job\'s code (a processing job\'s input "code", a training job\'s channel "code" or sagemaker_submit_directory) is a Code artifact whose Source.SourceTypes carries the SHA-256 of the bytes the job ran (`Custom`, `sha256:…`); SageMaker records a processing job\'s code as a DataSet and a training script not at all',
  },
  {
    operation: 'ListArtifacts, ListActions, ListContexts, QueryLineage',
    member: 'the entities made for model versions and endpoints',
    here: "a version's artifact is of type ModelPackage (source: the version's ARN), its approval an action of type Approval (Properties.ModelApprovalStatus), its group a ModelGroup context; an endpoint is an Endpoint context and each configuration deployed to it a ModelDeployment action. SageMaker's documentation names these entities but not every type or name; the names here end in -aws-model-package-group, -aws-model-package-approval, -aws-endpoint and -aws-model-deployment",
  },
  {
    operation: 'DescribeTrialComponent, ListTrialComponents',
    member: 'trial components',
    here: "the jobs' own (`<job>-aws-training-job`, `-aws-processing-job`, `-aws-transform-job`), for lineage, with empty artifacts (a job's inputs and outputs are lineage artifacts associated with it), a training job's hyperparameters as Parameters and its MetricDefinitions' values as Metrics; and those clients create (a Run of the Python SDK is one), with what they set and log",
  },
  {
    operation: 'ListAssociations',
    member: 'SourceType, DestinationType',
    here: "match an entity's type (DataSet, ModelDeployment, …) or its kind (Artifact, Action, Context, TrialComponent): the Python SDK's lineage classes filter by either",
  },
  {
    operation: 'SluiceLocal.ListPipelineExecutions',
    member: 'StartedBy',
    here: "the schedule or trigger that started the execution (Kind Schedule or Trigger, Name, Arn, Time of the firing or event); absent for a client's StartPipelineExecution. SageMaker records no such thing (its CreatedBy would name Scheduler's role)",
  },
  {
    operation: 'EventBridge Scheduler (CreateSchedule, GetSchedule, UpdateSchedule, DeleteSchedule, ListSchedules), on the same endpoint',
    member: 'GroupName, ScheduleExpressionTimezone, Target, FlexibleTimeWindow',
    here: "the default group only; UTC only; the target must be a pipeline of this service (checked when the schedule is made, where AWS checks at firing); FLEXIBLE windows fire at the exact time; Target.RoleArn is kept, not assumed. The service fires schedules itself (polling each second): a firing missed while it was down runs once at start when no older than Target.RetryPolicy.MaximumEventAgeInSeconds (default 86400; the SDK's missedRunPolicy 'skip' sets 60), else it is skipped; missed firings collapse into the latest",
  },
  { operation: 'every JSON response', member: 'x-amzn-RequestId', here: 'a fresh UUID, not tied to any AWS log' },
  {
    operation: 'every operation',
    member: 'every enum member of the input, nested ones included',
    here: `checked against the model's values (kernel-lib/models/sagemaker-input-enums.json); an InstanceType member also takes ${localInstanceTypes.join(' or ')}, which runs without the instance type's limits`,
  },
];

/** Values accepted for an input enum beyond the model's: the local instance types. */
export function acceptedBeyondModel(enumShape: string, value: string): boolean {
  return enumShape.endsWith('InstanceType') && localInstanceTypes.includes(value);
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** docs/differences.md. */
export function differencesMarkdown(): string {
  return [
    '# Where the local service differs from Amazon SageMaker',
    '',
    'Generated from `kernel-lib/src/service/differences.ts` (the service reads its error choices from there);',
    '`test/conformance/differences.test.ts` fails when this file and that module disagree. Every other response',
    "is checked against botocore's SageMaker model by `test/conformance/`.",
    '',
    '## Errors for what does not exist',
    '',
    '| Operations | When | Error code | Why |',
    '| --- | --- | --- | --- |',
    ...errorChoices.map((entry) => `| ${entry.operations.join(', ')} | ${cell(entry.when)} | ${entry.code} | ${cell(entry.why)} |`),
    '',
    '## Operations SageMaker does not have (`SluiceLocal.*`)',
    '',
    '| Operation | What it does |',
    '| --- | --- |',
    ...Object.entries(localOperations).map(([name, what]) => `| SluiceLocal.${name} | ${cell(what)} |`),
    '',
    '## Members the local engine fills differently',
    '',
    '| Operation | Member | Here |',
    '| --- | --- | --- |',
    ...fieldDifferences.map((entry) => `| ${entry.operation} | ${cell(entry.member)} | ${cell(entry.here)} |`),
    '',
  ].join('\n');
}
