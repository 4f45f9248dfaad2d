// @ts-check
// Benchmark (figures, not a test): the abalone project from its template. The pipeline from a cold start to
// Succeeded and a fully cached re-run, timed; goals from issue #9 are printed beside each figure. The model's
// quality is bench/select-abalone-model.mjs's (chosen on validation splits, scored on held-out ones), run after
// this one by `npm run bench`. Data: ../shared/data/abalone.csv beside the repository (never the UCI download).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { DescribePipelineExecutionCommand, ListPipelineExecutionStepsCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-sagemaker';
import { createProject, Session } from 'sluice';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const repo = join(import.meta.dirname, '..');
const abaloneCsv = join(repo, '..', 'shared', 'data', 'abalone.csv');
if (!existsSync(abaloneCsv)) {
  console.error(`bench/projects: no data at ${abaloneCsv}`);
  process.exit(1);
}
const cli = join(repo, 'kernel-lib', 'dist', 'cli', 'main.js');
const home = mkdtempSync(join(tmpdir(), 'sluice-bench-projects-'));
// Projects are made inside the repository (git-ignored), where `sluice` resolves.
mkdirSync(join(repo, 'test-output', 'bench'), { recursive: true });
const workspace = mkdtempSync(join(repo, 'test-output', 'bench', 'projects-'));

/** @type {string[]} */
const lines = [];
/** @param {string} label @param {string} figure @param {string} goal */
const report = (label, figure, goal) => lines.push(`  ${label.padEnd(58)} ${figure.padStart(14)}   ${goal}`);
const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(2)} s`;

/**
 * Runs a command in `cwd` with the bench's SLUICE_HOME; resolves with its exit code, output and wall time.
 * @returns {Promise<{ code: number | null, output: string, ms: number }>}
 */
function timed(/** @type {string} */ command, /** @type {string[]} */ args, /** @type {string} */ cwd) {
  const started = performance.now();
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(command, args, { cwd, env: { ...process.env, SLUICE_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('close', (code) => resolve({ code, output, ms: performance.now() - started }));
  });
}

try {
  // Set-up, not timed: the project and the data in its home's artifact store; then the service is stopped, so
  // the cold run starts one, as the first `run-pipeline` of a session does.
  const session = Session.local({ home });
  const project = await createProject({ name: 'bench-abalone', template: 'model-building-and-training', dir: workspace, session });
  await session.putObject(session.defaultBucket, 'datasets/abalone.csv', readFileSync(abaloneCsv));
  const inputDataUrl = `s3://${session.defaultBucket}/datasets/abalone.csv`;
  spawnSync(process.execPath, [cli, 'service', 'stop', '--home', home], { stdio: 'ignore' });

  // Cold: a fresh project (no .build/, no bundles, nothing cached), no service running.
  const runArgs = ['scripts/ts.mjs', 'pipelines/run-pipeline.ts', '-n', 'pipelines.abalone.pipeline', '--kwargs', JSON.stringify({ inputDataUrl })];
  const cold = await timed(process.execPath, runArgs, project.repositoryPath);
  const coldOk = cold.code === 0 && cold.output.includes('RegisterAbaloneModel-RegisterModel\tSucceeded');
  if (!coldOk) console.error(cold.output);
  report('cold: run-pipeline in a new project, service stopped', seconds(cold.ms), `goal ≤ 20 s (${coldOk ? 'Succeeded' : `exit ${cold.code}`})`);

  // A new session: the first one's service was stopped, the cold run started another.
  const client = await Session.local({ home }).client();
  /** @param {string} arn */
  const stepTimes = async (arn) => {
    const steps =
      (await client.send(new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: arn, SortOrder: 'Ascending' }))).PipelineExecutionSteps ?? [];
    return steps.map((s) => `${s.StepName} ${(((s.EndTime?.getTime() ?? 0) - (s.StartTime?.getTime() ?? 0)) / 1000).toFixed(2)}`).join(', ');
  };
  const [coldArn] = cold.output.match(/arn:aws:sagemaker:[^\s]+\/execution\/[^\s]+/) ?? [];
  if (coldArn !== undefined) {
    const described = await client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: coldArn }));
    const engine = (described.LastModifiedTime?.getTime() ?? 0) - (described.CreationTime?.getTime() ?? 0);
    report('  of which the execution (created → Succeeded)', seconds(engine), `steps (s): ${await stepTimes(coldArn)}`);
  }

  // Fully cached: the same definition and parameters again, started through the API and polled every 5 ms.
  const started = performance.now();
  const { PipelineExecutionArn } = await client.send(
    new StartPipelineExecutionCommand({
      PipelineName: project.pipelineName,
      PipelineParameters: [{ Name: 'InputDataUrl', Value: inputDataUrl }],
      ClientRequestToken: randomUUID(),
    }),
  );
  let status = '';
  while (!['Succeeded', 'Failed', 'Stopped'].includes(status)) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    status = (await client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn }))).PipelineExecutionStatus ?? '';
  }
  const cachedMs = performance.now() - started;
  const steps = (await client.send(new ListPipelineExecutionStepsCommand({ PipelineExecutionArn }))).PipelineExecutionSteps ?? [];
  const reused = steps.filter((s) => s.CacheHitResult?.SourcePipelineExecutionArn !== undefined).length;
  report('fully cached re-run: start to Succeeded (API)', `${cachedMs.toFixed(0)} ms`, `goal ≤ 500 ms (${status}, ${reused} of 3 job steps from the cache)`);

  // The same through the CLI, for scale: a node process, bundling and upsert around the cached run.
  const warm = await timed(process.execPath, runArgs, project.repositoryPath);
  report('cached re-run through run-pipeline (node, bundling, upsert)', seconds(warm.ms), warm.code === 0 ? 'Succeeded' : `exit ${warm.code}`);
  client.destroy();
} finally {
  spawnSync(process.execPath, [cli, 'service', 'stop', '--home', home], { stdio: 'ignore' });
  rmSync(home, { recursive: true, force: true });
  rmSync(workspace, { recursive: true, force: true });
}

console.log(`Projects: the abalone template's pipeline, timed (${availableParallelism()} cores), ${new Date().toISOString()}:`);
console.log('  (its model quality: bench/select-abalone-model.mjs, on held-out splits)');
for (const line of lines) console.log(line);
