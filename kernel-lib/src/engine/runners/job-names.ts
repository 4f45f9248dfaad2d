/** Job names and ARNs the way SageMaker gives them to pipeline jobs (`pipelines-<execution id>-<step>-<random>`), or as a request named them. */
import { randomBytes } from 'node:crypto';
import type { StepRunContext } from './types.js';

export function jobName(context: StepRunContext): string {
  if (context.jobName !== undefined) return context.jobName;
  const suffix = randomBytes(5).toString('hex');
  const step = context.stepName.replace(/[^A-Za-z0-9-]/g, '-');
  return `pipelines-${context.executionId}-${step}`.slice(0, 52) + `-${suffix}`;
}

export function resourceArn(context: StepRunContext, kind: string, name: string): string {
  return `arn:aws:sagemaker:${context.region}:${context.account}:${kind}/${name.toLowerCase()}`;
}
