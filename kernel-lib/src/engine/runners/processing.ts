/** Processing: download inputs to their container paths, run the entrypoint, upload outputs. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Json, JsonObject, StepDefinition } from '../definition.js';
import { JobLog } from '../jobs/job-log.js';
import { runHostJob } from '../jobs/host-process.js';
import { CONTAINER_HOST, hostPathOf, jobFolder } from './container-paths.js';
import { jobName, resourceArn } from './job-names.js';
import { StepFailure, type StepResult, type StepRunContext, type StepRunner } from './types.js';
import { environmentOf, listAt, objectAt, optionalObject, stringAt, stringsAt } from './values.js';
import { failureOf, sandboxMetadata, stoppedBy } from './outcomes.js';
import { jobLimits } from './job-limits.js';
import { frameworkProcessorRuntime, isFrameworkProcessorJob } from './framework-processor.js';
import { jobRuntimeOf } from './job-runtime.js';
import { instanceResourcesOf, presentMembers, stoppingConditionOf } from './job-documents.js';

/** When the input's URI came from a parameter, says which one to set to another copy. */
function parameterHint(rawInput: JsonObject | undefined): string {
  const uri = optionalObject(optionalObject(rawInput?.S3Input).S3Uri);
  const match = typeof uri.Get === 'string' ? /^Parameters\.(.+)$/.exec(uri.Get) : null;
  return match
    ? `. It comes from parameter ${match[1]}: start the execution with ${match[1]} set to a copy you can reach (an s3:// object in the artifact store or a file:// path)`
    : '';
}

export const processingRunner: StepRunner = {
  async run(step: StepDefinition, resolved: Json, context: StepRunContext): Promise<StepResult> {
    const args = objectAt(resolved, 'Arguments');
    const app = objectAt(args.AppSpecification, 'AppSpecification');
    const entrypoint = stringsAt(app.ContainerEntrypoint, 'AppSpecification.ContainerEntrypoint');
    if (entrypoint.length === 0) {
      throw new StepFailure(`image ${String(app.ImageUri)} has no program on this machine: give AppSpecification.ContainerEntrypoint (or code: in the step)`);
    }
    const name = jobName(context);
    const arn = resourceArn(context, 'processing-job', name);
    const folder = jobFolder(context.jobsDir, name);
    const log = new JobLog(folder.logFile);
    const startedAt = Date.now() / 1000;

    const inputs = listAt(args.ProcessingInputs).map((item) => optionalObject(item));
    const rawInputs = listAt(optionalObject(step.Arguments as Json).ProcessingInputs).map((item) => optionalObject(item));
    for (const [index, input] of inputs.entries()) {
      const s3 = objectAt(input.S3Input, `ProcessingInputs[${String(input.InputName)}].S3Input`);
      const target = hostPathOf(folder, stringAt(s3.LocalPath, 'S3Input.LocalPath'), `input "${String(input.InputName)}" LocalPath`);
      try {
        await context.artifacts.prepare(stringAt(s3.S3Uri, 'S3Input.S3Uri'));
        context.artifacts.download(stringAt(s3.S3Uri, 'S3Input.S3Uri'), target);
      } catch (error) {
        throw new StepFailure(
          `input "${String(input.InputName)}": ${error instanceof Error ? error.message : error}${parameterHint(rawInputs[index])}`,
          'Step.SERVICE_FAULT',
        );
      }
    }
    const outputs = listAt(optionalObject(args.ProcessingOutputConfig).Outputs).map((item) => optionalObject(item));
    const outputFolders = outputs.map((output) => {
      const s3 = objectAt(output.S3Output, `output "${String(output.OutputName)}" S3Output`);
      const path = hostPathOf(folder, stringAt(s3.LocalPath, 'S3Output.LocalPath'), `output "${String(output.OutputName)}" LocalPath`);
      mkdirSync(path, { recursive: true });
      return { path, uri: stringAt(s3.S3Uri, 'S3Output.S3Uri') };
    });

    // Every document of the job, running or ended, echoes its request: log followers read ProcessingResources at once.
    const requested = presentMembers({
      ProcessingInputs: inputs,
      ProcessingOutputConfig: outputs.length === 0 ? undefined : optionalObject(args.ProcessingOutputConfig),
      ProcessingResources: { ClusterConfig: instanceResourcesOf(optionalObject(args.ProcessingResources).ClusterConfig) },
      StoppingCondition: stoppingConditionOf(args.StoppingCondition),
      AppSpecification: app,
      Environment: optionalObject(args.Environment),
      NetworkConfig: optionalObject(args.NetworkConfig),
      RoleArn: args.RoleArn,
      // The run the job belongs to, which the Python SDK's load_run() inside the job reads back.
      ExperimentConfig: args.ExperimentConfig === undefined ? undefined : optionalObject(args.ExperimentConfig),
    });
    // What SageMaker Processing gives every container in /opt/ml/config: the request and the hosts.
    const config = hostPathOf(folder, '/opt/ml/config', 'the job configuration');
    mkdirSync(config, { recursive: true });
    writeFileSync(join(config, 'processingjobconfig.json'), JSON.stringify({ ProcessingJobArn: arn, ProcessingJobName: name, ...requested }));
    writeFileSync(join(config, 'resourceconfig.json'), JSON.stringify({ current_host: CONTAINER_HOST, hosts: [CONTAINER_HOST] }));
    // The job is visible while it runs (and while its image's environment is prepared): its ARN in the step's metadata, InProgress in ListProcessingJobs.
    context.onMetadata({ ProcessingJob: { Arn: arn } });
    context.recorder.saveJob('ProcessingJob', name, {
      ProcessingJobName: name,
      ProcessingJobArn: arn,
      ProcessingJobStatus: 'InProgress',
      ...requested,
      CreationTime: startedAt,
      ProcessingStartTime: startedAt,
    });
    let runtime;
    try {
      const image = typeof app.ImageUri === 'string' ? app.ImageUri : undefined;
      runtime =
        (image !== undefined && isFrameworkProcessorJob(entrypoint) ? await frameworkProcessorRuntime(image, folder, context, log) : undefined) ??
        (await jobRuntimeOf(image, context, log, entrypoint[0]));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log.note(reason);
      context.recorder.saveJob('ProcessingJob', name, {
        ProcessingJobName: name,
        ProcessingJobArn: arn,
        ProcessingJobStatus: 'Failed',
        FailureReason: reason,
        ...requested,
        CreationTime: startedAt,
        ProcessingEndTime: Date.now() / 1000,
      });
      throw new StepFailure(reason, error instanceof StepFailure ? error.kind : 'NotRetryable', { ProcessingJob: { Arn: arn } });
    }
    const result = await runHostJob({
      jobDir: folder.ml,
      command: [...entrypoint, ...stringsAt(app.ContainerArguments, 'AppSpecification.ContainerArguments')],
      env: { ...runtime.env, ...environmentOf(args.Environment) },
      log,
      runtimes: runtime.runtimes,
      maxRuntimeSeconds: numberOr(optionalObject(args.StoppingCondition).MaxRuntimeInSeconds),
      signal: context.signal,
      stopGraceMs: context.stopGraceMs,
      onStart: context.onProcess,
      limits: jobLimits(
        optionalObject(optionalObject(args.ProcessingResources).ClusterConfig).InstanceType,
        optionalObject(optionalObject(args.ProcessingResources).ClusterConfig).VolumeSizeInGB,
        optionalObject(args.NetworkConfig).EnableNetworkIsolation,
        context.runtimes,
      ),
    });
    const document: JsonObject = {
      ProcessingJobName: name,
      ProcessingJobArn: arn,
      ...requested,
      ProcessingStartTime: startedAt,
      ProcessingEndTime: Date.now() / 1000,
      CreationTime: startedAt,
    };
    const failure = failureOf(result, log, folder.ml, stoppedBy(context, 'StopProcessingJob'));
    if (failure !== undefined) {
      context.recorder.saveJob('ProcessingJob', name, {
        ...document,
        ProcessingJobStatus: failure.status,
        FailureReason: failure.reason,
        ExitMessage: failure.reason,
      });
      throw new StepFailure(failure.reason, failure.kind, { ProcessingJob: { Arn: arn }, ...sandboxMetadata(result) });
    }
    for (const output of outputFolders) context.artifacts.upload(output.path, output.uri);
    const completed = { ...document, ProcessingJobStatus: 'Completed' };
    context.recorder.saveJob('ProcessingJob', name, completed);
    return { properties: completed, metadata: { ProcessingJob: { Arn: arn }, ...sandboxMetadata(result) } };
  },
};

function numberOr(value: Json | undefined): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
