/** Steps that run inside the service, without a job: Condition, Fail, Model (CreateModel), RegisterModel. */
import type { Json, JsonObject, StepDefinition } from '../definition.js';
import { explainConditions, type ConditionEvaluation } from '../conditions.js';
import { jobName, resourceArn } from './job-names.js';
import { StepFailure, type StepResult, type StepRunContext, type StepRunner } from './types.js';
import { objectAt, optionalObject } from './values.js';

export const conditionRunner: StepRunner = {
  async run(step: StepDefinition, _resolved: Json, context: StepRunContext): Promise<StepResult> {
    // Conditions are evaluated here, not resolved beforehand: the branches hold steps that have not run.
    let explained: { outcome: boolean; evaluations: ConditionEvaluation[] };
    try {
      explained = explainConditions(optionalObject(step.Arguments as Json).Conditions, context.scope);
    } catch (error) {
      throw new StepFailure(`the conditions could not be evaluated: ${error instanceof Error ? error.message : error}`);
    }
    const text = explained.outcome ? 'True' : 'False';
    // SageMaker keeps only the outcome; the evaluated operands are ours, read with SluiceLocal.DescribeConditionStep.
    return {
      properties: { Outcome: text },
      metadata: { Condition: { Outcome: text } },
      outcome: explained.outcome,
      conditionEvaluations: explained.evaluations,
    };
  },
};

export const failRunner: StepRunner = {
  async run(_step: StepDefinition, resolved: Json): Promise<StepResult> {
    const message = optionalObject(resolved).ErrorMessage;
    const text = typeof message === 'string' ? message : message === undefined || message === null ? '' : JSON.stringify(message);
    throw new StepFailure(text, 'NotRetryable', { Fail: { ErrorMessage: text } });
  },
};

export const modelRunner: StepRunner = {
  async run(_step: StepDefinition, resolved: Json, context: StepRunContext): Promise<StepResult> {
    const args = objectAt(resolved, 'Arguments');
    if (args.PrimaryContainer === undefined && args.Containers === undefined) throw new StepFailure('a Model step needs PrimaryContainer or Containers');
    const name = jobName(context);
    const arn = resourceArn(context, 'model', name);
    const document = { ...args, ModelName: name, ModelArn: arn, CreationTime: Date.now() / 1000 };
    context.recorder.saveModel(name, document);
    return { properties: document, metadata: { Model: { Arn: arn } } };
  },
};

export const registerModelRunner: StepRunner = {
  async run(_step: StepDefinition, resolved: Json, context: StepRunContext): Promise<StepResult> {
    // SageMaker records the execution that registered a version as its lineage (MetadataProperties.GeneratedBy).
    const given = objectAt(resolved, 'Arguments');
    const request: JsonObject = { ...given, MetadataProperties: { GeneratedBy: context.executionArn, ...optionalObject(given.MetadataProperties) } };
    let registered: { arn: string; version: number; groupName: string };
    try {
      registered = context.registry.registerModelPackage(request);
    } catch (error) {
      throw new StepFailure(`the model version could not be registered: ${error instanceof Error ? error.message : error}`);
    }
    const properties = {
      ModelPackageArn: registered.arn,
      ModelPackageName: registered.groupName,
      ModelPackageGroupName: registered.groupName,
      ModelPackageVersion: registered.version,
      ModelApprovalStatus: request.ModelApprovalStatus ?? 'PendingManualApproval',
      ModelPackageStatus: 'Completed',
    };
    return { properties, metadata: { RegisterModel: { Arn: registered.arn } } };
  },
};
