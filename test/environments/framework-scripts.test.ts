import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand } from '@aws-sdk/client-sagemaker';
import type { LocalExtrasClient } from '../../kernel-lib/src/session/local-extras-client.js';
import { makeTestWorkspace, testEnvsDir } from '../harness/workspace.js';
import { extrasClient, role, runToEnd } from '../service/execution-harness.js';
import { startTestService, type TestService } from '../service/service-harness.js';

const SKLEARN = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3';
const BUCKET = 's3://framework-scripts';

/** Prints where its packages come from, so the test sees which environment ran it. */
const REPORT = `
import json, os, sys
import numpy, pandas, sklearn
extra = {}
try:
    import toolz
    extra["toolz"] = toolz.__file__
except ImportError:
    pass
print("REPORT " + json.dumps({"prefix": sys.prefix, "sklearn": sklearn.__version__, "numpy": numpy.__version__, "pandas": pandas.__version__, **extra}))
os.makedirs(os.environ.get("SM_MODEL_DIR", "/opt/ml/processing/output"), exist_ok=True)
`;

/** A source_dir as the Python SDK packs it: the script and its requirements.txt in sourcedir.tar.gz. */
function sourceDir(): Buffer {
  const folder = join(makeTestWorkspace('source-dir'), 'src');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'train.py'), REPORT);
  writeFileSync(join(folder, 'requirements.txt'), 'toolz==0.12.1\n');
  spawnSync('tar', ['-czf', join(folder, '..', 'sourcedir.tar.gz'), '-C', folder, '.']);
  return readFileSync(join(folder, '..', 'sourcedir.tar.gz'));
}

describe("framework images' scripts run in the image's environment", () => {
  let test: TestService;
  let extras: LocalExtrasClient;
  beforeAll(async () => {
    test = await startTestService();
    extras = extrasClient(test.service);
    await extras.putArtifact(`${BUCKET}/code/report.py`, REPORT);
    await extras.putArtifact(`${BUCKET}/code/sourcedir.tar.gz`, sourceDir());
  });
  afterAll(async () => {
    await test?.stop();
  });

  const reportOf = async (jobName: string) => {
    const line = (await extras.jobLog(jobName)).lines.find((entry) => entry.Text.startsWith('REPORT '));
    return JSON.parse(line!.Text.slice('REPORT '.length)) as { prefix: string; sklearn: string; numpy: string; toolz?: string };
  };

  it("SKLearnProcessor's script and script-mode training, with source_dir's requirements.txt in the job's own packages", async () => {
    const processing = {
      Name: 'Report',
      Type: 'Processing',
      Arguments: {
        ProcessingResources: { ClusterConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 } },
        AppSpecification: { ImageUri: SKLEARN, ContainerEntrypoint: ['python3', '/opt/ml/processing/input/code/report.py'] },
        RoleArn: role,
        ProcessingInputs: [
          {
            InputName: 'code',
            AppManaged: false,
            S3Input: { S3Uri: `${BUCKET}/code/report.py`, LocalPath: '/opt/ml/processing/input/code', S3DataType: 'S3Prefix', S3InputMode: 'File' },
          },
        ],
      },
    };
    const training = {
      Name: 'Train',
      Type: 'Training',
      Arguments: {
        AlgorithmSpecification: { TrainingImage: SKLEARN, TrainingInputMode: 'File' },
        OutputDataConfig: { S3OutputPath: `${BUCKET}/models` },
        StoppingCondition: { MaxRuntimeInSeconds: 600 },
        ResourceConfig: { VolumeSizeInGB: 30, InstanceCount: 1, InstanceType: 'ml.m5.xlarge' },
        RoleArn: role,
        HyperParameters: { sagemaker_program: '"train.py"', sagemaker_submit_directory: `"${BUCKET}/code/sourcedir.tar.gz"` },
      },
    };
    await test.client.send(
      new CreatePipelineCommand({
        PipelineName: 'FrameworkScripts',
        PipelineDefinition: JSON.stringify({ Version: '2020-12-01', Parameters: [], Steps: [processing, training] }),
        RoleArn: role,
        ClientRequestToken: 'framework-scripts',
      }),
    );

    const finished = await runToEnd(test.client, 'FrameworkScripts');

    expect(finished.steps.map((step) => `${step.StepName}:${step.StepStatus}:${step.FailureReason ?? ''}`)).toEqual(['Report:Succeeded:', 'Train:Succeeded:']);
    const processed = await reportOf(finished.steps[0].Metadata!.ProcessingJob!.Arn!.split('/').pop()!);
    const trained = await reportOf(finished.steps[1].Metadata!.TrainingJob!.Arn!.split('/').pop()!);
    for (const report of [processed, trained]) {
      expect(report.prefix.startsWith(testEnvsDir)).toBe(true);
      expect(report.sklearn).toMatch(/^1\.2\./);
      expect(report.numpy).toMatch(/^1\./);
    }
    expect(processed.toolz).toBeUndefined();
    expect(trained.toolz).toMatch(/^\/opt\/ml\/\.sluice\/packages\/toolz\/__init__\.py$/);
  });
});
