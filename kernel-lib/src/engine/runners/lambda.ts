/**
 * Lambda: the function's local handler (a JavaScript module exporting `handler(event)`, declared for its
 * ARN) runs in its own Node.js process with the resolved inputs as the event; what it returns becomes
 * the step's OutputParameters.
 */
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Json, StepDefinition } from '../definition.js';
import type { JobGrant, Runtimes } from '../jobs/host-process.js';
import { runtimeRoots, sandboxedCommand } from '../jobs/sandbox.js';
import { asRecord, outputParameters } from './step-outputs.js';
import { StepFailure, type StepResult, type StepRunContext, type StepRunner } from './types.js';

// Lambda's own limit; the step fails when it is reached.
const timeoutMs = 15 * 60 * 1000;

const invoker = `
const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', async () => {
  const module = await import(process.env.SLUICE_LAMBDA_HANDLER);
  const handler = module.handler ?? module.default?.handler ?? module.default;
  if (typeof handler !== 'function') throw new Error('the module exports no handler function');
  const result = await handler(JSON.parse(Buffer.concat(chunks).toString() || '{}'), { functionName: process.env.SLUICE_LAMBDA_NAME });
  process.stdout.write('\\n' + JSON.stringify(result ?? {}));
});
`;

interface Invocation {
  readonly handlerFile: string;
  readonly functionName: string;
  readonly jobsDir: string;
  readonly runtimes: Runtimes;
}

function invoke(
  { handlerFile, functionName, jobsDir, runtimes }: Invocation,
  event: Json,
  signal: AbortSignal,
  access: JobGrant | undefined,
): Promise<{ result: Json; log: string }> {
  // Sandboxed as a job is: the handler's own folder read-only, nothing else of the service's home.
  const { argv } = sandboxedCommand([process.execPath, '--input-type=module', '-e', invoker], {
    hide: [jobsDir, ...(runtimes.sandbox?.hide ?? [])],
    readOnly: [dirname(handlerFile), ...runtimeRoots(process.execPath), ...(runtimes.sandbox?.readOnly ?? [])],
    network: true,
  });
  return new Promise((resolve, reject) => {
    // A function's environment, as Lambda gives one: its own credentials, nothing of the service's.
    const [command = process.execPath, ...args] = argv;
    const child = spawn(command, args, {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        LANG: 'C.UTF-8',
        ...access?.env,
        SLUICE_LAMBDA_HANDLER: pathToFileURL(handlerFile).href,
        SLUICE_LAMBDA_NAME: functionName,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    timer.unref();
    // As on SageMaker, a Stop waits for a running Lambda to finish; the signal is not used to kill it.
    void signal;
    child.once('error', (error) => reject(new StepFailure(`could not run the handler: ${error.message}`)));
    child.once('close', (code) => {
      clearTimeout(timer);
      const lastLine = stdout.slice(stdout.lastIndexOf('\n') + 1);
      if (code !== 0) return reject(new StepFailure(`the Lambda handler failed: ${stderr.trim().split('\n').slice(-3).join(' ') || `exit code ${code}`}`));
      try {
        resolve({ result: JSON.parse(lastLine) as Json, log: stdout.slice(0, stdout.lastIndexOf('\n')) });
      } catch {
        reject(new StepFailure('the Lambda handler returned something that is not JSON'));
      }
    });
    child.stdin.end(JSON.stringify(event));
  });
}

export const lambdaRunner: StepRunner = {
  async run(step: StepDefinition, resolved: Json, context: StepRunContext): Promise<StepResult> {
    const functionArn = typeof step.FunctionArn === 'string' ? step.FunctionArn : '';
    const handler = context.integrations.lambdaHandler(functionArn);
    if (handler === undefined) throw new StepFailure(`no local handler is declared for Lambda function ${functionArn}`);
    const functionName = functionArn.split(':').pop() ?? functionArn;
    const access = context.runtimes.access?.grant(`lambda-${functionName}-${context.executionId}`);
    const invocation = { handlerFile: handler, functionName, jobsDir: context.jobsDir, runtimes: context.runtimes };
    const { result } = await invoke(invocation, resolved, context.signal, access).finally(() => access?.revoke());
    const outputs = outputParameters(step, asRecord(result));
    return {
      properties: { OutputParameters: outputs },
      metadata: { Lambda: { Arn: functionArn, OutputParameters: outputs.map((o) => ({ Name: o.Name, Value: String(o.Value) })) } },
    };
  },
};
