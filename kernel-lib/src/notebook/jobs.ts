/** The job behind a pipeline step, found from the step's metadata as SageMaker records it. */
import { DescribeTrainingJobCommand, type PipelineExecutionStep } from '@aws-sdk/client-sagemaker';
import { programStartNote } from '../engine/jobs/job-log.js';
import { jobOf } from '../definition/index.js';
import type { PipelineExecution } from '../session/execution.js';
import { LocalSession } from '../session/session.js';

export { jobOf, type JobKind, type StepJob } from '../definition/index.js';

/** The step by name; a ModelStep's name also finds its `<name>-RegisterModel` / `<name>-CreateModel` step. */
export async function findStep(execution: PipelineExecution, stepName: string): Promise<PipelineExecutionStep> {
  const steps = await execution.listSteps();
  // The newest record of the step: after a retry the step is listed again.
  const matches = steps.filter((step) => step.StepName === stepName || step.StepName?.startsWith(`${stepName}-`));
  const step = matches.at(-1);
  if (step === undefined) {
    const names = [...new Set(steps.map((candidate) => candidate.StepName))].join(', ');
    throw new Error(`No step "${stepName}" in this execution (yet). Its steps: ${names || 'none has started'}`);
  }
  return step;
}

/**
 * What the jobs of running steps are busy with before their program runs (an image's environment being
 * prepared, which the first time takes a while): step name → a short note. Locally the job's own log says
 * it; on SageMaker a training job's last SecondaryStatusTransition does ("Downloading the training image").
 */
export async function runningJobMessages(execution: PipelineExecution, steps: readonly PipelineExecutionStep[]): Promise<Map<string, string>> {
  const messages = new Map<string, string>();
  const running = steps.flatMap((step) => {
    const job = step.StepStatus === 'Executing' ? jobOf(step) : undefined;
    return job === undefined ? [] : [{ name: step.StepName ?? '', job }];
  });
  if (running.length === 0) return messages;
  const session = execution.session;
  if (session instanceof LocalSession) {
    const extras = await session.extras();
    await Promise.all(
      running.map(async ({ name, job }) => {
        const notes = (await extras.jobLog(job.name).catch(() => ({ lines: [] }))).lines.filter((line) => line.Stream === 'sluice');
        if (notes.length > 0 && !notes.some((line) => line.Text.startsWith(programStartNote))) messages.set(name, notes.at(-1)!.Text);
      }),
    );
    return messages;
  }
  const client = await session.client();
  await Promise.all(
    running.map(async ({ name, job }) => {
      if (job.kind !== 'TrainingJob') return;
      const described = await client.send(new DescribeTrainingJobCommand({ TrainingJobName: job.name }));
      const message = described.SecondaryStatus === 'Starting' ? described.SecondaryStatusTransitions?.at(-1)?.StatusMessage : undefined;
      if (message !== undefined) messages.set(name, message);
    }),
  );
  return messages;
}
