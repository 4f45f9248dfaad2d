/**
 * Every operation the panel calls, with its request and response shapes. SageMaker's come from
 * @aws-sdk/client-sagemaker as types only (nothing of the SDK is bundled); the service's own `SluiceLocal.*`
 * ones are declared here. Responses are as they travel: timestamps are epoch seconds, not Dates.
 */
import type {
  DescribeModelPackageCommandInput,
  DescribeModelPackageCommandOutput,
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
  'SageMaker.ListProcessingJobs': [ListProcessingJobsCommandInput, ListProcessingJobsCommandOutput];
  'SageMaker.ListTrainingJobs': [ListTrainingJobsCommandInput, ListTrainingJobsCommandOutput];
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
export type ExecutionStep = NonNullable<OutputOf<'SageMaker.ListPipelineExecutionSteps'>['PipelineExecutionSteps']>[number];
export type ExecutionDescription = OutputOf<'SageMaker.DescribePipelineExecution'>;
export type PipelineDescription = OutputOf<'SageMaker.DescribePipeline'>;
export type ModelPackageGroupSummary = NonNullable<OutputOf<'SageMaker.ListModelPackageGroups'>['ModelPackageGroupSummaryList']>[number];
export type ModelPackageSummary = NonNullable<OutputOf<'SageMaker.ListModelPackages'>['ModelPackageSummaryList']>[number];
export type ModelPackageDescription = OutputOf<'SageMaker.DescribeModelPackage'>;
export type ParameterValue = { Name: string; Value: string };
