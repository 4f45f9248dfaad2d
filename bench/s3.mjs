// @ts-check
// Benchmark (figures, not a test): the service's S3 on loopback, each figure beside its floor measured in the
// same run. The service runs in a process of its own (its RSS read from /proc), the clients in another (a bare
// SigV4 signer over node:http, bodies streamed from and to disk). Goals from issue 14 beside each figure.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// SLUICE_BENCH_DIR puts the store elsewhere (e.g. /dev/shm), to tell the service's cost from the disk's.
const work = mkdtempSync(join(process.env.SLUICE_BENCH_DIR ?? tmpdir(), 'sluice-bench-s3-'));
const home = join(work, 'home');
const mb = 1024 * 1024;

// The service, alone in its process: it answers with its port and keys, and stops when its stdin closes.
const serverModule = pathToFileURL(join(import.meta.dirname, '..', 'kernel-lib', 'dist', 'service', 'server.js')).href;
const serviceProcess = spawn(
  process.execPath,
  [
    '--input-type=module',
    '-e',
    `const { startService } = await import(${JSON.stringify(serverModule)});
const s = await startService({ home: process.env.BENCH_HOME, port: 0, log: () => undefined });
process.stdout.write(JSON.stringify({ port: s.port, credentials: s.credentials }) + '\\n');
process.stdin.on('end', async () => { await s.close(); process.exit(0); });
process.stdin.resume();`,
  ],
  { env: { ...process.env, BENCH_HOME: home }, stdio: ['pipe', 'pipe', 'inherit'] },
);
/** @type {{ port: number; credentials: { accessKeyId: string; secretAccessKey: string; region: string } }} */
const service = await new Promise((resolve, reject) => {
  serviceProcess.stdout.once('data', (chunk) => resolve(JSON.parse(String(chunk))));
  serviceProcess.once('exit', (code) => reject(new Error(`the service exited (${code})`)));
});

/** @param {string} path @param {number} size */
function makeFile(path, size) {
  const block = Buffer.alloc(mb);
  for (let i = 0; i < block.length; i++) block[i] = (i * 131 + 7) & 0xff;
  const out = createWriteStream(path);
  return new Promise((resolve, reject) => {
    let written = 0;
    /** @returns {void} */
    const more = () => {
      while (written < size) {
        written += mb;
        if (!out.write(block)) return void out.once('drain', more);
      }
      out.end(resolve);
    };
    out.on('error', reject);
    more();
  });
}

// The clients' process: one command per line on stdin, one JSON answer per line on stdout.
const clientScript = `
const { request, Agent } = await import('node:http');
const { createReadStream, createWriteStream, statSync } = await import('node:fs');
const { createHash } = await import('node:crypto');
const { pipeline } = await import('node:stream/promises');
const { SignatureV4 } = await import('@smithy/signature-v4');
const { Sha256 } = await import('@aws-crypto/sha256-js');
const signer = new SignatureV4({ credentials: { accessKeyId: process.env.KEY, secretAccessKey: process.env.SECRET }, region: process.env.REGION, service: 's3', sha256: Sha256, uriEscapePath: false, applyChecksum: false });
const port = Number(process.env.PORT);
const agent = new Agent({ keepAlive: true, maxSockets: 16 });
async function send(method, path, { body, file, out, hash } = {}) {
  const [p, q = ''] = path.split('?');
  const query = Object.fromEntries(new URLSearchParams(q));
  const headers = { host: '127.0.0.1:' + port, 'x-amz-content-sha256': hash ?? 'UNSIGNED-PAYLOAD' };
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  if (file !== undefined) headers['content-length'] = String(statSync(file).size);
  const signed = await signer.sign({ method, protocol: 'http:', hostname: '127.0.0.1', port, path: p, query, headers });
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, method, path, headers: signed.headers, agent }, async (answer) => {
      try {
        if (out !== undefined) await pipeline(answer, createWriteStream(out));
        else { const chunks = []; for await (const c of answer) chunks.push(c); answer.text = Buffer.concat(chunks).toString(); }
        if (answer.statusCode >= 300) reject(new Error(method + ' ' + path + ': HTTP ' + answer.statusCode + ' ' + (answer.text ?? '')));
        else resolve(answer);
      } catch (e) { reject(e); }
    });
    outgoing.on('error', reject);
    if (file !== undefined) pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), outgoing).catch(reject);
    else outgoing.end(body);
  });
}
const commands = {
  async put({ path, file }) { const t = performance.now(); await send('PUT', path, { file }); return performance.now() - t; },
  async get({ path, out }) { const t = performance.now(); await send('GET', path, { out }); return performance.now() - t; },
  async bucket({ name }) { await send('PUT', '/' + name); return 0; },
  async smallPuts({ bucket, prefix, count, workers }) {
    const body = 'x'.repeat(1024);
    const hash = createHash('sha256').update(body).digest('hex');
    let next = 0;
    const t = performance.now();
    await Promise.all(Array.from({ length: workers }, async () => { while (next < count) { const i = next++; await send('PUT', '/' + bucket + '/' + prefix + '/' + String(i).padStart(6, '0'), { body, hash }); } }));
    return performance.now() - t;
  },
  async listPages({ bucket, rounds }) {
    const times = [];
    for (let r = 0; r < rounds; r++) {
      let token;
      do {
        const t = performance.now();
        const answer = await send('GET', '/' + bucket + '?list-type=2&prefix=keys/' + (token ? '&continuation-token=' + encodeURIComponent(token) : ''));
        times.push(performance.now() - t);
        token = /<NextContinuationToken>([^<]+)</.exec(answer.text)?.[1];
      } while (token);
    }
    return times;
  },
};
const { createInterface } = await import('node:readline');
for await (const line of createInterface({ input: process.stdin })) {
  const { id, command, args } = JSON.parse(line);
  try { process.stdout.write(JSON.stringify({ id, result: await commands[command](args) }) + '\\n'); }
  catch (error) { process.stdout.write(JSON.stringify({ id, error: String(error.stack ?? error) }) + '\\n'); }
}
`;
const client = spawn(process.execPath, ['--input-type=module', '-e', clientScript], {
  cwd: join(import.meta.dirname, '..'),
  env: {
    ...process.env,
    KEY: service.credentials.accessKeyId,
    SECRET: service.credentials.secretAccessKey,
    REGION: service.credentials.region,
    PORT: String(service.port),
  },
  stdio: ['pipe', 'pipe', 'inherit'],
});
let buffered = '';
/** @type {Map<number, (answer: { result?: unknown; error?: string }) => void>} */
const waiting = new Map();
client.stdout.on('data', (chunk) => {
  buffered += chunk;
  for (let at = buffered.indexOf('\n'); at >= 0; at = buffered.indexOf('\n')) {
    const answer = JSON.parse(buffered.slice(0, at));
    buffered = buffered.slice(at + 1);
    waiting.get(answer.id)?.(answer);
  }
});
let ids = 0;
/** @param {string} command @param {Record<string, unknown>} args @returns {Promise<any>} */
function ask(command, args) {
  const id = ++ids;
  return new Promise((resolve, reject) => {
    waiting.set(id, (answer) => (answer.error === undefined ? resolve(answer.result) : reject(new Error(answer.error))));
    client.stdin.write(`${JSON.stringify({ id, command, args })}\n`);
  });
}

const rssMb = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${serviceProcess.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const rows = [];
const startRss = rssMb();
try {
  await ask('bucket', { name: 'bench' });

  // The service's RSS while a 1 GB object goes in and out, first, while the service holds nothing else.
  const huge = join(work, 'huge.bin');
  await makeFile(huge, 1024 * mb);
  const before = rssMb();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 20);
  await ask('put', { path: '/bench/huge.bin', file: huge });
  await ask('get', { path: '/bench/huge.bin', out: join(work, 'huge.back') });
  clearInterval(sampler);
  rows.push([
    'service RSS while 1 GB goes in and out',
    `peak ${peak.toFixed(0)} MB (before: ${before.toFixed(0)} MB, after start: ${startRss.toFixed(0)} MB)`,
    '< 200 MB',
  ]);
  rmSync(huge);
  rmSync(join(work, 'huge.back'));

  // 200 MB: PutObject and GetObject against a bare file copy and a streamed copy of the same file.
  const big = join(work, 'big.bin');
  await makeFile(big, 200 * mb);
  let t = performance.now();
  copyFileSync(big, join(work, 'copy.bin'));
  const copyMs = performance.now() - t;
  t = performance.now();
  await pipeline(createReadStream(big), createWriteStream(join(work, 'copy2.bin')));
  const streamCopyMs = performance.now() - t;
  rmSync(join(work, 'copy.bin'));
  rmSync(join(work, 'copy2.bin'));
  const putMs = await ask('put', { path: '/bench/big.bin', file: big });
  const getMs = await ask('get', { path: '/bench/big.bin', out: join(work, 'back.bin') });
  if (statSync(join(work, 'back.bin')).size !== 200 * mb) throw new Error('GetObject returned the wrong size');
  rmSync(join(work, 'back.bin'));
  const rate = (/** @type {number} */ ms) => (200 / (ms / 1000)).toFixed(0);
  rows.push(['bare copyFileSync of 200 MB', `${copyMs.toFixed(0)} ms (${rate(copyMs)} MB/s)`, '']);
  rows.push(['streamed file copy of 200 MB', `${streamCopyMs.toFixed(0)} ms (${rate(streamCopyMs)} MB/s)`, '']);
  rows.push([
    'PutObject 200 MB',
    `${putMs.toFixed(0)} ms (${rate(putMs)} MB/s, ${(copyMs / putMs).toFixed(2)}× copyFile, ${(streamCopyMs / putMs).toFixed(2)}× streamed copy)`,
    '≥ 0.5× the copy',
  ]);
  rows.push([
    'GetObject 200 MB',
    `${getMs.toFixed(0)} ms (${rate(getMs)} MB/s, ${(copyMs / getMs).toFixed(2)}× copyFile, ${(streamCopyMs / getMs).toFixed(2)}× streamed copy)`,
    '≥ 0.5× the copy',
  ]);
  rmSync(big);

  // 1,000 small PutObjects (1 KiB, signed payload) from 4 concurrent clients, against the floor: 1,000 files
  // of 1 KiB written aside and renamed into one folder by 4 concurrent writers, as any object store must.
  // The big files' dirty pages are flushed first: written back during the floor, they made it vary fivefold.
  spawnSync('sync');
  const floorDir = join(work, 'floor');
  mkdirSync(floorDir);
  const kib = Buffer.alloc(1024, 0x78);
  let nextFile = 0;
  t = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (nextFile < 1000) {
        const i = nextFile++;
        await writeFile(join(floorDir, `${i}.partial`), kib);
        await rename(join(floorDir, `${i}.partial`), join(floorDir, String(i)));
      }
    }),
  );
  const floorMs = performance.now() - t;
  rows.push(['floor: 1,000 files of 1 KiB written and renamed', `${(1000 / (floorMs / 1000)).toFixed(0)} files/s`, '']);
  // The first 1,000 meet a service whose PutObject path has not run yet (compiled, cached); the next 1,000 do not.
  await ask('bucket', { name: 'small' });
  for (const [label, prefix] of [
    ['1,000 PutObjects of 1 KiB, 4 clients: the first', 'small'],
    ['  … the next 1,000', 'again'],
  ]) {
    const smallMs = await ask('smallPuts', { bucket: 'small', prefix, count: 1000, workers: 4 });
    rows.push([label, `${(1000 / (smallMs / 1000)).toFixed(0)} objects/s (${(floorMs / smallMs).toFixed(2)}× the floor)`, '≥ 1,000 objects/s']);
  }

  // ListObjectsV2 over 10,000 keys (written as the engine writes them, then listed once so their ETags exist).
  const keys = join(home, 's3', 'listing', 'keys');
  mkdirSync(keys, { recursive: true });
  for (let i = 0; i < 10_000; i++) writeFileSync(join(keys, `part-${String(i).padStart(5, '0')}.csv`), `${i}\n`);
  await ask('listPages', { bucket: 'listing', rounds: 1 });
  /** @type {number[]} */
  const pages = await ask('listPages', { bucket: 'listing', rounds: 20 });
  pages.sort((a, b) => a - b);
  const p = (/** @type {number} */ q) => pages[Math.min(pages.length - 1, Math.floor(q * pages.length))].toFixed(1);
  rows.push(['ListObjectsV2 over 10,000 keys, 1,000 per page', `p50 ${p(0.5)} ms, p99 ${p(0.99)} ms (${pages.length} pages)`, 'p99 ≤ 20 ms']);
} finally {
  client.stdin.end();
  client.kill();
  serviceProcess.stdin.end();
  await new Promise((resolve) => serviceProcess.once('exit', resolve));
  rmSync(work, { recursive: true, force: true });
}
console.log(`\nS3 on loopback (bench/s3.mjs, store under ${process.env.SLUICE_BENCH_DIR ?? tmpdir()})`);
for (const [what, figure, goal] of rows) console.log(`  ${what.padEnd(48)} ${figure}${goal === '' ? '' : `   [goal: ${goal}]`}`);
