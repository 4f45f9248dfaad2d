// @ts-check
// Benchmark (figures, not a test): DescribePipelineExecution through the signing client (@aws-sdk/client-sagemaker)
// from another process, 8 requests in flight, against the local service; the median of 3 rounds of 4,000.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreatePipelineCommand, DescribePipelineExecutionCommand, SageMakerClient, StartPipelineExecutionCommand } from '@aws-sdk/client-sagemaker';
import { Pipeline, ProcessingStep } from 'sluice';
import { startService } from '../kernel-lib/dist/service/server.js';
import { runClientProcess } from './lib/client-process.mjs';

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

const loadScript = `
  const { SageMakerClient, DescribePipelineExecutionCommand } = require('@aws-sdk/client-sagemaker');
  const client = new SageMakerClient({ endpoint: process.env.ENDPOINT, region: process.env.REGION, credentials: { accessKeyId: process.env.KEY, secretAccessKey: process.env.SECRET } });
  const total = 4000; let sent = 0; const started = Date.now();
  Promise.all(Array.from({ length: 8 }, async () => { while (sent < total) { sent += 1; await client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: process.env.ARN })); } }))
    .then(() => { const cpu = process.cpuUsage(); console.log(JSON.stringify({ rate: Math.round(total / ((Date.now() - started) / 1000)), clientCpuUs: (cpu.user + cpu.system) / total })); });
`;
/**
 * The rate, and the CPU time each side spent per request (what a busy machine does not change much).
 * @returns {Promise<{ rate: number, clientCpuUs: number, serviceCpuUs: number }>}
 */
const round = async () => {
  const before = process.cpuUsage();
  const printed = await runClientProcess(loadScript, service, { ARN: PipelineExecutionArn ?? '' });
  const used = process.cpuUsage(before);
  return { ...JSON.parse(printed), serviceCpuUs: (used.user + used.system) / 4000 };
};
/** @param {number[]} values */
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const rounds = [await round(), await round(), await round()];
const middle = [...rounds].sort((a, b) => a.rate - b.rate)[1];
console.log(
  `DescribePipelineExecution, another process through @aws-sdk/client-sagemaker, 8 in flight, ${cpus().length} cores (os.cpus()), load average ${loadavg()[0].toFixed(1)}:`,
);
console.log(`  ${middle.rate} req/s (median of 3 rounds of 4,000: ${rounds.map((r) => r.rate).join(', ')})   goal ≥ 2,000 req/s`);
console.log(
  `  CPU per request in that round: the service ${middle.serviceCpuUs.toFixed(0)} µs, the client ${middle.clientCpuUs.toFixed(0)} µs (the client process's total, start-up included)`,
);

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
for (let i = 0; i < 3; i++) {
  ceilings.push(JSON.parse(await runClientProcess(loadScript, { ...service, endpoint: cannedEndpoint }, { ARN: PipelineExecutionArn ?? '' })).rate);
}
console.log(
  `  the same client against a server that answers at once (its ceiling on this machine): ${median(ceilings)} req/s (median of 3: ${ceilings.join(', ')})`,
);
canned.close();
client.destroy();
await service.close();
rmSync(home, { recursive: true, force: true });
