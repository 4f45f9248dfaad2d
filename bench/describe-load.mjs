// @ts-check
// Benchmark (figures, not a test): DescribePipelineExecution through the signing client (@aws-sdk/client-sagemaker)
// from another process, 8 requests in flight, against the local service; the median of 3 rounds of 4,000. Then the
// same 8 in flight split over two client processes (as two notebooks watching would), which shows whether one client
// process or the whole machine is the limit, and the one client's ceiling against a server that answers at once.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CreatePipelineCommand, DescribePipelineExecutionCommand, SageMakerClient, StartPipelineExecutionCommand } from '@aws-sdk/client-sagemaker';
import { Pipeline, ProcessingStep } from 'sluice';
import { startService } from '../kernel-lib/dist/service/server.js';
import { runClientProcess } from './lib/client-process.mjs';
import { median } from './lib/stats.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const role = 'arn:aws:iam::000000000000:role/Bench';
const home = mkdtempSync(join(tmpdir(), 'sluice-bench-describe-'));
const service = await startService({ home, port: 0, log: () => undefined });
const client = new SageMakerClient({ endpoint: service.endpoint, region: service.credentials.region, credentials: service.credentials });

// A finished execution of 10 steps, as a client watching one would describe it.
const steps = Array.from(
  { length: 10 },
  (_, i) =>
    new ProcessingStep({
      name: `T${i}`,
      imageUri: 'node',
      roleArn: role,
      instanceType: 'local',
      instanceCount: 1,
      entrypoint: ['node', '-e', '0'],
      dependsOn: i === 0 ? [] : [`T${i - 1}`],
    }),
);
await client.send(
  new CreatePipelineCommand({
    PipelineName: 'Ten',
    PipelineDefinition: new Pipeline({ name: 'Ten', steps }).definition(),
    RoleArn: role,
    ClientRequestToken: randomUUID(),
  }),
);
const { PipelineExecutionArn } = await client.send(new StartPipelineExecutionCommand({ PipelineName: 'Ten', ClientRequestToken: randomUUID() }));
for (;;) {
  const { PipelineExecutionStatus } = await client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn }));
  if (PipelineExecutionStatus !== 'Executing') break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}

// CLIENT=sdk: @aws-sdk/client-sagemaker, as notebooks and boto3-like clients send. CLIENT=sluice: Sluice's own SigV4
// client (signedServicePost: what the panel's proxy and LocalExtrasClient send through), a much thinner one.
const loadScript = `
  const { SageMakerClient, DescribePipelineExecutionCommand } = require('@aws-sdk/client-sagemaker');
  const credentials = { accessKeyId: process.env.KEY, secretAccessKey: process.env.SECRET };
  const client = new SageMakerClient({ endpoint: process.env.ENDPOINT, region: process.env.REGION, credentials });
  const body = JSON.stringify({ PipelineExecutionArn: process.env.ARN });
  import(process.env.SIGNED_POST).then(({ signedServicePost }) => {
    const describe = process.env.CLIENT === 'sluice'
      ? async () => { const answer = await signedServicePost({ endpoint: process.env.ENDPOINT, region: process.env.REGION, credentials }, 'SageMaker.DescribePipelineExecution', body); if (answer.status !== 200) throw new Error(answer.text); JSON.parse(answer.text); }
      : () => client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: process.env.ARN }));
    const total = Number(process.env.TOTAL); let sent = 0; const started = Date.now(); const startedCpu = process.cpuUsage();
    return Promise.all(Array.from({ length: Number(process.env.IN_FLIGHT) }, async () => { while (sent < total) { sent += 1; await describe(); } }))
      .then(() => { const ended = Date.now(); const cpu = process.cpuUsage(startedCpu); console.log(JSON.stringify({ started, ended, clientCpuUs: (cpu.user + cpu.system) / total })); });
  });
`;
const signedPost = pathToFileURL(join(import.meta.dirname, '..', 'kernel-lib', 'dist', 'crypto', 'signed-post.js')).href;
const total = 4000;
const inFlight = 8;
/**
 * Sends `total` requests, `inFlight` at a time, from `processes` client processes (an even share each) to `endpoint`:
 * the rate over the time from the first process's first request to the last one's last, and the CPU the clients spent
 * per request (their start-ups excluded from both).
 * @param {string} endpoint @param {number} processes @param {'sdk' | 'sluice'} [clientKind]
 * @returns {Promise<{ rate: number, clientCpuUs: number }>}
 */
const load = async (endpoint, processes, clientKind = 'sdk') => {
  const env = {
    ARN: PipelineExecutionArn ?? '',
    TOTAL: String(total / processes),
    IN_FLIGHT: String(inFlight / processes),
    CLIENT: clientKind,
    SIGNED_POST: signedPost,
  };
  const printed = await Promise.all(Array.from({ length: processes }, () => runClientProcess(loadScript, { ...service, endpoint }, env)));
  /** @type {{ started: number, ended: number, clientCpuUs: number }[]} */
  const results = printed.map((text) => JSON.parse(text));
  const seconds = (Math.max(...results.map((r) => r.ended)) - Math.min(...results.map((r) => r.started))) / 1000;
  return { rate: Math.round(total / seconds), clientCpuUs: results.reduce((sum, r) => sum + r.clientCpuUs, 0) / processes };
};
/**
 * Three rounds against the service from `processes` client processes; prints the median round's rate, and the CPU time
 * each side spent per request in it (what a busy machine does not change much).
 * @param {number} processes @param {string} what @param {'sdk' | 'sluice'} [clientKind]
 */
const measure = async (processes, what, clientKind = 'sdk') => {
  const rounds = [];
  for (let i = 0; i < 3; i++) {
    const before = process.cpuUsage();
    const result = await load(service.endpoint, processes, clientKind);
    const used = process.cpuUsage(before);
    rounds.push({ ...result, serviceCpuUs: (used.user + used.system) / total });
  }
  const middle = [...rounds].sort((a, b) => a.rate - b.rate)[1];
  console.log(`  ${what}: ${middle.rate} req/s (median of 3 rounds of 4,000: ${rounds.map((r) => r.rate).join(', ')})   goal ≥ 2,000 req/s`);
  console.log(
    `    CPU per request in that round: the service ${middle.serviceCpuUs.toFixed(0)} µs, the client${processes > 1 ? 's' : ''} ${middle.clientCpuUs.toFixed(0)} µs (start-up excluded)`,
  );
};
console.log(
  `DescribePipelineExecution through @aws-sdk/client-sagemaker from other processes, ${inFlight} in flight, ${cpus().length} cores (os.cpus()), load average ${loadavg()[0].toFixed(1)}:`,
);
await measure(1, 'one client process');
await measure(2, `two client processes, ${inFlight / 2} in flight each`);
await measure(1, "one client process with Sluice's own SigV4 client (signedServicePost), not the AWS SDK", 'sluice');

// The ceiling this client allows here: the same process and requests against a server that answers each at once
// with the service's own answer (no signature check, no store), so only the client and HTTP cost anything.
const described = await client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn }));
const { $metadata: _metadata, ...answer } = described;
const body = JSON.stringify(answer, (_key, value) => (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) ? Date.parse(value) / 1000 : value));
const canned = createServer((request, response) => {
  request.resume();
  request.once('end', () => response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() }).end(body));
});
await new Promise((resolve) => canned.listen(0, '127.0.0.1', () => resolve(undefined)));
const cannedEndpoint = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (canned.address()).port}`;
const ceilings = [];
for (let i = 0; i < 3; i++) ceilings.push((await load(cannedEndpoint, 1)).rate);
console.log(
  `  one client process against a server that answers at once (its ceiling on this machine): ${median(ceilings)} req/s (median of 3: ${ceilings.join(', ')})`,
);
canned.close();
client.destroy();
await service.close();
rmSync(home, { recursive: true, force: true });
