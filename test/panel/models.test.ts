/** @jest-environment jsdom */
import './jsdom-globals.js';
import { readFileSync } from 'node:fs';
import { ExecutionModel } from '../../labextension/src/model/execution-model.js';
import { ModelGroupModel } from '../../labextension/src/model/model-group-model.js';
import { defaultText, overridesOf, parameterProblem, parametersOf } from '../../labextension/src/model/parameters.js';
import { PipelineModel } from '../../labextension/src/model/pipeline-model.js';
import { PipelinesModel } from '../../labextension/src/model/pipelines-model.js';
import { ProjectModel } from '../../labextension/src/model/project-model.js';
import type { PipelineExecutionStatus } from '@aws-sdk/client-sagemaker';
import { FakeService } from './fake-service.js';
import { track } from './track-models.js';

const abalone = readFileSync(new URL('./fixtures/abalone-definition.json', import.meta.url), 'utf8');
const executionArn = (id: string): string => `arn:aws:sagemaker:us-east-1:000000000000:pipeline/abalone/execution/${id}`;

describe('the sidebar model', () => {
  const service = (): FakeService =>
    new FakeService()
      .on('SageMaker.ListPipelines', () => ({ PipelineSummaries: [{ PipelineName: 'abalone' }, { PipelineName: 'churn' }, { PipelineName: 'Abalone-Large' }] }))
      .on('SageMaker.ListPipelineExecutions', (input) =>
        input.PipelineName === 'abalone'
          ? {
              PipelineExecutionSummaries: [
                { PipelineExecutionStatus: 'Executing', StartTime: 200 },
                { PipelineExecutionStatus: 'Succeeded', StartTime: 100 },
              ],
            }
          : input.PipelineName === 'churn'
            ? { PipelineExecutionSummaries: Array.from({ length: 100 }, () => ({ PipelineExecutionStatus: 'Failed', StartTime: 50 })), NextToken: 'more' }
            : { PipelineExecutionSummaries: [] },
      )
      .on('SageMaker.ListModelPackageGroups', () => ({
        ModelPackageGroupSummaryList: [
          { ModelPackageGroupName: 'AbaloneGroup', ModelPackageGroupArn: 'arn:group', ModelPackageGroupStatus: 'Completed', CreationTime: 10 },
        ],
      }))
      .on('SageMaker.ListEndpoints', () => ({ Endpoints: [] }))
      .on('SageMaker.ListProjects', () => ({
        ProjectSummaryList: [
          { ProjectName: 'churn', ProjectId: 'p-000000000001', ProjectArn: 'arn:project/churn', ProjectStatus: 'CreateCompleted', CreationTime: 5 },
        ],
      }));

  it('lists each pipeline with its latest execution status and time and how many executions it has', async () => {
    const model = track(new PipelinesModel(service()));
    let changes = 0;
    model.changed.connect(() => (changes += 1));
    await model.reload();
    expect(model.pipelines).toEqual([
      { name: 'abalone', lastExecutionStatus: 'Executing', lastExecutionTime: 200, executionCount: 2, executionCountCapped: false },
      { name: 'churn', lastExecutionStatus: 'Failed', lastExecutionTime: 50, executionCount: 100, executionCountCapped: true },
      { name: 'Abalone-Large', executionCount: 0, executionCountCapped: false },
    ]);
    expect(model.modelPackageGroups.map((group) => group.ModelPackageGroupName)).toEqual(['AbaloneGroup']);
    expect(changes).toBe(1);
  });

  it('filters by part of the name, ignoring case', async () => {
    const model = track(new PipelinesModel(service()));
    await model.reload();
    model.filter = 'ABAL';
    expect(model.filteredPipelines.map((row) => row.name)).toEqual(['abalone', 'Abalone-Large']);
    model.filter = 'zzz';
    expect(model.filteredPipelines).toEqual([]);
  });

  it('says the service is unreachable, keeps what it had, and recovers on the next load', async () => {
    const fake = service();
    const model = track(new PipelinesModel(fake));
    await model.reload();
    fake.unreachable = true;
    await model.reload();
    expect(model.error).toMatchObject({ type: 'ServiceUnreachable', unreachable: true });
    expect(model.pipelines).toHaveLength(3);
    fake.unreachable = false;
    await model.reload();
    expect(model.error).toBeUndefined();
  });

  it('does not poll while hidden, and loads as soon as it is shown', async () => {
    const fake = service();
    const model = track(new PipelinesModel(fake, 50));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.calls).toHaveLength(0);
    const loaded = new Promise<void>((resolve) => model.changed.connect(() => resolve()));
    model.visible = true;
    await loaded;
    expect(model.loaded).toBe(true);
    model.visible = false;
  });
});

describe('a pipeline model', () => {
  const service = (): FakeService =>
    new FakeService()
      .on('SageMaker.DescribePipeline', () => ({ PipelineName: 'abalone', PipelineDefinition: abalone, PipelineArn: 'arn:pipeline/abalone' }))
      .on('SageMaker.ListPipelineVersions', () => ({ PipelineVersionSummaries: [{ PipelineVersionId: 2 }, { PipelineVersionId: 1 }] }))
      .on('SluiceLocal.ListPipelineExecutions', (input) =>
        input.NextToken === undefined
          ? {
              PipelineExecutionSummaries: [
                {
                  PipelineExecutionArn: executionArn('b'),
                  PipelineExecutionStatus: 'Succeeded',
                  StartTime: 100,
                  EndTime: 130,
                  PipelineParameters: [{ Name: 'MseThreshold', Value: '7.5' }],
                },
              ],
              NextToken: 'page2',
            }
          : {
              PipelineExecutionSummaries: [
                {
                  PipelineExecutionArn: executionArn('a'),
                  PipelineExecutionStatus: 'Failed',
                  StartTime: 50,
                  PipelineParameters: [{ Name: 'MseThreshold', Value: '6.0' }],
                },
              ],
            },
      )
      .on('SageMaker.StartPipelineExecution', () => ({ PipelineExecutionArn: executionArn('c') }));

  it('reads parameters and graph from the latest definition, and pages through executions', async () => {
    const fake = service();
    const model = track(new PipelineModel(fake, 'abalone', 1));
    await model.reload();
    expect(model.parameters.map((parameter) => `${parameter.name}:${parameter.type}`)).toEqual([
      'ProcessingInstanceCount:Integer',
      'ModelApprovalStatus:String',
      'InputDataUrl:String',
      'MseThreshold:Float',
    ]);
    expect(model.graph?.nodes).toHaveLength(5);
    expect(model.versions.map((version) => version.id)).toEqual([2, 1]);
    expect(model.executions.map((execution) => execution.PipelineExecutionArn)).toEqual([executionArn('b')]);
    expect(model.valuesOf(executionArn('b'))).toEqual({ MseThreshold: '7.5' });
    expect(model.executions[0].EndTime).toBe(130);
    expect([model.pageNumber, model.hasPreviousPage, model.hasNextPage]).toEqual([1, false, true]);

    await model.nextPage();
    expect(model.executions.map((execution) => execution.PipelineExecutionArn)).toEqual([executionArn('a')]);
    expect([model.pageNumber, model.hasPreviousPage, model.hasNextPage]).toEqual([2, true, false]);
    await model.previousPage();
    expect(model.pageNumber).toBe(1);
    // One request a page: values and ends come with the list.
    expect(fake.count('SluiceLocal.ListPipelineExecutions')).toBe(3);
  });

  it('starts an execution with only the values that differ from the defaults', async () => {
    const fake = service();
    const model = track(new PipelineModel(fake, 'abalone'));
    await model.reload();
    const values = Object.fromEntries(model.parameters.map((parameter) => [parameter.name, defaultText(parameter)]));
    values.MseThreshold = '7.5';
    const arn = await model.start({ displayName: 'try 7.5', parameters: overridesOf([...model.parameters], values) });
    expect(arn).toBe(executionArn('c'));
    const start = fake.calls.find((call) => call.operation === 'SageMaker.StartPipelineExecution');
    expect(start?.input).toMatchObject({
      PipelineName: 'abalone',
      PipelineExecutionDisplayName: 'try 7.5',
      PipelineParameters: [{ Name: 'MseThreshold', Value: '7.5' }],
    });
  });
});

describe('parameter values in the Start dialog', () => {
  const parameters = parametersOf(
    JSON.stringify({
      Parameters: [
        { Name: 'Count', Type: 'Integer', DefaultValue: 1 },
        { Name: 'Threshold', Type: 'Float', DefaultValue: 6.0 },
        { Name: 'Flag', Type: 'Boolean', DefaultValue: false },
        { Name: 'Mode', Type: 'String', DefaultValue: 'fast', EnumValues: ['fast', 'slow'] },
        { Name: 'Input', Type: 'String' },
      ],
    }),
  );

  it('shows defaults as the wire carries them', () => {
    expect(parameters.map(defaultText)).toEqual(['1', '6.0', 'false', 'fast', '']);
  });

  it('checks each value against its type before anything is sent', () => {
    const [count, threshold, flag, mode, input] = parameters;
    expect(parameterProblem(count, '2.5')).toBe('Count must be a whole number');
    expect(parameterProblem(count, '3')).toBeUndefined();
    expect(parameterProblem(threshold, 'abc')).toBe('Threshold must be a number');
    expect(parameterProblem(threshold, '0.25')).toBeUndefined();
    expect(parameterProblem(flag, 'maybe')).toBe('Flag must be true or false');
    expect(parameterProblem(mode, 'medium')).toBe('Mode must be one of fast, slow');
    expect(parameterProblem(input, '')).toBe('Input needs a value');
  });
});

describe('an execution model', () => {
  function service(status: { value: string }): FakeService {
    return new FakeService()
      .on('SageMaker.DescribePipelineExecution', () => ({
        PipelineExecutionStatus: status.value as PipelineExecutionStatus,
        PipelineExecutionArn: executionArn('x'),
        CreationTime: 1,
      }))
      .on('SageMaker.ListPipelineExecutionSteps', () => ({
        PipelineExecutionSteps: [
          { StepName: 'EvaluateAbaloneModel', StepStatus: status.value === 'Executing' ? 'Executing' : 'Stopped' },
          { StepName: 'TrainAbaloneModel', StepStatus: 'Succeeded', CacheHitResult: { SourcePipelineExecutionArn: executionArn('old') } },
          {
            StepName: 'PreprocessAbaloneData',
            StepStatus: 'Succeeded',
            Metadata: { ProcessingJob: { Arn: 'arn:aws:sagemaker:us-east-1:0:processing-job/pipelines-x-preprocess' } },
          },
        ],
      }))
      .on('SageMaker.DescribePipelineDefinitionForExecution', () => ({ PipelineDefinition: abalone }))
      .on('SageMaker.ListPipelineParametersForExecution', () => ({ PipelineParameters: [{ Name: 'MseThreshold', Value: '6.0' }] }))
      .on('SageMaker.StopPipelineExecution', () => {
        status.value = 'Stopped';
        return { PipelineExecutionArn: executionArn('x') };
      })
      .on('SageMaker.StartPipelineExecution', () => ({ PipelineExecutionArn: executionArn('y') }));
  }

  it('gives each step of the graph its live state, pending and not run included', async () => {
    const status = { value: 'Executing' };
    const model = track(new ExecutionModel(service(status), executionArn('x'), 'abalone'));
    await model.reload();
    expect(model.pipelineName).toBe('abalone');
    expect(model.graph?.nodes.map((node) => [node.id, model.stepState(node.id)])).toEqual([
      ['PreprocessAbaloneData', 'succeeded'],
      ['TrainAbaloneModel', 'cached'],
      ['EvaluateAbaloneModel', 'executing'],
      ['CheckMSEAbaloneEvaluation', 'pending'],
      ['RegisterAbaloneModel-RegisterModel', 'pending'],
    ]);
  });

  it('stops: the status and the steps left over change, and the definition is read only once', async () => {
    const status = { value: 'Executing' };
    const fake = service(status);
    const model = track(new ExecutionModel(fake, executionArn('x'), 'abalone'));
    await model.reload();
    await model.stop();
    expect(model.status).toBe('Stopped');
    expect(model.stepState('EvaluateAbaloneModel')).toBe('stopped');
    expect(model.stepState('CheckMSEAbaloneEvaluation')).toBe('notRun');
    expect(fake.count('SageMaker.DescribePipelineDefinitionForExecution')).toBe(1);
  });

  it('re-runs with the same parameter values', async () => {
    const status = { value: 'Succeeded' };
    const fake = service(status);
    const model = track(new ExecutionModel(fake, executionArn('x'), 'abalone'));
    await model.reload();
    await expect(model.rerun()).resolves.toBe(executionArn('y'));
    expect(fake.calls.find((call) => call.operation === 'SageMaker.StartPipelineExecution')?.input).toMatchObject({
      PipelineName: 'abalone',
      PipelineParameters: [{ Name: 'MseThreshold', Value: '6.0' }],
    });
  });
});

describe('a model group model', () => {
  it('lists versions with their details, and needs a comment to reject', async () => {
    const approval = { value: 'PendingManualApproval', comment: undefined as string | undefined };
    const arn = 'arn:aws:sagemaker:us-east-1:0:model-package/AbaloneGroup/1';
    const fake = new FakeService()
      .on('SageMaker.ListModelPackages', () => ({
        ModelPackageSummaryList: [
          { ModelPackageArn: arn, ModelPackageVersion: 1, ModelApprovalStatus: approval.value as 'Approved', CreationTime: 1, ModelPackageStatus: 'Completed' },
        ],
      }))
      .on('SageMaker.DescribeModelPackage', () => ({
        ModelPackageArn: arn,
        ModelPackageName: 'AbaloneGroup',
        CreationTime: 1,
        ModelPackageStatus: 'Completed',
        ModelPackageStatusDetails: { ValidationStatuses: [], ImageScanStatuses: [] },
        ApprovalDescription: approval.comment,
      }))
      .on('SageMaker.UpdateModelPackage', (input) => {
        approval.value = input.ModelApprovalStatus ?? approval.value;
        approval.comment = input.ApprovalDescription;
        return { ModelPackageArn: arn };
      });
    const model = track(new ModelGroupModel(fake, 'AbaloneGroup'));
    await model.reload();
    expect(model.versions.map((version) => version.ModelApprovalStatus)).toEqual(['PendingManualApproval']);

    await expect(model.updateStatus(arn, 'Rejected', '  ')).rejects.toThrow('Say why the version is rejected.');
    expect(fake.count('SageMaker.UpdateModelPackage')).toBe(0);

    await model.updateStatus(arn, 'Approved', 'MSE 4.1 beats production');
    expect(model.versions.map((version) => version.ModelApprovalStatus)).toEqual(['Approved']);
    expect(model.details(arn)?.ApprovalDescription).toBe('MSE 4.1 beats production');
  });
});

describe("a project's endpoints", () => {
  const packageArn = (group: string, version: number): string => `arn:aws:sagemaker:us-east-1:000000000000:model-package/${group}/${version}`;
  const service = (): FakeService =>
    new FakeService()
      .on('SluiceLocal.DescribeProject', () => ({
        ProjectName: 'demo',
        ProjectId: 'p-000000000001',
        ProjectArn: 'arn:project/demo',
        ProjectStatus: 'CreateCompleted',
        CreationTime: 5,
        SluiceLocal: {
          TemplateId: 'empty',
          RepositoryPath: '/w/demo-modelbuild',
          SettingsFile: '/w/demo-modelbuild/sluice-project.json',
          PipelineName: 'demo-p-000000000001',
          ModelPackageGroupName: 'demo-p-000000000001',
          RepositoryExists: true,
          LastCommits: [],
          Tags: [],
        },
      }))
      .on('SageMaker.ListPipelines', () => ({ PipelineSummaries: [] }))
      .on('SageMaker.ListModelPackages', () => ({ ModelPackageSummaryList: [] }))
      .on('SageMaker.ListEndpoints', () => ({
        Endpoints: ['demo-staging', 'other-prod', 'raw'].map((name) => ({
          EndpointName: name,
          EndpointArn: `arn:endpoint/${name}`,
          CreationTime: 8,
          LastModifiedTime: 9,
          EndpointStatus: 'InService' as const,
        })),
      }))
      .on('SageMaker.DescribeEndpoint', (input) => ({
        EndpointName: input.EndpointName,
        EndpointArn: `arn:endpoint/${input.EndpointName}`,
        EndpointConfigName: `${input.EndpointName}-config`,
        EndpointStatus: 'InService',
        CreationTime: 8,
        LastModifiedTime: 9,
      }))
      .on('SageMaker.DescribeEndpointConfig', (input) => ({
        EndpointConfigName: input.EndpointConfigName,
        EndpointConfigArn: `arn:endpoint-config/${input.EndpointConfigName}`,
        CreationTime: 8,
        ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: `${input.EndpointConfigName}-model` }],
      }))
      .on('SageMaker.DescribeModel', (input) => {
        const served: Record<string, string> = {
          'demo-staging-config-model': packageArn('demo-p-000000000001', 2),
          'other-prod-config-model': packageArn('other-group', 1),
        };
        const modelPackage = served[input.ModelName ?? ''];
        return {
          ModelName: input.ModelName,
          ModelArn: `arn:model/${input.ModelName}`,
          CreationTime: 8,
          PrimaryContainer: modelPackage ? { ModelPackageName: modelPackage } : { Image: 'node', ModelDataUrl: 's3://m/model.tar.gz' },
        };
      });

  it('lists only the endpoints that serve a version of its model group, and reads each configuration once', async () => {
    const fake = service();
    const model = track(new ProjectModel(fake, 'demo'));
    await model.reload();
    expect(model.endpoints).toEqual([
      { name: 'demo-staging', arn: 'arn:endpoint/demo-staging', status: 'InService', modifiedAt: 9, modelPackageArn: packageArn('demo-p-000000000001', 2) },
    ]);
    await model.reload();
    expect(fake.count('SageMaker.DescribeEndpoint')).toBe(6);
    expect(fake.count('SageMaker.DescribeEndpointConfig')).toBe(3);
  });
});
