/** SageMaker's execution variables (`{"Get": "Execution.<name>"}`): the SDK's ExecutionVariables and the TypeScript export name them from here. */
export const ExecutionVariableNames = [
  'PipelineExecutionId',
  'PipelineExecutionArn',
  'PipelineName',
  'PipelineArn',
  'StartDateTime',
  'CurrentDateTime',
  'TrainingJobName',
  'ProcessingJobName',
] as const;
/** The name of one of SageMaker's execution variables (`Execution.<name>`). */
export type ExecutionVariableName = (typeof ExecutionVariableNames)[number];
