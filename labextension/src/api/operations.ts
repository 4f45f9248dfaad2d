/**
 * Every operation the panel calls, with its request and response shapes. SageMaker's come from
 * @aws-sdk/client-sagemaker as types only (nothing of the SDK is bundled); the service's own `SluiceLocal.*`
 * ones are declared here. Responses are as they travel: timestamps are epoch seconds, not Dates.
 */
import type {
  CreateProjectCommandInput,
  DescribeProjectCommandInput,
  DescribeProjectCommandOutput,
  ListProjectsCommandInput,
  ListProjectsCommandOutput,
  DescribeModelPackageCommandInput,
  DescribeModelPackageCommandOutput,
  DescribeEndpointCommandInput,
  DescribeEndpointCommandOutput,
  DescribeEndpointConfigCommandInput,
  DescribeEndpointConfigCommandOutput,
  DescribeModelCommandInput,
  DescribeModelCommandOutput,
  ListEndpointsCommandInput,
  ListEndpointsCommandOutput,
  DescribeProcessingJobCommandInput,
  DescribeProcessingJobCommandOutput,
  DescribeTransformJobCommandInput,
  DescribeTransformJobCommandOutput,
  DescribeTrainingJobCommandInput,
  DescribeTrainingJobCommandOutput,
  DescribePipelineCommandInput,
  DescribePipelineCommandOutput,
  DescribePipelineDefinitionForExecutionCommandInput,
  DescribePipelineDefinitionForExecutionCommandOutput,
  DescribePipelineExecutionCommandInput,
  DescribePipelineExecutionCommandOutput,
  ListProcessingJobsCommandInput,
  ListProcessingJobsCommandOutput,
  ListTrainingJobsCommandInput,
  ListTrainingJobsCommandOutput,
  ListModelPackageGroupsCommandInput,
  ListModelPackageGroupsCommandOutput,
  ListModelPackagesCommandInput,
  ListModelPackagesCommandOutput,
  ListPipelineExecutionStepsCommandInput,
  ListPipelineExecutionStepsCommandOutput,
  ListPipelineExecutionsCommandInput,
  ListPipelineExecutionsCommandOutput,
  ListPipelineParametersForExecutionCommandInput,
  ListPipelineParametersForExecutionCommandOutput,
  ListPipelinesCommandInput,
  ListPipelinesCommandOutput,
  ListPipelineVersionsCommandInput,
  ListPipelineVersionsCommandOutput,
  RetryPipelineExecutionCommandInput,
  RetryPipelineExecutionCommandOutput,
  StartPipelineExecutionCommandInput,
  StartPipelineExecutionCommandOutput,
  StopPipelineExecutionCommandInput,
  StopPipelineExecutionCommandOutput,
  UpdateModelPackageCommandInput,
  UpdateModelPackageCommandOutput
} from '@aws-sdk/client-sagemaker';

/** A shape as JSON carries it: Dates become epoch seconds, and the SDK's $metadata is not on the wire. */
export type Wire<T> = T extends Date
  ? number
  : T extends (infer Item)[]
    ? Wire<Item>[]
    : T extends object
      ? { [K in keyof T as K extends '$metadata' ? never : K]: Wire<T[K]> }
      : T;

export interface JobLogLine {
  Time: string;
  Stream: 'stdout' | 'stderr' | 'sluice';
  Text: string;
}

/** What the local service adds to DescribeProject: where the seed repository is and what it names. */
export interface LocalProjectDetails {
  TemplateId: string;
  RepositoryPath: string;
  PipelineName: string;
  ModelPackageGroupName: string;
  RepositoryExists: boolean;
  /** The template's notebook and README.md in the repository, when they are there (absolute paths). */
  Notebook?: string;
  Readme?: string;
  LastCommits: { Hash: string; Date: string; Subject: string }[];
  Tags: { Key: string; Value: string }[];
}

export interface ProjectTemplate {
  TemplateId: string;
  Name: string;
  Description: string;
  RunsPipelineOnCommit: boolean;
  /** The template Create project picks first. */
  Preselected: boolean;
  /** Present when the template downloads its data: the parameter that names it and what it downloads. */
  InputData?: { Parameter: string; Downloads: string };
}

/** One entry of a model version's activity; Time in epoch seconds. */
export interface ModelPackageEvent {
  Time: number;
  Event: 'Registered' | 'ApprovalStatusChanged' | 'ApprovalCommentChanged';
  From?: string;
  To?: string;
  Comment?: string;
}

/** A condition as the local engine evaluated it (SageMaker keeps only the step's outcome). */
export interface EvaluatedCondition {
  Type: string;
  Result: boolean;
  /** `regression_metrics.mse.value 4.38 ≤ MseThreshold 6 → true` */
  Text: string;
  Operands: { Expression: string; Value: unknown }[];
  Conditions?: EvaluatedCondition[];
}

export interface ConditionStepEvaluation {
  StepName: string;
  Outcome: 'True' | 'False';
  Conditions: EvaluatedCondition[];
}

type ProjectDescriptionOutput = DescribeProjectCommandOutput & { SluiceLocal: LocalProjectDetails };

export interface Operations {
  'SageMaker.ListPipelines': [ListPipelinesCommandInput, ListPipelinesCommandOutput];
  'SageMaker.DescribePipeline': [DescribePipelineCommandInput, DescribePipelineCommandOutput];
  'SageMaker.ListPipelineVersions': [ListPipelineVersionsCommandInput, ListPipelineVersionsCommandOutput];
  'SageMaker.ListPipelineExecutions': [ListPipelineExecutionsCommandInput, ListPipelineExecutionsCommandOutput];
  'SageMaker.DescribePipelineExecution': [DescribePipelineExecutionCommandInput, DescribePipelineExecutionCommandOutput];
  'SageMaker.ListPipelineExecutionSteps': [ListPipelineExecutionStepsCommandInput, ListPipelineExecutionStepsCommandOutput];
  'SageMaker.ListPipelineParametersForExecution': [ListPipelineParametersForExecutionCommandInput, ListPipelineParametersForExecutionCommandOutput];
  'SageMaker.DescribePipelineDefinitionForExecution': [DescribePipelineDefinitionForExecutionCommandInput, DescribePipelineDefinitionForExecutionCommandOutput];
  'SageMaker.StartPipelineExecution': [StartPipelineExecutionCommandInput, StartPipelineExecutionCommandOutput];
  'SageMaker.StopPipelineExecution': [StopPipelineExecutionCommandInput, StopPipelineExecutionCommandOutput];
  'SageMaker.RetryPipelineExecution': [RetryPipelineExecutionCommandInput, RetryPipelineExecutionCommandOutput];
  'SageMaker.ListModelPackageGroups': [ListModelPackageGroupsCommandInput, ListModelPackageGroupsCommandOutput];
  'SageMaker.ListModelPackages': [ListModelPackagesCommandInput, ListModelPackagesCommandOutput];
  'SageMaker.DescribeModelPackage': [DescribeModelPackageCommandInput, DescribeModelPackageCommandOutput];
  'SageMaker.UpdateModelPackage': [UpdateModelPackageCommandInput, UpdateModelPackageCommandOutput];
  'SageMaker.DescribeTrainingJob': [DescribeTrainingJobCommandInput, DescribeTrainingJobCommandOutput];
  'SageMaker.DescribeProcessingJob': [DescribeProcessingJobCommandInput, DescribeProcessingJobCommandOutput];
  'SageMaker.DescribeTransformJob': [DescribeTransformJobCommandInput, DescribeTransformJobCommandOutput];
  'SluiceLocal.ListArtifacts': [{ S3Uri: string }, { Objects: string[] }];
  'SageMaker.ListEndpoints': [ListEndpointsCommandInput, ListEndpointsCommandOutput];
  'SageMaker.DescribeEndpoint': [DescribeEndpointCommandInput, DescribeEndpointCommandOutput];
  'SageMaker.DescribeEndpointConfig': [DescribeEndpointConfigCommandInput, DescribeEndpointConfigCommandOutput];
  'SageMaker.DescribeModel': [DescribeModelCommandInput, DescribeModelCommandOutput];
  'SageMaker.ListProcessingJobs': [ListProcessingJobsCommandInput, ListProcessingJobsCommandOutput];
  'SageMaker.ListTrainingJobs': [ListTrainingJobsCommandInput, ListTrainingJobsCommandOutput];
  'SageMaker.ListProjects': [ListProjectsCommandInput, ListProjectsCommandOutput];
  'SluiceLocal.DescribeProject': [DescribeProjectCommandInput, ProjectDescriptionOutput];
  'SluiceLocal.CreateProject': [CreateProjectCommandInput & { WorkspaceDir?: string; RunPipelineOnCommit?: boolean; InputDataSource?: string }, ProjectDescriptionOutput];
  'SluiceLocal.ListProjectTemplates': [Record<string, never>, { Templates: ProjectTemplate[] }];
  'SluiceLocal.ListModelPackageActivity': [{ ModelPackageName: string }, { ModelPackageArn: string; Events: ModelPackageEvent[] }];
  /** An artifact's bytes, base64: evaluation reports that model metrics point at. */
  'SluiceLocal.GetArtifact': [{ S3Uri: string }, { S3Uri: string; ContentLength: number; Body: string }];
  /** SageMaker's list plus filters by status and parameter value; each summary carries its values and end. */
  'SluiceLocal.ListPipelineExecutions': [
    ListPipelineExecutionsCommandInput & { StatusEquals?: string; ParameterEquals?: { Name: string; Value: string } },
    {
      PipelineExecutionSummaries?: (NonNullable<ListPipelineExecutionsCommandOutput['PipelineExecutionSummaries']>[number] & {
        EndTime?: Date;
        PipelineParameters: { Name: string; Value: string }[];
        SelectiveExecutionConfig?: NonNullable<DescribePipelineExecutionCommandOutput['SelectiveExecutionConfig']>;
      })[];
      NextToken?: string;
    }
  ];
  /** Each finished Condition step of an execution with its conditions' operands as evaluated. */
  'SluiceLocal.ListConditionEvaluations': [{ PipelineExecutionArn: string }, { ConditionSteps: ConditionStepEvaluation[] }];
  'SluiceLocal.GetJobLog': [{ JobName: string; StartFromLine?: number }, { JobName: string; Lines: JobLogLine[]; NextLine: number; JobStatus: string }];
}

export type OperationName = keyof Operations;
/** Inputs as the service reads them: the SDK's shape, with Dates as epoch seconds. */
export type InputOf<Name extends OperationName> = Wire<Operations[Name][0]>;
export type OutputOf<Name extends OperationName> = Wire<Operations[Name][1]>;

/** The one thing models need from the network, so they can be tested with a fake. */
export interface ServiceClient {
  call<Name extends OperationName>(operation: Name, input: InputOf<Name>): Promise<OutputOf<Name>>;
}

export type PipelineSummary = NonNullable<OutputOf<'SageMaker.ListPipelines'>['PipelineSummaries']>[number];
export type ExecutionSummary = NonNullable<OutputOf<'SageMaker.ListPipelineExecutions'>['PipelineExecutionSummaries']>[number];
/** An execution as the panel's table lists it: with its parameter values and end. */
export type ExecutionListItem = NonNullable<OutputOf<'SluiceLocal.ListPipelineExecutions'>['PipelineExecutionSummaries']>[number];
export type ExecutionStep = NonNullable<OutputOf<'SageMaker.ListPipelineExecutionSteps'>['PipelineExecutionSteps']>[number];
export type ExecutionDescription = OutputOf<'SageMaker.DescribePipelineExecution'>;
export type PipelineDescription = OutputOf<'SageMaker.DescribePipeline'>;
export type ModelPackageGroupSummary = NonNullable<OutputOf<'SageMaker.ListModelPackageGroups'>['ModelPackageGroupSummaryList']>[number];
export type ModelPackageSummary = NonNullable<OutputOf<'SageMaker.ListModelPackages'>['ModelPackageSummaryList']>[number];
export type ModelPackageDescription = OutputOf<'SageMaker.DescribeModelPackage'>;
export type ProjectSummary = NonNullable<OutputOf<'SageMaker.ListProjects'>['ProjectSummaryList']>[number];
export type ProjectDescription = OutputOf<'SluiceLocal.DescribeProject'>;
export type ParameterValue = { Name: string; Value: string };
