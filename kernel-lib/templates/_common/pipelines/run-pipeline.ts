// run-pipeline: build the pipeline, upsert it with the project's tags, start it, wait, list its steps (the seed's
// run_pipeline.py; what the post-commit hook runs). Exit 0 when the execution succeeds, 1 otherwise, 2 on bad usage.
import { ExecutionFailedError, Session } from 'sluice';
import { convertStruct, getPipelineDriver, parseFlags, projectTags, readProjectSettings, UsageError } from './_utils';

const usage = `Usage: run-pipeline --module-name MODULE [--kwargs JSON] [--parameters JSON] [--role-arn ARN] [--description TEXT] [--tags JSON]
  -n, --module-name   the module that exports getPipeline: pipelines/<name>/pipeline.ts is pipelines.<name>.pipeline
  --kwargs            getPipeline's options as a JSON object, e.g. '{"pipelineName": "Experiment"}'
  --parameters        parameter overrides for this execution, a JSON object of parameter names and values
  --tags              extra tags, a JSON list of {"Key", "Value"}`;

async function main(args: readonly string[]): Promise<number> {
  let flags: Record<string, string>;
  try {
    flags = parseFlags(args, { '-n': 'module', '--module-name': 'module', '--kwargs': 'kwargs', '--parameters': 'parameters', '--role-arn': 'role', '--description': 'description', '--tags': 'tags' });
    if (flags.module === undefined) throw new UsageError('--module-name is required');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`run-pipeline: ${error.message}\n\n${usage}`);
    return 2;
  }
  const session = Session.default;
  const kwargs = convertStruct<Record<string, unknown>>(flags.kwargs, {});
  if (flags.role !== undefined) kwargs.roleArn = flags.role;
  const pipeline = await getPipelineDriver(flags.module, kwargs, session);
  console.log('###### Creating/updating a SageMaker Pipeline with the following definition:');
  console.log(JSON.stringify(pipeline.definitionJson(), null, 2));
  const extraTags = convertStruct<{ Key: string; Value: string }[]>(flags.tags, []);
  const tags = { ...Object.fromEntries(extraTags.map((tag) => [tag.Key, tag.Value])), ...projectTags(readProjectSettings()) };
  const upserted = await pipeline.upsert({ session, description: flags.description, tags, roleArn: flags.role });
  console.log(`###### Created/Updated SageMaker Pipeline: ${upserted.pipelineArn}`);
  const execution = await pipeline.start({ session, parameters: convertStruct<Record<string, string | number | boolean>>(flags.parameters, {}) });
  console.log(`###### Execution started with PipelineExecutionArn: ${execution.arn}`);
  console.log('Waiting for the execution to finish...');
  try {
    await execution.wait({ onProgress: () => undefined });
    return 0;
  } catch (error) {
    if (!(error instanceof ExecutionFailedError)) throw error;
    console.error(error.message);
    return 1;
  } finally {
    console.log('###### Execution steps:');
    for (const step of await execution.listSteps()) console.log(`${step.StepName}\t${step.StepStatus}${step.FailureReason ? `\t${step.FailureReason}` : ''}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Exception: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    process.exit(1);
  },
);
