// get-pipeline-definition: print the pipeline's definition JSON, or write it to a file (the seed's
// get_pipeline_definition.py). Nothing is sent to any service.
import { writeFileSync } from 'node:fs';
import { convertStruct, getPipelineDriver, parseFlags, UsageError } from './_utils';

const usage = `Usage: get-pipeline-definition --module-name MODULE [--file-name FILE] [--kwargs JSON]`;

async function main(args: readonly string[]): Promise<number> {
  let flags: Record<string, string>;
  try {
    flags = parseFlags(args, { '-n': 'module', '--module-name': 'module', '-f': 'file', '--file-name': 'file', '--kwargs': 'kwargs' });
    if (flags.module === undefined) throw new UsageError('--module-name is required');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`get-pipeline-definition: ${error.message}\n\n${usage}`);
    return 2;
  }
  const pipeline = await getPipelineDriver(flags.module, convertStruct<Record<string, unknown>>(flags.kwargs, {}));
  const text = JSON.stringify(pipeline.definitionJson(), null, 2);
  if (flags.file === undefined) console.log(text);
  else writeFileSync(flags.file, `${text}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Exception: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
