// A name in a definition that becomes a folder (a training channel) cannot lead outside the job: the SDK
// refuses it with every problem at once, and the engine refuses it in a definition any client wrote.
import { existsSync } from 'node:fs';
import { Pipeline, PipelineDefinitionError } from '../../kernel-lib/src/index.js';
import { EngineHome } from '../engine/engine-harness.js';

const escape = `../../../../tmp/sluice-channel-escape-${process.pid}`;

function trainingStep(name: string, channels: string[]): Record<string, unknown> {
  return {
    Name: name,
    Type: 'Training',
    Arguments: {
      AlgorithmSpecification: { TrainingImage: 'node', TrainingInputMode: 'File', ContainerEntrypoint: ['node', '-e', 'console.log(1)'] },
      OutputDataConfig: { S3OutputPath: 's3://names-bucket/models' },
      ResourceConfig: { InstanceCount: 1, InstanceType: 'local', VolumeSizeInGB: 30 },
      StoppingCondition: { MaxRuntimeInSeconds: 600 },
      RoleArn: 'arn:aws:iam::000000000000:role/Local',
      InputDataConfig: channels.map((ChannelName) => ({
        ChannelName,
        DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://names-bucket/data/', S3DataDistributionType: 'FullyReplicated' } },
      })),
    },
  };
}

const definition = (steps: Record<string, unknown>[]) =>
  JSON.stringify({ Version: '2020-12-01', Metadata: {}, Parameters: [], PipelineExperimentConfig: null, Steps: steps });

describe('names that become paths', () => {
  it("SDK validation refuses a ChannelName that is not SageMaker's pattern, naming step and field, every problem at once", () => {
    let error: unknown;
    try {
      Pipeline.fromDefinition(definition([trainingStep('Train', [escape, 'train']), trainingStep('Again', ['..'])]), { name: 'Names' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PipelineDefinitionError);
    expect((error as PipelineDefinitionError).problems).toEqual([
      `Step "Train" Arguments.InputDataConfig[0].ChannelName ${JSON.stringify(escape)} must match [A-Za-z0-9\\.\\-_]{1,64}`,
      'Step "Again" Arguments.InputDataConfig[0].ChannelName ".." cannot be only dots',
    ]);
  });

  it('the engine refuses it too, in a definition that skipped the SDK, and copies nothing outside the job', async () => {
    const home = new EngineHome();
    home.artifacts.putObject('s3://names-bucket/data/rows.csv', Buffer.from('1\n2\n'));
    // As any client could send it: the definition's text, not an SDK pipeline.
    const raw = { name: 'RawNames', definition: () => definition([trainingStep('Train', [escape])]), codeAssets: () => [] } as unknown as Pipeline;
    const run = await home.run(raw);
    expect(run.status).toBe('Failed');
    expect(run.steps.get('Train')!.failureReason).toMatch(/ChannelName ".*sluice-channel-escape.*" must match \[A-Za-z0-9/);
    expect(existsSync(`/tmp/sluice-channel-escape-${process.pid}`)).toBe(false);
  });
});
