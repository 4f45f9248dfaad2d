// Lineage as SageMaker records it: a pipeline prepares data, trains on it and registers the model; QueryLineage
// walks back from the version to the job, its data and its code, and forward from the data set to the version.
import {
  AddAssociationCommand,
  CreateArtifactCommand,
  DescribeArtifactCommand,
  DescribeContextCommand,
  ListActionsCommand,
  ListArtifactsCommand,
  ListAssociationsCommand,
  ListContextsCommand,
  QueryLineageCommand,
  type QueryLineageCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { createHash } from 'node:crypto';
import { lineagePipeline, rawData, rawDataUri } from '../fixtures/lineage/pipeline.js';
import { createPipeline, extrasClient, runToEnd } from './execution-harness.js';
import { runPython } from '../deploy/deploy-harness.js';
import { startTestService, type TestService } from './service-harness.js';

describe('lineage of a registered model version', () => {
  let test: TestService;
  let packageArn: string;
  let packageArtifact: string;
  let trainingJobArn: string;
  const pipeline = lineagePipeline('LineageRun', 'LineageGroup');

  beforeAll(async () => {
    test = await startTestService();
    const extras = extrasClient(test.service);
    await extras.putArtifact(rawDataUri, Buffer.from(rawData));
    await createPipeline(test.client, extras, pipeline);
    const run = await runToEnd(test.client, pipeline.name);
    if (run.status !== 'Succeeded') throw new Error(`the pipeline ended ${run.status}: ${run.failureReason}`);
    packageArn = run.steps.find((step) => step.StepName === 'Register-RegisterModel')!.Metadata!.RegisterModel!.Arn!;
    trainingJobArn = run.steps.find((step) => step.StepName === 'Train')!.Metadata!.TrainingJob!.Arn!;
    // As the Python SDK's visualizer finds a version's artifact: by its source URI.
    const listed = await test.client.send(new ListArtifactsCommand({ SourceUri: packageArn }));
    packageArtifact = listed.ArtifactSummaries![0]!.ArtifactArn!;
  }, 120000);
  afterAll(async () => {
    await test?.stop();
  });

  const query = (input: Omit<QueryLineageCommand['input'], 'StartArns'> & { StartArns: string[] }): Promise<QueryLineageCommandOutput> =>
    test.client.send(new QueryLineageCommand(input));
  const sourceOf = async (arn: string): Promise<string> => (await test.client.send(new DescribeArtifactCommand({ ArtifactArn: arn }))).Source!.SourceUri!;

  it('walks back from the version to its training job, input data and code', async () => {
    const result = await query({ StartArns: [packageArtifact], Direction: 'Ascendants', IncludeEdges: true });
    const vertices = result.Vertices!;
    expect(vertices[0]).toEqual({ Arn: packageArtifact, Type: 'ModelPackage', LineageType: 'Artifact' });
    const training = vertices.find((v) => v.Type === 'TrainingJob')!;
    expect(training).toMatchObject({ LineageType: 'TrialComponent' });
    expect(training.Arn).toMatch(/:experiment-trial-component\/pipelines-[a-z0-9]+-train-[a-z0-9]+-aws-training-job$/);
    expect(vertices.find((v) => v.Type === 'ProcessingJob')).toMatchObject({ LineageType: 'TrialComponent' });

    const dataSets = await Promise.all(vertices.filter((v) => v.Type === 'DataSet').map((v) => sourceOf(v.Arn!)));
    expect(dataSets).toContain(rawDataUri);
    expect(dataSets.some((uri) => uri.startsWith('s3://sluice-local/LineageRun/') || uri.includes('/batch'))).toBe(true);

    // Both steps' code, each with the SHA-256 of the bytes the job ran.
    const code = vertices.filter((v) => v.Type === 'Code');
    expect(code).toHaveLength(2);
    for (const asset of pipeline.codeAssets()) {
      const artifact = (await test.client.send(new ListArtifactsCommand({ SourceUri: asset.s3Uri, ArtifactType: 'Code' }))).ArtifactSummaries![0]!;
      const described = await test.client.send(new DescribeArtifactCommand({ ArtifactArn: artifact.ArtifactArn }));
      expect(described.Source!.SourceTypes).toEqual([{ SourceIdType: 'Custom', Value: `sha256:${createHash('sha256').update(asset.body).digest('hex')}` }]);
      expect(code.map((v) => v.Arn)).toContain(artifact.ArtifactArn);
    }

    // The edges say how: the model was Produced by the training job, which the data and code ContributedTo.
    const model = vertices.find((v) => v.Type === 'Model')!;
    expect(result.Edges).toEqual(
      expect.arrayContaining([
        { SourceArn: model.Arn, DestinationArn: packageArtifact, AssociationType: 'ContributedTo' },
        { SourceArn: training.Arn, DestinationArn: model.Arn, AssociationType: 'Produced' },
      ]),
    );
    const trainingJob = await test.client.send(new ListAssociationsCommand({ DestinationArn: training.Arn }));
    expect(trainingJob.AssociationSummaries!.map((a) => [a.SourceType, a.AssociationType]).sort()).toEqual([
      ['Code', 'ContributedTo'],
      ['DataSet', 'ContributedTo'],
      ['Image', 'ContributedTo'],
    ]);
  });

  it('filters as SageMaker does: only the data sets, without edges', async () => {
    const result = await query({ StartArns: [packageArtifact], Direction: 'Ascendants', IncludeEdges: false, Filters: { Types: ['DataSet'] } });
    expect(result.Edges).toEqual([]);
    expect(result.Vertices!.every((v) => v.Type === 'DataSet')).toBe(true);
    expect(result.Vertices).toHaveLength(2);
  });

  it('walks forward from the raw data set to every model version trained on it', async () => {
    const raw = (await test.client.send(new ListArtifactsCommand({ SourceUri: rawDataUri }))).ArtifactSummaries![0]!;
    expect(raw.ArtifactType).toBe('DataSet');
    const result = await query({ StartArns: [raw.ArtifactArn!], Direction: 'Descendants', Filters: { Types: ['ModelPackage'] }, IncludeEdges: false });
    expect(result.Vertices).toEqual([{ Arn: packageArtifact, Type: 'ModelPackage', LineageType: 'Artifact' }]);
    expect(await sourceOf(packageArtifact)).toBe(packageArn);
  });

  it('records the group as a ModelGroup context and the approval as an action', async () => {
    const contexts = await test.client.send(new ListContextsCommand({ ContextType: 'ModelGroup' }));
    const group = contexts.ContextSummaries!.find((c) => c.Source?.SourceUri?.endsWith(':model-package-group/lineagegroup'))!;
    expect(group).toBeDefined();
    expect((await test.client.send(new DescribeContextCommand({ ContextName: group.ContextName }))).ContextType).toBe('ModelGroup');
    const approvals = await test.client.send(new ListActionsCommand({ SourceUri: packageArn }));
    expect(approvals.ActionSummaries!.map((a) => a.ActionType)).toEqual(['Approval']);
    const produced = await test.client.send(new ListAssociationsCommand({ SourceType: 'TrainingJob', AssociationType: 'Produced' }));
    expect(produced.AssociationSummaries!.map((a) => a.DestinationType)).toEqual(['Model']);
  });

  it('takes what a client adds, and refuses an association to nothing', async () => {
    const created = await test.client.send(
      new CreateArtifactCommand({ ArtifactType: 'DataSet', Source: { SourceUri: 's3://sluice-data/lineage/labels.csv' } }),
    );
    await test.client.send(new AddAssociationCommand({ SourceArn: created.ArtifactArn, DestinationArn: packageArtifact, AssociationType: 'ContributedTo' }));
    const result = await query({ StartArns: [packageArtifact], Direction: 'Ascendants', MaxDepth: 1, IncludeEdges: false });
    expect(result.Vertices!.map((v) => v.Arn)).toContain(created.ArtifactArn);
    await expect(
      test.client.send(new AddAssociationCommand({ SourceArn: created.ArtifactArn, DestinationArn: 'arn:aws:sagemaker:us-east-1:000000000000:artifact/0000' })),
    ).rejects.toThrow(/is not a lineage entity/);
  });

  it('answers boto3 and the Python SDK visualizer’s calls', async () => {
    const out = await runPython(
      test,
      `
import boto3, sys, json
sm = boto3.client("sagemaker")
arn = sm.list_artifacts(SourceUri=sys.argv[1])["ArtifactSummaries"][0]["ArtifactArn"]
q = sm.query_lineage(StartArns=[arn], Direction="Ascendants", IncludeEdges=False, Filters={"LineageTypes": ["TrialComponent"]}, MaxDepth=10)
tcs = sorted(v["Type"] for v in q["Vertices"])
job = sm.list_trial_components(SourceArn=sys.argv[2])["TrialComponentSummaries"][0]["TrialComponentName"]
described = sm.describe_trial_component(TrialComponentName=job)
print(json.dumps({"tcs": tcs, "source": described["Source"]["SourceArn"], "status": described["Status"]["PrimaryStatus"]}))
`,
      [packageArn, trainingJobArn],
    );
    expect(JSON.parse(out)).toEqual({ tcs: ['ProcessingJob', 'TrainingJob'], source: trainingJobArn, status: 'Completed' });
  });
});
