/**
 * Batch transform: the model's inference program runs under SageMaker's serving contract (model.tar.gz
 * unpacked in /opt/ml/model, GET /ping, POST /invocations on $SAGEMAKER_BIND_TO_PORT), and every object
 * under the input prefix is sent to it record by record (SingleRecord) or in batches (MultiRecord), split
 * by line when SplitType is Line; the answers are written to `<S3OutputPath>/<input name>.out`.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { extname, join } from 'node:path';
import type { Json, JsonObject, StepDefinition } from '../definition.js';
import { runHostJob, type HostJobResult } from '../jobs/host-process.js';
import { JobLog } from '../jobs/job-log.js';
import { jobFolder } from './container-paths.js';
import { jobName, resourceArn } from './job-names.js';
import { unpackInto } from './tarball.js';
import { StepFailure, type StepResult, type StepRunContext, type StepRunner } from './types.js';
import { environmentOf, objectAt, optionalObject, stringAt } from './values.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilHealthy(port: number, exited: () => boolean, log: JobLog): Promise<void> {
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    if (exited()) throw new StepFailure(`the model's program exited before it answered /ping: ${log.lines.slice(-3).join(' ') || 'no output'}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/ping`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new StepFailure('the model did not answer /ping within 60 s');
}

/** Requests for one object: each record alone, or records batched up to MaxPayloadInMB. */
function batches(text: string, splitLines: boolean, multiRecord: boolean, maxBytes: number): string[] {
  if (!splitLines) return [text];
  const records = text.split('\n').filter((line) => line.trim() !== '');
  if (!multiRecord) return records;
  const result: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const record of records) {
    if (current.length > 0 && size + record.length + 1 > maxBytes) {
      result.push(current.join('\n'));
      current = [];
      size = 0;
    }
    current.push(record);
    size += record.length + 1;
  }
  if (current.length > 0) result.push(current.join('\n'));
  return result;
}

export const transformRunner: StepRunner = {
  async run(_step: StepDefinition, resolved: Json, context: StepRunContext): Promise<StepResult> {
    const args = objectAt(resolved, 'Arguments');
    const modelName = stringAt(args.ModelName, 'ModelName');
    const model = context.integrations.model(modelName);
    if (model === undefined) throw new StepFailure(`model "${modelName}" does not exist here (create it with a Model step first)`);
    const container = optionalObject((model.PrimaryContainer ?? (Array.isArray(model.Containers) ? model.Containers[0] : undefined)) as Json | undefined);
    const containerEnv = environmentOf(container.Environment);
    const program = containerEnv.SAGEMAKER_PROGRAM;
    if (!program) throw new StepFailure(`model "${modelName}" has no inference program here: create it with Model({ code }) (SAGEMAKER_PROGRAM)`);
    const input = objectAt(args.TransformInput, 'TransformInput');
    const source = stringAt(optionalObject(optionalObject(input.DataSource).S3DataSource).S3Uri, 'TransformInput.DataSource.S3DataSource.S3Uri');
    const output = objectAt(args.TransformOutput, 'TransformOutput');
    const outputPath = stringAt(output.S3OutputPath, 'TransformOutput.S3OutputPath').replace(/\/$/, '');

    const name = jobName(context);
    const arn = resourceArn(context, 'transform-job', name);
    const folder = jobFolder(context.jobsDir, name);
    const log = new JobLog(folder.logFile);
    const startedAt = Date.now() / 1000;
    try {
      if (typeof container.ModelDataUrl === 'string') {
        context.artifacts.download(container.ModelDataUrl, join(folder.root, 'model-data'));
        for (const file of readdirSync(join(folder.root, 'model-data'))) {
          if (file.endsWith('.tar.gz')) unpackInto(join(folder.root, 'model-data', file), join(folder.ml, 'model'));
        }
      }
      if (containerEnv.SAGEMAKER_SUBMIT_DIRECTORY) {
        const submitted = containerEnv.SAGEMAKER_SUBMIT_DIRECTORY;
        if (submitted.endsWith('.tar.gz')) {
          context.artifacts.download(submitted, join(folder.root, 'submit'));
          unpackInto(join(folder.root, 'submit', submitted.slice(submitted.lastIndexOf('/') + 1)), join(folder.ml, 'code'));
        } else {
          context.artifacts.download(submitted, join(folder.ml, 'code'));
        }
      }
    } catch (error) {
      if (error instanceof StepFailure) throw error;
      throw new StepFailure(`model "${modelName}": ${error instanceof Error ? error.message : error}`, 'Step.SERVICE_FAULT');
    }
    if (!existsSync(join(folder.ml, 'code', program))) throw new StepFailure(`model "${modelName}": its program ${program} is not in SAGEMAKER_SUBMIT_DIRECTORY`);

    const port = await freePort();
    const stopServing = new AbortController();
    const onStop = () => stopServing.abort();
    context.signal.addEventListener('abort', onStop, { once: true });
    let ended: HostJobResult | undefined;
    const serving = runHostJob({
      jobDir: folder.ml,
      command: [['.py'].includes(extname(program)) ? 'python3' : 'node', `/opt/ml/code/${program}`],
      env: { ...containerEnv, ...environmentOf(args.Environment), SAGEMAKER_BIND_TO_PORT: String(port), SAGEMAKER_MODEL_DIR: '/opt/ml/model' },
      log,
      runtimes: context.runtimes,
      signal: stopServing.signal,
      stopGraceMs: context.stopGraceMs,
      onStart: context.onProcess,
    }).then((result) => (ended = result));

    const splitLines = input.SplitType === 'Line';
    const multiRecord = args.BatchStrategy === 'MultiRecord';
    const maxBytes = (typeof args.MaxPayloadInMB === 'number' ? args.MaxPayloadInMB : 6) * 1024 * 1024;
    const separator = output.AssembleWith === 'Line' ? '\n' : '';
    const headers: Record<string, string> = {};
    if (typeof input.ContentType === 'string') headers['content-type'] = input.ContentType;
    if (typeof output.Accept === 'string') headers.accept = output.Accept;
    let objects = 0;
    try {
      await waitUntilHealthy(port, () => ended !== undefined, log);
      const prefix = source.replace(/\/$/, '');
      const keys = context.artifacts.list(source);
      if (keys.length === 0) throw new StepFailure(`no objects under ${source}`);
      for (const key of keys) {
        if (context.signal.aborted) throw new StepFailure('Stopped by StopPipelineExecution');
        const relative = key === prefix ? key.slice(key.lastIndexOf('/') + 1) : key.slice(prefix.length + 1);
        const answers: string[] = [];
        for (const body of batches(readFileSync(context.artifacts.pathOf(key), 'utf8'), splitLines, multiRecord, maxBytes)) {
          const response = await fetch(`http://127.0.0.1:${port}/invocations`, { method: 'POST', headers, body });
          const text = await response.text();
          if (!response.ok) throw new StepFailure(`the model answered ${response.status} for ${relative}: ${text.slice(0, 200)}`, 'SageMaker.JOB_INTERNAL_ERROR');
          answers.push(text.replace(/\n$/, ''));
        }
        context.artifacts.putObject(`${outputPath}/${relative}.out`, answers.join(separator) + (separator === '\n' ? '\n' : ''));
        objects += 1;
      }
    } finally {
      context.signal.removeEventListener('abort', onStop);
      stopServing.abort();
      await serving;
    }
    log.note(`transformed ${objects} objects`);
    const document: JsonObject = {
      TransformJobName: name,
      TransformJobArn: arn,
      TransformJobStatus: 'Completed',
      ModelName: modelName,
      TransformInput: input,
      TransformOutput: output,
      TransformResources: optionalObject(args.TransformResources),
      BatchStrategy: args.BatchStrategy ?? null,
      CreationTime: startedAt,
      TransformStartTime: startedAt,
      TransformEndTime: Date.now() / 1000,
    };
    context.recorder.saveJob('TransformJob', name, document);
    return { properties: document, metadata: { TransformJob: { Arn: arn } } };
  },
};
