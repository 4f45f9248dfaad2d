// boto3 in a child process, one request a line, each raw response checked against botocore's model (conformance.py).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot, testVenvPython } from '../../scripts/lib/paths.mjs';
import type { RunningService } from '../../kernel-lib/src/service/server.js';

export interface CallResult {
  operation: string;
  /** The AWS error code, or null when the call succeeded. */
  error: string | null;
  message?: string;
  /** What the model says is wrong with the raw response (empty when it conforms). */
  violations: string[];
  /** boto3's parsed response (timestamps as strings). */
  response?: Record<string, unknown>;
}

export interface Boto3Driver {
  call(operation: string, params?: Record<string, unknown>, service?: string): Promise<CallResult>;
  /** Every result so far, in call order. */
  readonly results: CallResult[];
  close(): Promise<void>;
}

export function startBoto3Driver(service: RunningService): Boto3Driver {
  const script = join(repoRoot, 'test', 'conformance', 'conformance.py');
  const { accessKeyId, secretAccessKey, region } = service.credentials;
  const child: ChildProcessWithoutNullStreams = spawn(testVenvPython, [script, service.endpoint, accessKeyId, secretAccessKey, region], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.(line));
  const results: CallResult[] = [];
  // One request at a time: the script answers in order.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    results,
    call(operation, params = {}, serviceName = 'sagemaker') {
      const next = queue.then(
        () =>
          new Promise<CallResult>((resolve, reject) => {
            if (child.exitCode !== null) return reject(new Error(`conformance.py ended:\n${stderr}`));
            waiting.push((line) => {
              const result = JSON.parse(line) as CallResult;
              results.push(result);
              resolve(result);
            });
            child.stdin.write(`${JSON.stringify({ service: serviceName, operation, params })}\n`);
          }),
      );
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      child.stdin.end();
      await new Promise((resolve) => child.once('close', resolve));
    },
  };
}
