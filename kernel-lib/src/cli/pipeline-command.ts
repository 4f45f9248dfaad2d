/** `sluice pipeline …`: list, describe, start, stop and retry pipelines, locally or on Amazon SageMaker. */
import {
  DescribePipelineCommand,
  ListPipelineExecutionsCommand,
  ListPipelinesCommand,
  StartPipelineExecutionCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { definitionToTypeScript } from '../definition/to-typescript.js';
import { AwsSession } from '../session/aws-session.js';
import { PipelineExecution } from '../session/execution.js';
import { requestPlan } from '../session/plan.js';
import { Session } from '../session/session.js';
import { parseOptions, UsageError } from './options.js';

export const pipelineUsage = `Usage: sluice pipeline <command> [--target local|aws] [options]

  list                                  the pipelines, newest first
  describe NAME                         the pipeline as JSON (its definition included)
  executions NAME                       its executions, newest first: ARN, status, start time
  start NAME [--parameter NAME=VALUE]…  start an execution; prints its ARN
  plan NAME [--parameter NAME=VALUE]…   what a start would do, a line a step: a cache hit (from which
                                        execution) or a run and why (local only)
  stop EXECUTION_ARN                    stop an execution
  retry EXECUTION_ARN                   run a failed execution again from its failure
  export-ts FILE.pipeline.json|NAME     the definition (a file, or the pipeline's latest) as a TypeScript module
                                        using the sluice SDK, on stdout

Targets:
  --target local    this machine's service (default); --home DIR picks its SLUICE_HOME
  --target aws      Amazon SageMaker: --region R (else $AWS_REGION), --profile P (else the standard
                    AWS credential chain), --endpoint URL (a SageMaker-compatible endpoint)`;

type Writer = (text: string) => void;

export async function runPipelineCommand(args: readonly string[], out: Writer, err: Writer): Promise<number> {
  let session: Session;
  let words: string[];
  let parameters: { Name: string; Value: string }[];
  try {
    const { rest, pairs } = takeParameters(args);
    const options = parseOptions(rest, ['target', 'region', 'profile', 'endpoint', 'home']);
    if (options.flags.has('help') || options.words[0] === 'help') {
      out(pipelineUsage);
      return 0;
    }
    if (options.words.length === 0) return usageError('name a pipeline command', err);
    session = sessionFor(options.values);
    words = options.words;
    parameters = pairs;
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.message, err);
    throw error;
  }
  const [command, name] = words;
  if (command !== 'list' && name === undefined)
    return usageError(`${command} needs a ${command === 'stop' || command === 'retry' ? 'execution ARN' : 'pipeline name'}`, err);
  try {
    // A file needs no service.
    if (command === 'export-ts' && existsSync(name!)) {
      out(definitionToTypeScript(readFileSync(name!, 'utf8'), { pipelineName: basename(name!).replace(/(\.pipeline)?\.json$/, '') }));
      return 0;
    }
    const client = await session.client();
    switch (command) {
      case 'list':
        return list(client, out);
      case 'export-ts':
        out(await exportToTypeScript(client, name!));
        return 0;
      case 'describe':
        out(JSON.stringify(withoutMetadata(await client.send(new DescribePipelineCommand({ PipelineName: name }))), null, 2));
        return 0;
      case 'executions':
        return executions(client, name!, out);
      case 'start': {
        const started = await client.send(
          new StartPipelineExecutionCommand({ PipelineName: name, PipelineParameters: parameters, ClientRequestToken: randomUUID() }),
        );
        out(started.PipelineExecutionArn ?? '');
        return 0;
      }
      case 'plan':
        out(String(await requestPlan(session, name!, parameters)));
        return 0;
      case 'stop':
        await new PipelineExecution(name!, session).stop();
        out(`stopping ${name}`);
        return 0;
      case 'retry':
        await new PipelineExecution(name!, session).retry();
        out(`retrying ${name}`);
        return 0;
      default:
        return usageError(`unknown pipeline command "${command}"`, err);
    }
  } catch (error) {
    // The service's or AWS's own message: "ValidationException: …", never a stack.
    const failure = error instanceof Error ? error : new Error(String(error));
    err(`sluice pipeline ${command}: ${failure.name === 'Error' ? '' : `${failure.name}: `}${failure.message}`);
    return 1;
  }
}

/** `--parameter NAME=VALUE` may repeat, which the shared option parser does not keep; take them out first. */
function takeParameters(args: readonly string[]): { rest: string[]; pairs: { Name: string; Value: string }[] } {
  const rest: string[] = [];
  const pairs: { Name: string; Value: string }[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg !== '--parameter' && !arg.startsWith('--parameter=')) {
      rest.push(arg);
      continue;
    }
    const pair = arg.startsWith('--parameter=') ? arg.slice('--parameter='.length) : args[(index += 1)];
    const at = pair?.indexOf('=') ?? -1;
    if (pair === undefined || at < 1) throw new UsageError(`--parameter needs NAME=VALUE, not "${pair ?? ''}"`);
    pairs.push({ Name: pair.slice(0, at), Value: pair.slice(at + 1) });
  }
  return { rest, pairs };
}

function sessionFor(values: Map<string, string>): Session {
  const target = values.get('target') ?? 'local';
  if (target === 'local') return Session.local({ home: values.get('home') });
  if (target !== 'aws') throw new UsageError(`--target must be local or aws, not "${target}"`);
  const region = values.get('region') ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'];
  if (region === undefined) throw new UsageError('--target aws needs --region (or AWS_REGION)');
  // These commands neither create pipelines nor upload code, so no execution role or bucket is involved.
  return new AwsSession({
    region,
    roleArn: 'not-used-by-the-cli',
    defaultBucket: 'not-used-by-the-cli',
    profile: values.get('profile'),
    endpoint: values.get('endpoint'),
  });
}

async function list(client: SageMakerClient, out: Writer): Promise<number> {
  let token: string | undefined;
  do {
    const page = await client.send(new ListPipelinesCommand({ NextToken: token, SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100 }));
    for (const summary of page.PipelineSummaries ?? []) out(`${summary.PipelineName}\t${summary.PipelineArn}`);
    token = page.NextToken;
  } while (token);
  return 0;
}

async function executions(client: SageMakerClient, pipelineName: string, out: Writer): Promise<number> {
  let token: string | undefined;
  do {
    const page = await client.send(new ListPipelineExecutionsCommand({ PipelineName: pipelineName, NextToken: token, SortOrder: 'Descending' }));
    for (const summary of page.PipelineExecutionSummaries ?? []) {
      out(`${summary.PipelineExecutionArn}\t${summary.PipelineExecutionStatus}\t${summary.StartTime?.toISOString() ?? ''}`);
    }
    token = page.NextToken;
  } while (token);
  return 0;
}

/** The pipeline of that name (its latest definition) as a TypeScript module. */
async function exportToTypeScript(client: SageMakerClient, name: string): Promise<string> {
  const described = await client.send(new DescribePipelineCommand({ PipelineName: name }));
  if (described.PipelineDefinition === undefined) throw new Error(`pipeline ${name} has no definition`);
  return definitionToTypeScript(described.PipelineDefinition, { pipelineName: described.PipelineName ?? name });
}

function withoutMetadata<T extends { $metadata?: unknown }>(output: T): Omit<T, '$metadata'> {
  const { $metadata: _metadata, ...rest } = output;
  return rest;
}

function usageError(message: string, err: Writer): number {
  err(`sluice pipeline: ${message}\n\n${pipelineUsage}`);
  return 2;
}
