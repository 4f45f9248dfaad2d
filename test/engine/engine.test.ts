import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  CacheConfig,
  ConditionGreaterThan,
  ConditionStep,
  FailStep,
  Join,
  JsonGet,
  Model,
  ModelStep,
  ParameterInteger,
  ParameterString,
  Pipeline,
  ProcessingStep,
  PropertyFile,
  SageMakerJobStepRetryPolicy,
  TrainingStep,
  type Step,
} from '../../kernel-lib/src/index.js';
import { canMountPrivateOptMl, readJobLog } from '../../kernel-lib/src/engine/index.js';
import { isAlive } from '../../scripts/lib/processes.mjs';
import { codeFiles, EngineHome } from './engine-harness.js';

const role = 'arn:aws:iam::000000000000:role/Local';
const home = new EngineHome();
const pipeline = (name: string, steps: Step[], parameters: ConstructorParameters<typeof Pipeline>[0]['parameters'] = []) =>
  new Pipeline({ name, steps, parameters, defaultBucket: 'local-bucket' });
const processing = (name: string, code: string, extra: Partial<ConstructorParameters<typeof ProcessingStep>[0]> = {}) =>
  new ProcessingStep({ name, imageUri: 'node', roleArn: role, instanceType: 'local', instanceCount: 1, code, ...extra });

const code = codeFiles({
  'make-rows.ts': `
    import { mkdirSync, writeFileSync } from 'node:fs';
    const count = Number(process.argv[process.argv.indexOf('--rows') + 1]);
    mkdirSync('/opt/ml/processing/rows', { recursive: true });
    writeFileSync('/opt/ml/processing/rows/rows.csv', Array.from({ length: count }, (_, i) => String(i)).join('\\n') + '\\n');
    console.log('wrote', count, 'rows');
  `,
  'count-rows.ts': `
    import { readFileSync, writeFileSync } from 'node:fs';
    const rows = readFileSync('/opt/ml/processing/input/rows/rows.csv', 'utf8').trim().split('\\n');
    writeFileSync('/opt/ml/processing/report/report.json', JSON.stringify({ rows: { count: rows.length } }));
    console.log('counted', rows.length);
  `,
  'train.ts': `
    import { readFileSync, writeFileSync } from 'node:fs';
    const rows = readFileSync(process.env.SM_CHANNEL_TRAIN + '/rows.csv', 'utf8').trim().split('\\n').map(Number);
    const hps = JSON.parse(readFileSync('/opt/ml/input/config/hyperparameters.json', 'utf8'));
    const mean = rows.reduce((a, b) => a + b, 0) / rows.length;
    // The training toolkit's summary of the job, as framework images give it to scripts.
    const toolkit = JSON.parse(process.env.SM_TRAINING_ENV as string);
    const seen = { job: toolkit.job_name, scale: toolkit.hyperparameters.scale, channels: Object.keys(toolkit.channel_input_dirs), host: toolkit.resource_config.current_host };
    writeFileSync(process.env.SM_MODEL_DIR + '/model.json', JSON.stringify({ mean, scale: Number(hps.scale), seen }));
    console.log('validation-mse: ' + (mean * Number(hps.scale)).toFixed(2));
  `,
  'flaky.ts': `
    import { existsSync, writeFileSync } from 'node:fs';
    const marker = process.env.MARKER as string;
    if (!existsSync(marker)) { writeFileSync(marker, 'failed once'); console.error('first attempt fails'); process.exit(3); }
    console.log('second attempt works');
  `,
  'sleep.ts': `
    console.log('sleeping');
    setInterval(() => {}, 1000);
  `,
  'counter.ts': `
    import { appendFileSync } from 'node:fs';
    appendFileSync(process.env.COUNTER as string, 'run\\n');
  `,
  'show-config.py': `
import json, os
os.makedirs('/opt/ml/processing/config', exist_ok=True)
seen = {'job': json.load(open('/opt/ml/config/processingjobconfig.json')), 'resources': json.load(open('/opt/ml/config/resourceconfig.json'))}
json.dump(seen, open('/opt/ml/processing/config/seen.json', 'w'))
`,
  'preprocess.py': `
import os, sys
os.makedirs('/opt/ml/processing/out', exist_ok=True)
with open('/opt/ml/processing/out/hello.txt', 'w') as f:
    f.write('hello from ' + sys.argv[1])
print('python ok')
`,
});

describe('the local engine', () => {
  it('runs a chain of TypeScript and Python steps, passing outputs on through S3 URIs', async () => {
    const rowsParameter = new ParameterInteger({ name: 'Rows', defaultValue: 3 });
    const make = processing('MakeRows', code['make-rows.ts'], {
      arguments: ['--rows', rowsParameter.asString()],
      outputs: [{ outputName: 'rows', source: '/opt/ml/processing/rows' }],
    });
    const count = processing('CountRows', code['count-rows.ts'], {
      inputs: [{ source: make.properties.ProcessingOutputConfig.Outputs.get('rows').S3Output.S3Uri, destination: '/opt/ml/processing/input/rows' }],
      outputs: [{ outputName: 'report', source: '/opt/ml/processing/report' }],
    });
    const python = processing('Python', code['preprocess.py'], {
      command: ['python3'],
      arguments: ['CountRows'],
      outputs: [{ outputName: 'out', source: '/opt/ml/processing/out', destination: 's3://local-bucket/python/out' }],
      dependsOn: [count],
    });

    const run = await home.run(pipeline('Chain', [make, count, python], [rowsParameter]), { parameters: [{ Name: 'Rows', Value: '5' }] });

    expect(run.status).toBe('Succeeded');
    expect([...run.steps.values()].map((step) => `${step.name}:${step.status}`)).toEqual(['MakeRows:Succeeded', 'CountRows:Succeeded', 'Python:Succeeded']);
    const reportUri = String(
      (run.steps.get('CountRows')!.properties!.ProcessingOutputConfig as { Outputs: { S3Output: { S3Uri: string } }[] }).Outputs[0].S3Output.S3Uri,
    );
    expect(reportUri).toMatch(/^s3:\/\/local-bucket\/Chain\/exec\w+\/CountRows\/output\/report$/);
    expect(home.artifacts.readJson(`${reportUri}/report.json`)).toEqual({ rows: { count: 5 } });
    expect(readFileSync(home.artifacts.pathOf('s3://local-bucket/python/out/hello.txt'), 'utf8')).toBe('hello from CountRows');
    const jobName = String(run.steps.get('MakeRows')!.properties!.ProcessingJobName);
    expect(readJobLog(join(home.jobsDir, jobName, 'log')).some((line) => line.stream === 'stdout' && line.text === 'wrote 5 rows')).toBe(true);
  });

  it("gives a processing job SageMaker's /opt/ml/config: the request it runs and its host", async () => {
    const { make } = rowsWithReport();
    const show = processing('ShowConfig', code['show-config.py'], {
      command: ['python3'],
      inputs: [{ source: make.properties.ProcessingOutputConfig.Outputs.get('rows').S3Output.S3Uri, destination: '/opt/ml/processing/input/rows' }],
      outputs: [{ outputName: 'config', source: '/opt/ml/processing/config' }],
      env: { STAGE: 'test' },
    });

    const run = await home.run(pipeline('ShowConfig', [make, show]));

    expect(run.status).toBe('Succeeded');
    const properties = run.steps.get('ShowConfig')!.properties as {
      ProcessingJobName: string;
      ProcessingJobArn: string;
      ProcessingOutputConfig: { Outputs: { S3Output: { S3Uri: string } }[] };
    };
    const seen = home.artifacts.readJson(`${properties.ProcessingOutputConfig.Outputs[0]!.S3Output.S3Uri}/seen.json`) as {
      job: { ProcessingJobName: string; ProcessingJobArn: string; Environment: Record<string, string>; ProcessingInputs: { S3Input: { LocalPath: string } }[] };
      resources: unknown;
    };
    expect(seen.job.ProcessingJobName).toBe(properties.ProcessingJobName);
    expect(seen.job.ProcessingJobArn).toBe(properties.ProcessingJobArn);
    expect(seen.job.Environment).toEqual({ STAGE: 'test' });
    expect(seen.job.ProcessingInputs.map((input) => input.S3Input.LocalPath)).toContain('/opt/ml/processing/input/rows');
    expect(seen.resources).toEqual({ current_host: 'algo-1', hosts: ['algo-1'] });
  });

  it('trains under the SageMaker contract: channels, hyperparameters, model.tar.gz and metrics from the log', async () => {
    const make = processing('MakeRows', code['make-rows.ts'], {
      arguments: ['--rows', '4'],
      outputs: [{ outputName: 'rows', source: '/opt/ml/processing/rows' }],
    });
    const train = new TrainingStep({
      name: 'Train',
      imageUri: 'node',
      roleArn: role,
      instanceType: 'local',
      outputPath: 's3://local-bucket/models',
      code: code['train.ts'],
      hyperparameters: { scale: 2 },
      metricDefinitions: [{ name: 'validation:mse', regex: 'validation-mse: ([0-9.]+)' }],
      inputs: { train: make.properties.ProcessingOutputConfig.Outputs.get('rows').S3Output.S3Uri },
    });

    const run = await home.run(pipeline('Training', [make, train]));

    expect(run.status).toBe('Succeeded');
    const properties = run.steps.get('Train')!.properties as {
      ModelArtifacts: { S3ModelArtifacts: string };
      FinalMetricDataList: { MetricName: string; Value: number }[];
      TrainingJobName: string;
      SecondaryStatusTransitions: { Status: string; StartTime: number; EndTime: number; StatusMessage: string }[];
    };
    expect(properties.FinalMetricDataList.map((m) => [m.MetricName, m.Value])).toEqual([['validation:mse', 3]]);
    // The statuses the job went through, each ended when the next began, as SageMaker's description keeps them.
    const transitions = properties.SecondaryStatusTransitions;
    expect(transitions.map((t) => t.Status)).toEqual(['Starting', 'Training', 'Uploading', 'Completed']);
    for (const [index, transition] of transitions.entries()) {
      expect(transition.EndTime).toBeGreaterThanOrEqual(transition.StartTime);
      if (index > 0) expect(transition.StartTime).toBe(transitions[index - 1]!.EndTime);
    }
    expect(properties.ModelArtifacts.S3ModelArtifacts).toBe(`s3://local-bucket/models/${properties.TrainingJobName}/output/model.tar.gz`);
    const listing = spawnSync('tar', ['-xzOf', home.artifacts.pathOf(properties.ModelArtifacts.S3ModelArtifacts), './model.json'], { encoding: 'utf8' });
    expect(JSON.parse(listing.stdout)).toEqual({
      mean: 1.5,
      scale: 2,
      seen: { job: properties.TrainingJobName, scale: 2, channels: ['train', 'code'], host: 'algo-1' },
    });
  });

  /** MakeRows writes two rows; CountRows reads them and writes report.json ({"rows": {"count": 2}}), its property file Report. */
  function rowsWithReport() {
    const make = processing('MakeRows', code['make-rows.ts'], {
      arguments: ['--rows', '2'],
      outputs: [{ outputName: 'rows', source: '/opt/ml/processing/rows' }],
    });
    const report = new PropertyFile({ name: 'Report', outputName: 'report', path: 'report.json' });
    const count = processing('CountRows', code['count-rows.ts'], {
      inputs: [{ source: make.properties.ProcessingOutputConfig.Outputs.get('rows').S3Output.S3Uri, destination: '/opt/ml/processing/input/rows' }],
      outputs: [{ outputName: 'report', source: '/opt/ml/processing/report' }],
      propertyFiles: [report],
    });
    return { make, report, count };
  }

  it('runs only the branch a condition takes, and registers a model in the true branch', async () => {
    const { make, report, count } = rowsWithReport();
    const threshold = new ParameterInteger({ name: 'MinRows', defaultValue: 1 });
    const register = new ModelStep({
      name: 'Register',
      stepArgs: new Model({ imageUri: 'node', roleArn: role, modelData: 's3://local-bucket/models/m.tar.gz' }).register({
        contentTypes: ['text/csv'],
        responseTypes: ['text/csv'],
        inferenceInstances: ['ml.m5.large'],
        transformInstances: ['ml.m5.large'],
        modelPackageGroupName: 'RowsModels',
        approvalStatus: 'PendingManualApproval',
      }),
    });
    const tooFew = new FailStep({ name: 'TooFew', errorMessage: new Join({ on: ' ', values: ['fewer rows than', threshold] }) });
    const gate = new ConditionStep({
      name: 'Enough',
      conditions: [new ConditionGreaterThan({ left: new JsonGet({ step: count, propertyFile: report, jsonPath: 'rows.count' }), right: threshold })],
      ifSteps: [register],
      elseSteps: [tooFew],
    });
    const definition = pipeline('Gate', [make, count, gate], [threshold]);

    const passed = await home.run(definition);
    expect(passed.status).toBe('Succeeded');
    expect(passed.steps.get('Enough')!.metadata).toEqual({ Condition: { Outcome: 'True' } });
    expect(passed.steps.get('Register-RegisterModel')!.properties!.ModelPackageVersion).toBe(1);
    expect(passed.steps.has('TooFew')).toBe(false);

    const failed = await home.run(definition, { parameters: [{ Name: 'MinRows', Value: '10' }] });
    expect(failed.status).toBe('Failed');
    expect(failed.failureReason).toBe('fewer rows than 10');
    expect(failed.steps.get('TooFew')!.metadata).toEqual({ Fail: { ErrorMessage: 'fewer rows than 10' } });
    expect(failed.steps.has('Register-RegisterModel')).toBe(false);
  });

  it('fails a condition whose JsonGet path the property file does not have, naming the step, the file and what it has', async () => {
    const { make, report, count } = rowsWithReport();
    // The file says {"rows": {"count": 2}}; the condition reads another shape.
    const gate = new ConditionStep({
      name: 'Enough',
      conditions: [new ConditionGreaterThan({ left: new JsonGet({ step: count, propertyFile: report, jsonPath: 'rows.total' }), right: 1 })],
    });
    const run = await home.run(pipeline('GateMismatch', [make, count, gate]));
    expect(run.status).toBe('Failed');
    const reason = run.steps.get('Enough')!.failureReason ?? '';
    expect(reason).toMatch(
      /JsonGet "rows\.total": property file Report of step "CountRows" \(s3:\/\/\S+\/report\.json\) does not match: "rows" has no "total"; it has count/,
    );
  });

  it('retries a failed job as its retry policy says, and reports the attempts', async () => {
    const marker = join(home.scratch, `flaky-${Date.now()}`);
    const flaky = processing('Flaky', code['flaky.ts'], {
      env: { MARKER: marker },
      retryPolicies: [new SageMakerJobStepRetryPolicy({ exceptionTypes: ['SageMaker.JOB_INTERNAL_ERROR'], maxAttempts: 2, intervalSeconds: 1 })],
    });
    const run = await home.run(pipeline('Retry', [flaky]));
    expect(run.status).toBe('Succeeded');
    expect(run.steps.get('Flaky')!.attemptCount).toBe(2);
  });

  it('fails the execution with the job failure when no policy retries it, and starts nothing after it', async () => {
    const marker = join(home.scratch, `flaky-${Date.now()}-b`);
    const flaky = processing('Flaky', code['flaky.ts'], { env: { MARKER: marker } });
    const after = processing('After', code['counter.ts'], { env: { COUNTER: join(home.scratch, 'never') }, dependsOn: [flaky] });
    const run = await home.run(pipeline('NoRetry', [flaky, after]));
    expect(run.status).toBe('Failed');
    expect(run.steps.get('Flaky')!.failureReason).toBe('AlgorithmError: first attempt fails (the job exited with code 3)');
    expect(run.failureReason).toBe('Step "Flaky" failed: AlgorithmError: first attempt fails (the job exited with code 3)');
    expect(run.steps.has('After')).toBe(false);
  });

  it('reuses a cached run with the same inputs and reports where it came from', async () => {
    const counter = join(home.scratch, `counter-${Date.now()}`);
    const cached = () =>
      processing('Counted', code['counter.ts'], { env: { COUNTER: counter }, cacheConfig: new CacheConfig({ enableCaching: true, expireAfter: 'PT1H' }) });
    const first = await home.run(pipeline('Cached', [cached()]));
    const second = await home.run(pipeline('Cached', [cached()]));
    expect(second.status).toBe('Succeeded');
    expect(second.steps.get('Counted')!.cacheHit).toEqual({ sourceExecutionArn: first.executionArn });
    expect(readFileSync(counter, 'utf8')).toBe('run\n');
  });

  it('stops a running job: SIGTERM to its processes, the step and the execution end Stopped', async () => {
    let pid: number | undefined;
    const run = await home.run(pipeline('Stop', [processing('Sleeper', code['sleep.ts'])]), {
      whileRunning: (execution, updates) => {
        const poll = setInterval(() => {
          const withPid = updates.find((update) => update.pid !== undefined);
          if (withPid) {
            pid = withPid.pid;
            clearInterval(poll);
            execution.stop();
          }
        }, 50);
      },
    });
    expect(run.status).toBe('Stopped');
    expect(run.steps.get('Sleeper')!.status).toBe('Stopped');
    expect(run.updates.map((update) => update.status)).toContain('Stopping');
    expect(pid !== undefined && isAlive(pid)).toBe(false);
  });

  it('stops a job that runs past MaxRuntimeInSeconds and fails the step', async () => {
    const sleeper = new TrainingStep({
      name: 'Slow',
      imageUri: 'node',
      roleArn: role,
      instanceType: 'local',
      outputPath: 's3://local-bucket/models',
      code: code['sleep.ts'],
      maxRuntimeInSeconds: 1,
    });
    const run = await home.run(pipeline('Timeout', [sleeper]));
    expect(run.status).toBe('Failed');
    expect(run.steps.get('Slow')!.failureReason).toMatch(/^MaxRuntimeExceeded/);
  });

  it('takes file:// inputs, and http(s):// inputs downloaded once and cached', async () => {
    let requests = 0;
    const server = createServer((request, response) => {
      requests += 1;
      response.end('1\n2\n3\n4\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      // count-rows.ts reads rows.csv from its input folder.
      const localFolder = mkdtempSync(join(home.root, 'local-'));
      const local = join(localFolder, 'rows.csv');
      writeFileSync(local, '9\n8\n');
      const counting = (name: string, source: string) =>
        processing(name, code['count-rows.ts'], {
          inputs: [{ source, destination: '/opt/ml/processing/input/rows' }],
          outputs: [{ outputName: 'report', source: '/opt/ml/processing/report', destination: `s3://local-bucket/inputs/${name}` }],
        });
      const remote = `http://127.0.0.1:${port}/data/rows.csv`;
      for (let run = 0; run < 2; run++) {
        const result = await home.run(pipeline('Inputs', [counting('Remote', remote), counting('Local', pathToFileURL(local).href)]));
        expect(result.status).toBe('Succeeded');
      }
      expect(requests).toBe(1);
      expect(home.artifacts.readJson('s3://local-bucket/inputs/Remote/report.json')).toEqual({ rows: { count: 4 } });
      expect(home.artifacts.readJson('s3://local-bucket/inputs/Local/report.json')).toEqual({ rows: { count: 2 } });
    } finally {
      server.close();
    }
  });

  it('names the parameter to change when an input cannot be downloaded (offline)', async () => {
    const inputData = new ParameterString({ name: 'InputData', defaultValue: 'http://127.0.0.1:9/abalone.csv' });
    const step = processing('Read', code['count-rows.ts'], { inputs: [{ source: inputData, destination: '/opt/ml/processing/input/rows' }] });
    const run = await home.run(pipeline('Offline', [step], [inputData]));
    expect(run.status).toBe('Failed');
    expect(run.steps.get('Read')!.failureReason).toMatch(
      /^input "input-1": could not download http:\/\/127\.0\.0\.1:9\/abalone\.csv \(.+\); this machine may be offline\. It comes from parameter InputData: start the execution with InputData set to a copy you can reach/,
    );
  });

  it('gives each job a private /opt/ml on this machine', () => {
    expect(canMountPrivateOptMl()).toBe(true);
    expect(existsSync('/opt/ml/processing')).toBe(false);
  });
});
