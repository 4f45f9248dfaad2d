/**
 * Every operation the local service answers (its `X-Amz-Target`), with its request and response shapes: types
 * only (and one error code), so the panel imports them (`sluice/protocol`) without bundling anything of Node or the
 * AWS SDK.
 * SageMaker's shapes are @aws-sdk/client-sagemaker's; the service's own are declared here once. Responses are
 * as handlers return them: Dates, which the wire turns into epoch seconds (the panel's Wire<T>).
 */
import type * as SageMaker from '@aws-sdk/client-sagemaker';
import type * as Scheduler from '@aws-sdk/client-scheduler';
import type { PlannedStep, RunReason } from '../definition/run-reasons.js';

export type { KeyChange, KeyChangeKind, PlannedStep, RunReason } from '../definition/run-reasons.js';

/**
 * The `__type` of the panel's signing proxy's own answer (HTTP 503) when it cannot reach or start the service: no
 * AWS error code, since the service itself never answered. The panel then says how to get the service running.
 */
export const serviceUnreachableType = 'ServiceUnreachable';

/** A command's output without the SDK's $metadata, which the client adds from the HTTP response. */
type Response<CommandOutput> = Omit<CommandOutput, '$metadata'>;

/** SageMaker's operations the service implements, under SageMaker's own names. */
export interface SageMakerOperations {
  'SageMaker.CreatePipeline': [SageMaker.CreatePipelineCommandInput, Response<SageMaker.CreatePipelineCommandOutput>];
  'SageMaker.UpdatePipeline': [SageMaker.UpdatePipelineCommandInput, Response<SageMaker.UpdatePipelineCommandOutput>];
  'SageMaker.DescribePipeline': [SageMaker.DescribePipelineCommandInput, Response<SageMaker.DescribePipelineCommandOutput>];
  'SageMaker.DeletePipeline': [SageMaker.DeletePipelineCommandInput, Response<SageMaker.DeletePipelineCommandOutput>];
  'SageMaker.ListPipelines': [SageMaker.ListPipelinesCommandInput, Response<SageMaker.ListPipelinesCommandOutput>];
  'SageMaker.ListPipelineVersions': [SageMaker.ListPipelineVersionsCommandInput, Response<SageMaker.ListPipelineVersionsCommandOutput>];
  'SageMaker.CreateModelPackageGroup': [SageMaker.CreateModelPackageGroupCommandInput, Response<SageMaker.CreateModelPackageGroupCommandOutput>];
  'SageMaker.DescribeModelPackageGroup': [SageMaker.DescribeModelPackageGroupCommandInput, Response<SageMaker.DescribeModelPackageGroupCommandOutput>];
  'SageMaker.ListModelPackageGroups': [SageMaker.ListModelPackageGroupsCommandInput, Response<SageMaker.ListModelPackageGroupsCommandOutput>];
  'SageMaker.DeleteModelPackageGroup': [SageMaker.DeleteModelPackageGroupCommandInput, Response<SageMaker.DeleteModelPackageGroupCommandOutput>];
  'SageMaker.CreateModelPackage': [SageMaker.CreateModelPackageCommandInput, Response<SageMaker.CreateModelPackageCommandOutput>];
  'SageMaker.DescribeModelPackage': [SageMaker.DescribeModelPackageCommandInput, Response<SageMaker.DescribeModelPackageCommandOutput>];
  'SageMaker.ListModelPackages': [SageMaker.ListModelPackagesCommandInput, Response<SageMaker.ListModelPackagesCommandOutput>];
  'SageMaker.UpdateModelPackage': [SageMaker.UpdateModelPackageCommandInput, Response<SageMaker.UpdateModelPackageCommandOutput>];
  'SageMaker.DeleteModelPackage': [SageMaker.DeleteModelPackageCommandInput, Response<SageMaker.DeleteModelPackageCommandOutput>];
  'SageMaker.StartPipelineExecution': [SageMaker.StartPipelineExecutionCommandInput, Response<SageMaker.StartPipelineExecutionCommandOutput>];
  'SageMaker.DescribePipelineExecution': [SageMaker.DescribePipelineExecutionCommandInput, Response<SageMaker.DescribePipelineExecutionCommandOutput>];
  'SageMaker.ListPipelineExecutions': [SageMaker.ListPipelineExecutionsCommandInput, Response<SageMaker.ListPipelineExecutionsCommandOutput>];
  'SageMaker.ListPipelineExecutionSteps': [SageMaker.ListPipelineExecutionStepsCommandInput, Response<SageMaker.ListPipelineExecutionStepsCommandOutput>];
  'SageMaker.ListPipelineParametersForExecution': [
    SageMaker.ListPipelineParametersForExecutionCommandInput,
    Response<SageMaker.ListPipelineParametersForExecutionCommandOutput>,
  ];
  'SageMaker.DescribePipelineDefinitionForExecution': [
    SageMaker.DescribePipelineDefinitionForExecutionCommandInput,
    Response<SageMaker.DescribePipelineDefinitionForExecutionCommandOutput>,
  ];
  'SageMaker.StopPipelineExecution': [SageMaker.StopPipelineExecutionCommandInput, Response<SageMaker.StopPipelineExecutionCommandOutput>];
  'SageMaker.RetryPipelineExecution': [SageMaker.RetryPipelineExecutionCommandInput, Response<SageMaker.RetryPipelineExecutionCommandOutput>];
  'SageMaker.UpdatePipelineExecution': [SageMaker.UpdatePipelineExecutionCommandInput, Response<SageMaker.UpdatePipelineExecutionCommandOutput>];
  'SageMaker.SendPipelineExecutionStepSuccess': [
    SageMaker.SendPipelineExecutionStepSuccessCommandInput,
    Response<SageMaker.SendPipelineExecutionStepSuccessCommandOutput>,
  ];
  'SageMaker.SendPipelineExecutionStepFailure': [
    SageMaker.SendPipelineExecutionStepFailureCommandInput,
    Response<SageMaker.SendPipelineExecutionStepFailureCommandOutput>,
  ];
  'SageMaker.CreateHyperParameterTuningJob': [
    SageMaker.CreateHyperParameterTuningJobCommandInput,
    Response<SageMaker.CreateHyperParameterTuningJobCommandOutput>,
  ];
  'SageMaker.StopHyperParameterTuningJob': [SageMaker.StopHyperParameterTuningJobCommandInput, Response<SageMaker.StopHyperParameterTuningJobCommandOutput>];
  'SageMaker.CreateProcessingJob': [SageMaker.CreateProcessingJobCommandInput, Response<SageMaker.CreateProcessingJobCommandOutput>];
  'SageMaker.StopProcessingJob': [SageMaker.StopProcessingJobCommandInput, Response<SageMaker.StopProcessingJobCommandOutput>];
  'SageMaker.CreateTrainingJob': [SageMaker.CreateTrainingJobCommandInput, Response<SageMaker.CreateTrainingJobCommandOutput>];
  'SageMaker.StopTrainingJob': [SageMaker.StopTrainingJobCommandInput, Response<SageMaker.StopTrainingJobCommandOutput>];
  'SageMaker.DescribeProcessingJob': [SageMaker.DescribeProcessingJobCommandInput, Response<SageMaker.DescribeProcessingJobCommandOutput>];
  'SageMaker.ListProcessingJobs': [SageMaker.ListProcessingJobsCommandInput, Response<SageMaker.ListProcessingJobsCommandOutput>];
  'SageMaker.DescribeTrainingJob': [SageMaker.DescribeTrainingJobCommandInput, Response<SageMaker.DescribeTrainingJobCommandOutput>];
  'SageMaker.Search': [SageMaker.SearchCommandInput, Response<SageMaker.SearchCommandOutput>];
  'SageMaker.ListTags': [SageMaker.ListTagsCommandInput, Response<SageMaker.ListTagsCommandOutput>];
  'SageMaker.AddTags': [SageMaker.AddTagsCommandInput, Response<SageMaker.AddTagsCommandOutput>];
  'SageMaker.DeleteTags': [SageMaker.DeleteTagsCommandInput, Response<SageMaker.DeleteTagsCommandOutput>];
  'SageMaker.CreateExperiment': [SageMaker.CreateExperimentCommandInput, Response<SageMaker.CreateExperimentCommandOutput>];
  'SageMaker.DescribeExperiment': [SageMaker.DescribeExperimentCommandInput, Response<SageMaker.DescribeExperimentCommandOutput>];
  'SageMaker.ListExperiments': [SageMaker.ListExperimentsCommandInput, Response<SageMaker.ListExperimentsCommandOutput>];
  'SageMaker.DeleteExperiment': [SageMaker.DeleteExperimentCommandInput, Response<SageMaker.DeleteExperimentCommandOutput>];
  'SageMaker.CreateTrial': [SageMaker.CreateTrialCommandInput, Response<SageMaker.CreateTrialCommandOutput>];
  'SageMaker.DescribeTrial': [SageMaker.DescribeTrialCommandInput, Response<SageMaker.DescribeTrialCommandOutput>];
  'SageMaker.ListTrials': [SageMaker.ListTrialsCommandInput, Response<SageMaker.ListTrialsCommandOutput>];
  'SageMaker.DeleteTrial': [SageMaker.DeleteTrialCommandInput, Response<SageMaker.DeleteTrialCommandOutput>];
  'SageMaker.CreateTrialComponent': [SageMaker.CreateTrialComponentCommandInput, Response<SageMaker.CreateTrialComponentCommandOutput>];
  'SageMaker.UpdateTrialComponent': [SageMaker.UpdateTrialComponentCommandInput, Response<SageMaker.UpdateTrialComponentCommandOutput>];
  'SageMaker.DeleteTrialComponent': [SageMaker.DeleteTrialComponentCommandInput, Response<SageMaker.DeleteTrialComponentCommandOutput>];
  'SageMaker.AssociateTrialComponent': [SageMaker.AssociateTrialComponentCommandInput, Response<SageMaker.AssociateTrialComponentCommandOutput>];
  'SageMaker.DisassociateTrialComponent': [SageMaker.DisassociateTrialComponentCommandInput, Response<SageMaker.DisassociateTrialComponentCommandOutput>];
  'SageMaker.ListTrainingJobs': [SageMaker.ListTrainingJobsCommandInput, Response<SageMaker.ListTrainingJobsCommandOutput>];
  'SageMaker.DescribeModel': [SageMaker.DescribeModelCommandInput, Response<SageMaker.DescribeModelCommandOutput>];
  'SageMaker.ListModels': [SageMaker.ListModelsCommandInput, Response<SageMaker.ListModelsCommandOutput>];
  'SageMaker.CreateModel': [SageMaker.CreateModelCommandInput, Response<SageMaker.CreateModelCommandOutput>];
  'SageMaker.CreateTransformJob': [SageMaker.CreateTransformJobCommandInput, Response<SageMaker.CreateTransformJobCommandOutput>];
  'SageMaker.DeleteModel': [SageMaker.DeleteModelCommandInput, Response<SageMaker.DeleteModelCommandOutput>];
  'SageMaker.CreateEndpointConfig': [SageMaker.CreateEndpointConfigCommandInput, Response<SageMaker.CreateEndpointConfigCommandOutput>];
  'SageMaker.DescribeEndpointConfig': [SageMaker.DescribeEndpointConfigCommandInput, Response<SageMaker.DescribeEndpointConfigCommandOutput>];
  'SageMaker.ListEndpointConfigs': [SageMaker.ListEndpointConfigsCommandInput, Response<SageMaker.ListEndpointConfigsCommandOutput>];
  'SageMaker.DeleteEndpointConfig': [SageMaker.DeleteEndpointConfigCommandInput, Response<SageMaker.DeleteEndpointConfigCommandOutput>];
  'SageMaker.CreateEndpoint': [SageMaker.CreateEndpointCommandInput, Response<SageMaker.CreateEndpointCommandOutput>];
  'SageMaker.DescribeEndpoint': [SageMaker.DescribeEndpointCommandInput, Response<SageMaker.DescribeEndpointCommandOutput>];
  'SageMaker.ListEndpoints': [SageMaker.ListEndpointsCommandInput, Response<SageMaker.ListEndpointsCommandOutput>];
  'SageMaker.UpdateEndpoint': [SageMaker.UpdateEndpointCommandInput, Response<SageMaker.UpdateEndpointCommandOutput>];
  'SageMaker.DeleteEndpoint': [SageMaker.DeleteEndpointCommandInput, Response<SageMaker.DeleteEndpointCommandOutput>];
  'SageMaker.DescribeTransformJob': [SageMaker.DescribeTransformJobCommandInput, Response<SageMaker.DescribeTransformJobCommandOutput>];
  'SageMaker.ListTransformJobs': [SageMaker.ListTransformJobsCommandInput, Response<SageMaker.ListTransformJobsCommandOutput>];
  'SageMaker.DescribeHyperParameterTuningJob': [
    SageMaker.DescribeHyperParameterTuningJobCommandInput,
    Response<SageMaker.DescribeHyperParameterTuningJobCommandOutput>,
  ];
  'SageMaker.ListHyperParameterTuningJobs': [SageMaker.ListHyperParameterTuningJobsCommandInput, Response<SageMaker.ListHyperParameterTuningJobsCommandOutput>];
  'SageMaker.ListTrainingJobsForHyperParameterTuningJob': [
    SageMaker.ListTrainingJobsForHyperParameterTuningJobCommandInput,
    Response<SageMaker.ListTrainingJobsForHyperParameterTuningJobCommandOutput>,
  ];
  'SageMaker.CreateProject': [SageMaker.CreateProjectCommandInput, Response<SageMaker.CreateProjectCommandOutput>];
  'SageMaker.DescribeProject': [SageMaker.DescribeProjectCommandInput, Response<SageMaker.DescribeProjectCommandOutput>];
  'SageMaker.ListProjects': [SageMaker.ListProjectsCommandInput, Response<SageMaker.ListProjectsCommandOutput>];
  'SageMaker.DeleteProject': [SageMaker.DeleteProjectCommandInput, Response<SageMaker.DeleteProjectCommandOutput>];
  // Lineage: what jobs, model versions and endpoints recorded, and what clients add.
  'SageMaker.CreateArtifact': [SageMaker.CreateArtifactCommandInput, Response<SageMaker.CreateArtifactCommandOutput>];
  'SageMaker.DescribeArtifact': [SageMaker.DescribeArtifactCommandInput, Response<SageMaker.DescribeArtifactCommandOutput>];
  'SageMaker.DeleteArtifact': [SageMaker.DeleteArtifactCommandInput, Response<SageMaker.DeleteArtifactCommandOutput>];
  'SageMaker.ListArtifacts': [SageMaker.ListArtifactsCommandInput, Response<SageMaker.ListArtifactsCommandOutput>];
  'SageMaker.CreateAction': [SageMaker.CreateActionCommandInput, Response<SageMaker.CreateActionCommandOutput>];
  'SageMaker.DescribeAction': [SageMaker.DescribeActionCommandInput, Response<SageMaker.DescribeActionCommandOutput>];
  'SageMaker.ListActions': [SageMaker.ListActionsCommandInput, Response<SageMaker.ListActionsCommandOutput>];
  'SageMaker.CreateContext': [SageMaker.CreateContextCommandInput, Response<SageMaker.CreateContextCommandOutput>];
  'SageMaker.DescribeContext': [SageMaker.DescribeContextCommandInput, Response<SageMaker.DescribeContextCommandOutput>];
  'SageMaker.ListContexts': [SageMaker.ListContextsCommandInput, Response<SageMaker.ListContextsCommandOutput>];
  'SageMaker.DescribeTrialComponent': [SageMaker.DescribeTrialComponentCommandInput, Response<SageMaker.DescribeTrialComponentCommandOutput>];
  'SageMaker.ListTrialComponents': [SageMaker.ListTrialComponentsCommandInput, Response<SageMaker.ListTrialComponentsCommandOutput>];
  'SageMaker.AddAssociation': [SageMaker.AddAssociationCommandInput, Response<SageMaker.AddAssociationCommandOutput>];
  'SageMaker.DeleteAssociation': [SageMaker.DeleteAssociationCommandInput, Response<SageMaker.DeleteAssociationCommandOutput>];
  'SageMaker.ListAssociations': [SageMaker.ListAssociationsCommandInput, Response<SageMaker.ListAssociationsCommandOutput>];
  'SageMaker.QueryLineage': [SageMaker.QueryLineageCommandInput, Response<SageMaker.QueryLineageCommandOutput>];
}

/** One line of a job's log, as the job wrote it (or as the service noted something about the job). */
export interface JobLogLine {
  readonly Time: string;
  readonly Stream: 'stdout' | 'stderr' | 'sluice';
  readonly Text: string;
}

/** A condition as the local engine evaluated it: operands with their values, result, and a line of text. */
export interface EvaluatedCondition {
  readonly Type: string;
  readonly Result: boolean;
  /** `regression_metrics.mse.value 4.38 ≤ MseThreshold 6 → true` */
  readonly Text: string;
  readonly Operands: readonly { readonly Expression: string; readonly Value: unknown }[];
  readonly Conditions?: readonly EvaluatedCondition[];
}

/** A finished Condition step with its conditions as evaluated (SageMaker keeps only the step's outcome). */
export interface ConditionStepEvaluation {
  readonly StepName: string;
  readonly Outcome: 'True' | 'False';
  readonly Conditions: readonly EvaluatedCondition[];
}

/** A Callback step waiting for SendPipelineExecutionStepSuccess or Failure, with its resolved arguments. */
export interface PendingCallback {
  readonly CallbackToken: string;
  readonly PipelineExecutionArn: string;
  readonly StepName: string;
  readonly SqsQueueUrl?: string;
  readonly Arguments: unknown;
}

/** What the local service adds to DescribeProject: where the seed repository is and what it names. */
export interface LocalProjectDetails {
  readonly TemplateId: string;
  readonly RepositoryPath: string;
  readonly SettingsFile: string;
  readonly PipelineName: string;
  readonly ModelPackageGroupName: string;
  readonly RepositoryExists: boolean;
  /** The template's notebook and README.md in the repository, when they are there (absolute paths). */
  readonly Notebook?: string;
  readonly Readme?: string;
  readonly LastCommits: readonly { readonly Hash: string; readonly Date: string; readonly Subject: string }[];
  readonly Tags: readonly { readonly Key: string; readonly Value: string }[];
}

/** DescribeProject with the local details. */
export type LocalProjectDescription = Response<SageMaker.DescribeProjectCommandOutput> & { readonly SluiceLocal: LocalProjectDetails };

/** A template Create project offers. */
export interface ProjectTemplate {
  readonly TemplateId: string;
  readonly Name: string;
  readonly Description: string;
  readonly RunsPipelineOnCommit: boolean;
  /** The template Create project picks first. */
  readonly Preselected: boolean;
  /** Present when the template downloads its data: the parameter that names it and what it downloads. */
  readonly InputData?: { readonly Parameter: string; readonly Downloads: string };
}

/** One entry of a model version's activity. */
export interface ModelPackageEvent {
  readonly Time: Date;
  readonly Event: 'Registered' | 'ApprovalStatusChanged' | 'ApprovalCommentChanged';
  readonly From?: string;
  readonly To?: string;
  readonly Comment?: string;
}

/** An execution as the panel's table lists it: SageMaker's summary with its parameter values and end. */
export type LocalExecutionSummary = SageMaker.PipelineExecutionSummary & {
  readonly EndTime?: Date;
  readonly PipelineParameters: SageMaker.Parameter[];
  readonly SelectiveExecutionConfig?: SageMaker.SelectiveExecutionConfig;
  /** The schedule or trigger that started the execution; absent when a client called StartPipelineExecution. */
  readonly StartedBy?: StartedBy;
};

/** What started an execution, when not a client's StartPipelineExecution (SageMaker shows no such field). */
export interface StartedBy {
  readonly Kind: 'Schedule' | 'Trigger';
  readonly Name: string;
  readonly Arn: string;
  /** The firing's scheduled time, or the event's time. */
  readonly Time: Date;
}

/** EventBridge Scheduler's operations on schedules, over its REST API (and as `Scheduler.<Operation>` targets for the panel). */
export interface SchedulerOperations {
  'Scheduler.CreateSchedule': [Scheduler.CreateScheduleCommandInput, Response<Scheduler.CreateScheduleCommandOutput>];
  'Scheduler.UpdateSchedule': [Scheduler.UpdateScheduleCommandInput, Response<Scheduler.UpdateScheduleCommandOutput>];
  'Scheduler.GetSchedule': [Scheduler.GetScheduleCommandInput, Response<Scheduler.GetScheduleCommandOutput>];
  'Scheduler.DeleteSchedule': [Scheduler.DeleteScheduleCommandInput, Response<Scheduler.DeleteScheduleCommandOutput>];
  'Scheduler.ListSchedules': [Scheduler.ListSchedulesCommandInput, Response<Scheduler.ListSchedulesCommandOutput>];
}

/** The event a trigger waits for: a version of a model package group approved, or an object created under a prefix. */
export type TriggerEvent =
  | { readonly ModelPackageApproved: { readonly ModelPackageGroupName: string } }
  | { readonly S3ObjectCreated: { readonly Bucket: string; readonly Prefix: string } };

/** A pipeline parameter's value when a trigger fires: fixed, or read from the event at a path such as `$.detail.ModelPackageArn`. */
export type TriggerParameter = { readonly Name: string; readonly Value: string } | { readonly Name: string; readonly EventPath: string };

/** A local event trigger: when its event happens, the pipeline starts with these parameters. */
export interface PipelineTrigger {
  readonly Name: string;
  readonly Arn: string;
  readonly PipelineName: string;
  readonly State: 'ENABLED' | 'DISABLED';
  readonly Event: TriggerEvent;
  readonly Parameters: readonly TriggerParameter[];
  readonly CreationTime: Date;
}

/** SageMaker Metrics' MetricQuery (service `sagemaker-metrics`, BatchGetMetrics): one metric of one training job. */
export interface MetricQuery {
  readonly MetricName: string;
  /** The training job's ARN. */
  readonly ResourceArn: string;
  readonly MetricStat: 'Min' | 'Max' | 'Avg' | 'Count' | 'StdDev' | 'Last';
  readonly Period: 'OneMinute' | 'FiveMinute' | 'OneHour' | 'IterationNumber';
  readonly XAxisType: 'IterationNumber' | 'Timestamp';
  /** Epoch seconds. */
  readonly Start?: number;
  readonly End?: number;
}

/** SageMaker Metrics' MetricQueryResult: the x values (iterations or epoch seconds) and the metric's values, in order. */
export interface MetricQueryResult {
  readonly Status: 'Complete' | 'Truncated' | 'InternalError' | 'ValidationError';
  readonly Message?: string;
  readonly XAxisValues: number[];
  readonly MetricValues: number[];
}

/** The service's own operations (prefix `SluiceLocal.`), which SageMaker does not have. */
export interface SluiceLocalOperations {
  /** The job's log from StartFromLine on, and the line to continue from when following it. */
  'SluiceLocal.GetJobLog': [{ JobName: string; StartFromLine?: number }, { JobName: string; JobStatus: string; Lines: JobLogLine[]; NextLine: number }];
  /** Every object key under a prefix of the artifact store. */
  'SluiceLocal.ListArtifacts': [{ S3Uri: string }, { S3Uri: string; Objects: string[] }];
  /** An artifact's bytes, base64 (up to 5 MiB): evaluation reports that model metrics point at. */
  'SluiceLocal.GetArtifact': [{ S3Uri: string }, { S3Uri: string; ContentLength: number; Body: string }];
  /** Stores an object (Body base64), as the SDK's local session uploads step code. */
  'SluiceLocal.PutArtifact': [{ S3Uri: string; Body: string }, { S3Uri: string; ContentLength: number }];
  'SluiceLocal.ListPendingCallbacks': [{ PipelineExecutionArn?: string }, { Callbacks: PendingCallback[] }];
  /** SageMaker's CreateProject with three extras, answering with the whole description. */
  'SluiceLocal.CreateProject': [
    SageMaker.CreateProjectCommandInput & { WorkspaceDir?: string; RunPipelineOnCommit?: boolean; InputDataSource?: string },
    LocalProjectDescription,
  ];
  'SluiceLocal.DescribeProject': [SageMaker.DescribeProjectCommandInput, LocalProjectDescription];
  'SluiceLocal.ListProjectTemplates': [Record<string, never>, { Templates: ProjectTemplate[] }];
  'SluiceLocal.ListModelPackageActivity': [{ ModelPackageName: string }, { ModelPackageArn: string; Events: ModelPackageEvent[] }];
  /** SageMaker's list plus filters by status (one of PipelineExecutionStatus, checked by the service) and parameter value; each summary carries its values and end. */
  'SluiceLocal.ListPipelineExecutions': [
    SageMaker.ListPipelineExecutionsCommandInput & { StatusEquals?: string; ParameterEquals?: { Name: string; Value: string } },
    { PipelineExecutionSummaries: LocalExecutionSummary[]; NextToken?: string },
  ];
  /** Each finished Condition step of an execution with its conditions' operands as evaluated. */
  'SluiceLocal.ListConditionEvaluations': [{ PipelineExecutionArn: string }, { ConditionSteps: ConditionStepEvaluation[] }];
  /** Creates or replaces an event trigger of a pipeline. */
  'SluiceLocal.PutTrigger': [Omit<PipelineTrigger, 'Arn' | 'CreationTime' | 'State'> & { State?: 'ENABLED' | 'DISABLED' }, { TriggerArn: string }];
  'SluiceLocal.ListTriggers': [{ PipelineName?: string }, { Triggers: PipelineTrigger[] }];
  'SluiceLocal.DeleteTrigger': [{ Name: string }, Record<string, never>];
  /** SageMaker Metrics' BatchGetMetrics, same shapes: training jobs' metrics over their run (from MetricDefinitions over the log). */
  'SluiceLocal.BatchGetMetrics': [{ MetricQueries: MetricQuery[] }, { MetricQueryResults: MetricQueryResult[] }];
  /** What starting the pipeline (its latest version, or PipelineDefinition) now would do: each step a cache hit or a run and why. */
  'SluiceLocal.PlanPipelineExecution': [
    { PipelineName: string; PipelineDefinition?: string; PipelineParameters?: { Name: string; Value: string }[] },
    { Steps: PlannedStep[] },
  ];
  /** Why each step of an execution that had caching on ran instead of reusing a cached run. */
  'SluiceLocal.ListStepRunReasons': [{ PipelineExecutionArn: string }, { Steps: { StepName: string; Reason: RunReason }[] }];
}

/** A log stream of a job: `<job name>/algo-1` in `/aws/sagemaker/<Kind>Jobs`. Times are epoch milliseconds. */
export interface LogStream {
  readonly logStreamName: string;
  readonly creationTime: number;
  readonly firstEventTimestamp?: number;
  readonly lastEventTimestamp?: number;
  readonly lastIngestionTime?: number;
  readonly storedBytes: number;
}

export interface OutputLogEvent {
  readonly timestamp: number;
  readonly message: string;
  readonly ingestionTime: number;
}

/** CloudWatch Logs' two reading operations (prefix `Logs_20140328.`), over the jobs' logs. */
export interface LogsOperations {
  'Logs_20140328.DescribeLogStreams': [{ logGroupName: string; logStreamNamePrefix?: string }, { logStreams: LogStream[] }];
  'Logs_20140328.GetLogEvents': [
    { logGroupName: string; logStreamName: string; startTime?: number; endTime?: number; limit?: number; startFromHead?: boolean; nextToken?: string },
    { events: OutputLogEvent[]; nextForwardToken: string; nextBackwardToken: string },
  ];
}

export type MetricStatistic = 'SampleCount' | 'Average' | 'Sum' | 'Minimum' | 'Maximum';
/** One period's statistics of a metric, as CloudWatch's GetMetricStatistics gives them. */
export type MetricDatapoint = { Timestamp: Date; Unit: string; ExtendedStatistics?: Record<string, number> } & Partial<Record<MetricStatistic, number>>;

/** CloudWatch's GetMetricStatistics (prefix `GraniteServiceVersion20100801.`), over the training jobs' metrics. */
export interface CloudWatchOperations {
  'GraniteServiceVersion20100801.GetMetricStatistics': [
    {
      Namespace: string;
      MetricName: string;
      Dimensions?: { Name: string; Value: string }[];
      StartTime: number;
      EndTime: number;
      Period: number;
      Statistics?: MetricStatistic[];
      ExtendedStatistics?: string[];
      Unit?: string;
    },
    { Label: string; Datapoints: MetricDatapoint[] },
  ];
}

/** SageMaker Metrics' BatchPutMetrics (REST, PUT /BatchPutMetrics): the values a run logs to its trial component. */
export interface SageMakerMetricsOperations {
  'SageMakerMetrics.BatchPutMetrics': [
    { TrialComponentName: string; MetricData: { MetricName: string; Timestamp: number; Step?: number; Value: number }[] },
    { Errors?: { Code: 'METRIC_LIMIT_EXCEEDED' | 'INTERNAL_ERROR' | 'VALIDATION_ERROR' | 'CONFLICT_ERROR'; MetricIndex: number }[] },
  ];
}

/** Every `X-Amz-Target` the service answers. S3 (REST) and STS (query) have routers of their own. */
export interface Operations
  extends SageMakerOperations, SluiceLocalOperations, LogsOperations, CloudWatchOperations, SageMakerMetricsOperations, SchedulerOperations {}

export type OperationName = keyof Operations;
export type Input<Name extends OperationName> = Operations[Name][0];
export type Output<Name extends OperationName> = Operations[Name][1];
/** The `SluiceLocal.` operations by their short name, as the session's extras client calls them. */
export type LocalOperationName = keyof SluiceLocalOperations extends `SluiceLocal.${infer Short}` ? Short : never;

/** A shape as a JSON client receives it: Dates arrive as epoch seconds, and there is no $metadata. */
export type Wire<T> = T extends Date
  ? number
  : T extends readonly (infer Item)[]
    ? Wire<Item>[]
    : T extends object
      ? { [K in keyof T as K extends '$metadata' ? never : K]: Wire<T[K]> }
      : T;

/** One handler per operation, answering its shape: a missing handler or a wrong response does not compile. */
export type OperationHandlers<Body, Context> = {
  readonly [Name in OperationName]: (body: Body, context: Context) => Output<Name> | Promise<Output<Name>>;
};
