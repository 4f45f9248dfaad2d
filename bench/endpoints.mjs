// @ts-check
// Benchmark (figures, not a test): a real-time endpoint on this machine. The abalone inference program serves a
// least-squares model; the service runs here and the clients in another process, as a notebook would call it.
// Goals from the issue are printed beside each figure.
import { spawn } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Model, Session } from 'sluice';
import { writeState } from '../kernel-lib/dist/home/instance.js';
import { startService } from '../kernel-lib/dist/service/server.js';
import { descendants } from '../scripts/lib/processes.mjs';
import { runClientProcess } from './lib/client-process.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const repo = join(import.meta.dirname, '..');
const home = mkdtempSync(join(tmpdir(), 'sluice-bench-endpoints-'));
const service = await startService({ home, port: 0, log: () => undefined });
writeState({ pid: process.pid, port: service.port, endpoint: service.endpoint, home, startedAt: new Date().toISOString(), version: 'bench' });

// An abalone-shaped model (an intercept and 10 weights), packed as a training job packs it.
const modelDir = join(home, 'model');
mkdirSync(modelDir);
writeFileSync(join(modelDir, 'model.json'), JSON.stringify({ weights: [3.2, 1.1, 2.4, 9.8, 8.1, -19.4, -9.6, 8.9, 0.2, -0.9, 0.4] }));
await new Promise((resolve, reject) =>
  spawn('tar', ['-czf', join(home, 'model.tar.gz'), '-C', modelDir, '.']).once('close', (code) =>
    code === 0 ? resolve(code) : reject(new Error(`tar ${code}`)),
  ),
);
const session = Session.local({ home, defaultBucket: 'bench' });
await (await session.extras()).putArtifact('s3://bench/abalone/model.tar.gz', readFileSync(join(home, 'model.tar.gz')));
const model = new Model({
  imageUri: 'sluice/node:20',
  modelData: 's3://bench/abalone/model.tar.gz',
  roleArn: session.roleArn,
  code: join(repo, 'test', 'fixtures', 'abalone', 'inference.ts'),
});
const deployStarted = performance.now();
await model.deploy({ endpointName: 'bench', session });
const deployMs = performance.now() - deployStarted;

/** @param {number} pid */
const rssMb = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
/** @type {number[]} */
const pids = JSON.parse(service.store.endpoints.endpoint('bench')?.processes ?? '[]');
// The endpoint's processes and what they started: the sandbox, the socket bridge, the model.
const processTree = pids.flatMap((pid) => [pid, ...descendants(pid)]);
/**
 * Where the model process itself takes POST /invocations: the socket in its /opt/ml when the sandbox gives it a
 * network of its own (its loopback port is then out of reach from here), else its private port on 127.0.0.1.
 * @returns {{ socketPath: string } | { host: string, port: number }}
 */
function modelAddress() {
  const jobs = join(home, 'jobs');
  const socket = readdirSync(jobs, { recursive: true, encoding: 'utf8' }).find((path) => lstatSync(join(jobs, path)).isSocket());
  if (socket !== undefined) return { socketPath: join(jobs, socket) };
  for (const pid of processTree) {
    const port = /(?:^|\0)SAGEMAKER_BIND_TO_PORT=(\d+)/.exec(readFileSync(`/proc/${pid}/environ`, 'utf8'))?.[1];
    if (port !== undefined) return { host: '127.0.0.1', port: Number(port) };
  }
  throw new Error(`the endpoint's processes (${pids.join(', ') || 'none'}) have neither a socket in their /opt/ml nor SAGEMAKER_BIND_TO_PORT`);
}

const address = modelAddress();
// The clients, in another process: the model process alone (the floor: POST /invocations on its socket or port),
// InvokeEndpoint signed by a bare SigV4 signer over node:http, and the AWS SDK's SageMaker Runtime client.
const clientScript = `
const { request, Agent } = await import('node:http');
const { SageMakerRuntimeClient, InvokeEndpointCommand } = await import('@aws-sdk/client-sagemaker-runtime');
const { SignatureV4 } = await import('@smithy/signature-v4');
const { Sha256 } = await import('@aws-crypto/sha256-js');
const credentials = { accessKeyId: process.env.KEY, secretAccessKey: process.env.SECRET };
const row = '0.455,0.365,0.095,0.514,0.2245,0.101,0.15,1,0,0\\n';
const agent = new Agent({ keepAlive: true });
const post = (target, path, headers) => new Promise((resolve, reject) => {
  const outgoing = request({ ...target, path, method: 'POST', agent, headers: { 'content-type': 'text/csv', 'content-length': row.length, ...headers } }, (answer) => {
    answer.resume();
    answer.on('end', () => (answer.statusCode === 200 ? resolve() : reject(new Error('HTTP ' + answer.statusCode))));
  });
  outgoing.on('error', reject);
  outgoing.end(row);
});
const servicePort = Number(new URL(process.env.ENDPOINT).port);
const signer = new SignatureV4({ credentials, region: process.env.REGION, service: 'sagemaker', sha256: Sha256 });
const client = new SageMakerRuntimeClient({ endpoint: process.env.ENDPOINT, region: process.env.REGION, credentials });
const body = new TextEncoder().encode(row);
const clients = {
  model: () => post(JSON.parse(process.env.MODEL_ADDRESS), '/invocations', {}),
  signed: async () => {
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: servicePort, path: '/endpoints/bench/invocations', query: {}, headers: { host: '127.0.0.1:' + servicePort, 'content-type': 'text/csv' }, body: row });
    return post({ host: '127.0.0.1', port: servicePort }, '/endpoints/bench/invocations', signed.headers);
  },
  sdk: () => client.send(new InvokeEndpointCommand({ EndpointName: 'bench', Body: body, ContentType: 'text/csv', Accept: 'text/csv' })),
};
const figures = {};
for (const [name, invoke] of Object.entries(clients)) {
  for (let i = 0; i < 300; i++) await invoke();
  const times = [];
  for (let i = 0; i < 2000; i++) {
    const started = performance.now();
    await invoke();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  let done = 0;
  const started = performance.now();
  const until = started + 4000;
  await Promise.all([0, 1, 2, 3].map(async () => { while (performance.now() < until) { await invoke(); done += 1; } }));
  figures[name] = { p50: times[Math.floor(times.length / 2)], p99: times[Math.floor(times.length * 0.99)], throughput: done / ((performance.now() - started) / 1000) };
}
console.log(JSON.stringify(figures));
`;
const output = await runClientProcess(clientScript, service, { MODEL_ADDRESS: JSON.stringify(address) }, ['--input-type=module']);
/** @type {Record<'model' | 'signed' | 'sdk', { p50: number, p99: number, throughput: number }>} */
const figures = JSON.parse(String(output));

/** @param {string} label @param {string} figure @param {string} goal */
const line = (label, figure, goal) => `  ${label.padEnd(58)} ${figure.padStart(14)}   ${goal}`;
console.log(
  `Endpoints on this machine (clients in another process; load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}), ${new Date().toISOString()}:`,
);
console.log(line('deploy (CreateModel … InService)', `${deployMs.toFixed(0)} ms`, ''));
const labels = {
  model: `floor: the model alone, on its ${'socketPath' in address ? 'socket' : 'port'}`,
  signed: 'InvokeEndpoint, bare SigV4 client',
  sdk: 'InvokeEndpoint, AWS SDK client',
};
for (const [name, label] of Object.entries(labels)) {
  const figure = figures[/** @type {'model' | 'signed' | 'sdk'} */ (name)];
  const goals = name === 'model' ? ['', '', ''] : ['goal ≤ 2 ms', 'goal ≤ 10 ms', 'goal ≥ 2,000 req/s'];
  console.log(line(`${label}: one abalone row, p50`, `${figure.p50.toFixed(2)} ms`, goals[0]));
  console.log(line(`${label}: one abalone row, p99`, `${figure.p99.toFixed(2)} ms`, goals[1]));
  console.log(line(`${label}: 4 concurrent clients`, `${figure.throughput.toFixed(0)} req/s`, goals[2]));
}
console.log(
  line(
    'memory per endpoint (RSS of its processes: sandbox, model)',
    `${processTree
      .map(rssMb)
      .reduce((a, b) => a + b, 0)
      .toFixed(0)} MB`,
    `goal ≤ 150 MB (the service itself: ${rssMb(process.pid).toFixed(0)} MB)`,
  ),
);

(await session.runtime()).destroy();
(await session.client()).destroy();
await service.close();
rmSync(home, { recursive: true, force: true });
