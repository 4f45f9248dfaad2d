// A real moto server (the SageMaker/S3 emulator) on 127.0.0.1 and a free port, one per test file.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { BuildMiddleware } from '@smithy/types';
import { Session, type AwsSession } from '../../kernel-lib/src/index.js';
import { testVenvPython } from '../../scripts/lib/paths.mjs';

// Nothing in these tests may reach AWS: no instance metadata lookups, dummy keys, explicit endpoints.
process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

// The server stops when its stdin closes, so a crashed jest leaves no orphan behind.
const serverScript = `
import sys
from moto.server import ThreadedMotoServer
server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
host, port = server.get_host_and_port()
print(f"READY http://{host}:{port}", flush=True)
sys.stdin.read()
server.stop()
`;

export interface MotoServer {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export const dummyCredentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

export async function startMoto(): Promise<MotoServer> {
  const child: ChildProcessWithoutNullStreams = spawn(testVenvPython, ['-c', serverScript], { stdio: ['pipe', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const endpoint = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`moto did not start in 30 s:\n${errors}`));
    }, 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /READY (\S+)/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`moto exited with ${code}:\n${errors}`));
    });
  });
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.stdin.end();
      }),
  };
}

/**
 * An AWS session pointed at moto, in its own moto account (the x-moto-account-id header), with every
 * request it sends recorded as "<Service>.<Operation>" (e.g. "S3.PutObject").
 */
export async function motoSession(
  moto: MotoServer,
  account: string,
  options: { defaultBucket?: string; maxAttempts?: number } = {},
): Promise<{ session: AwsSession; sent: string[] }> {
  const session = Session.aws({
    region: 'us-east-1',
    roleArn: `arn:aws:iam::${account}:role/SageMakerExecution`,
    endpoint: moto.endpoint,
    credentials: dummyCredentials,
    ...options,
  });
  const sent: string[] = [];
  const tagAccount = { step: 'build', name: 'motoAccount' } as const;
  (await session.client()).middlewareStack.add(recording('SageMaker', account, sent), tagAccount);
  session.s3().middlewareStack.add(recording('S3', account, sent), tagAccount);
  (await session.scheduler()).middlewareStack.add(recording('Scheduler', account, sent), tagAccount);
  return { session, sent };
}

/**
 * Sends a client's requests to one moto account and records each call as "<Service>.<Operation>"; added at the build
 * step, before the retry middleware, so a call counts once however often it is attempted.
 */
function recording<Input extends object, Output extends object>(service: string, account: string, sent: string[]): BuildMiddleware<Input, Output> {
  return (next, context) => (args) => {
    sent.push(`${service}.${(context.commandName ?? '').replace(/Command$/, '')}`);
    (args.request as { headers: Record<string, string> }).headers['x-moto-account-id'] = account;
    return next(args);
  };
}
