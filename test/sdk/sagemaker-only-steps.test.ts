import { AutoMLStep, CacheConfig, ClarifyCheckStep, Pipeline, QualityCheckStep } from '../../kernel-lib/src/index.js';

const role = 'arn:aws:iam::123456789012:role/SageMakerRole';
const monitorJob = { ProcessingResources: { ClusterConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 } }, RoleArn: role };

function definitionOf(...steps: ConstructorParameters<typeof Pipeline>[0]['steps']): string {
  return new Pipeline({ name: 'Checks', steps }).definition();
}

describe('steps that run only on SageMaker', () => {
  it('QualityCheck writes every check key after CacheConfig, null where unset, in the Python SDK order', () => {
    const text = definitionOf(
      new QualityCheckStep({
        name: 'DataQuality',
        checkType: 'DATA_QUALITY',
        processingJob: monitorJob,
        cacheConfig: new CacheConfig({ enableCaching: true }),
      }),
    );
    expect(text).toContain(
      '"CacheConfig": {"Enabled": true}, "CheckType": "DATA_QUALITY", "ModelPackageGroupName": null, "SkipCheck": false, "FailOnViolation": true, ' +
        '"RegisterNewBaseline": false, "SuppliedBaselineStatistics": null, "SuppliedBaselineConstraints": null}',
    );
  });

  it('ClarifyCheck names the model for model checks only', () => {
    const bias = new ClarifyCheckStep({ name: 'ModelBias', checkType: 'MODEL_BIAS', processingJob: monitorJob, modelName: 'm-1', modelPackageGroupName: 'g' });
    const data = new ClarifyCheckStep({ name: 'DataBias', checkType: 'DATA_BIAS', processingJob: monitorJob, modelName: 'ignored' });
    const text = definitionOf(bias, data);
    expect(text).toContain(
      '"CheckType": "MODEL_BIAS", "ModelPackageGroupName": "g", "SkipCheck": false, "FailOnViolation": true, "RegisterNewBaseline": false, "SuppliedBaselineConstraints": null, "ModelName": "m-1"}',
    );
    expect(text).toContain(
      '"CheckType": "DATA_BIAS", "ModelPackageGroupName": null, "SkipCheck": false, "FailOnViolation": true, "RegisterNewBaseline": false, "SuppliedBaselineConstraints": null}',
    );
  });

  it('AutoML is always in ENSEMBLING mode, and the definition round-trips', () => {
    const automl = new AutoMLStep({
      name: 'AutoPilot',
      inputDataConfig: [
        { ChannelType: 'training', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://b/train' } }, TargetAttributeName: 'rings' },
      ],
      outputPath: 's3://b/automl',
      roleArn: role,
      problemType: 'Regression',
      objectiveMetric: 'MSE',
      jobConfig: { CompletionCriteria: { MaxCandidates: 5 } },
    });
    const text = definitionOf(automl);
    expect(text).toContain('"Arguments": {"AutoMLJobConfig": {"CompletionCriteria": {"MaxCandidates": 5}, "Mode": "ENSEMBLING"}');
    expect(text).toContain('"ProblemType": "Regression", "AutoMLJobObjective": {"MetricName": "MSE"}}');
    expect(Pipeline.fromDefinition(text).definition()).toBe(text);
    expect(JSON.stringify(automl.properties.BestCandidateProperties.ModelInsightsJsonReportPath)).toBe(
      '{"Get":"Steps.AutoPilot.BestCandidateProperties.ModelInsightsJsonReportPath"}',
    );
  });
});
