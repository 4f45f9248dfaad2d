/**
 * Every operation the panel can call, with its request and response shapes as they travel. The shapes are
 * the service's own protocol (`sluice/protocol`: SageMaker's from @aws-sdk/client-sagemaker, the service's
 * `SluiceLocal.*` declared there once), imported as types only, so nothing of Node or the SDK is bundled.
 */
import type * as Protocol from 'sluice/protocol';
import type { Wire } from 'sluice/protocol';

export type { Wire } from 'sluice/protocol';

export type Operations = Protocol.Operations;
export type OperationName = Protocol.OperationName;
/** Inputs as the service reads them: the SDK's shape, with Dates as epoch seconds. */
export type InputOf<Name extends OperationName> = Wire<Protocol.Input<Name>>;
/** Outputs as JSON brings them: Dates are epoch seconds. */
export type OutputOf<Name extends OperationName> = Wire<Protocol.Output<Name>>;

/** The one thing models need from the network, so they can be tested with a fake. */
export interface ServiceClient {
  call<Name extends OperationName>(operation: Name, input: InputOf<Name>): Promise<OutputOf<Name>>;
}

export type JobLogLine = Wire<Protocol.JobLogLine>;
export type LocalProjectDetails = Wire<Protocol.LocalProjectDetails>;
export type ProjectTemplate = Wire<Protocol.ProjectTemplate>;
/** One entry of a model version's activity; Time in epoch seconds. */
export type ModelPackageEvent = Wire<Protocol.ModelPackageEvent>;
export type EvaluatedCondition = Wire<Protocol.EvaluatedCondition>;
export type ConditionStepEvaluation = Wire<Protocol.ConditionStepEvaluation>;

export type PipelineSummary = NonNullable<OutputOf<'SageMaker.ListPipelines'>['PipelineSummaries']>[number];
export type ExecutionSummary = NonNullable<OutputOf<'SageMaker.ListPipelineExecutions'>['PipelineExecutionSummaries']>[number];
/** An execution as the panel's table lists it: with its parameter values and end. */
export type ExecutionListItem = OutputOf<'SluiceLocal.ListPipelineExecutions'>['PipelineExecutionSummaries'][number];
export type ExecutionStep = NonNullable<OutputOf<'SageMaker.ListPipelineExecutionSteps'>['PipelineExecutionSteps']>[number];
export type ExecutionDescription = OutputOf<'SageMaker.DescribePipelineExecution'>;
export type PipelineDescription = OutputOf<'SageMaker.DescribePipeline'>;
export type ModelPackageGroupSummary = NonNullable<OutputOf<'SageMaker.ListModelPackageGroups'>['ModelPackageGroupSummaryList']>[number];
export type ModelPackageSummary = NonNullable<OutputOf<'SageMaker.ListModelPackages'>['ModelPackageSummaryList']>[number];
export type ModelPackageDescription = OutputOf<'SageMaker.DescribeModelPackage'>;
export type ProjectSummary = NonNullable<OutputOf<'SageMaker.ListProjects'>['ProjectSummaryList']>[number];
export type ProjectDescription = OutputOf<'SluiceLocal.DescribeProject'>;
export type ParameterValue = { Name: string; Value: string };
