// Every enum member of an operation's input, nested ones included, is checked against SageMaker's own model,
// with SageMaker's message; the local instance types are the one documented addition.
import { checkInputEnums } from '../../kernel-lib/src/service/input-enums.js';

describe("input enums from SageMaker's model", () => {
  it('refuses a nested value outside the enum, naming where it is as SageMaker does', () => {
    const body = {
      EndpointConfigName: 'c',
      ProductionVariants: [
        { VariantName: 'a', ModelName: 'm', InstanceType: 'ml.m5.large' },
        { VariantName: 'b', ModelName: 'm', InstanceType: 'ml.bogus.huge' },
      ],
    };
    expect(() => checkInputEnums('CreateEndpointConfig', body)).toThrow(
      expect.objectContaining({
        code: 'ValidationException',
        message: expect.stringMatching(
          /^1 validation error detected: Value 'ml\.bogus\.huge' at 'productionVariants\.2\.member\.instanceType' failed to satisfy constraint: Member must satisfy enum value set: \[.*ml\.m5\.large/,
        ),
      }),
    );
  });

  it('checks enums inside lists of values and deeper structures', () => {
    const body = {
      ModelPackageGroupName: 'g',
      InferenceSpecification: {
        Containers: [{ Image: 'i' }],
        SupportedContentTypes: ['text/csv'],
        SupportedResponseMIMETypes: ['text/csv'],
        SupportedTransformInstanceTypes: ['ml.m5.large', 'ml.nope'],
      },
    };
    expect(() => checkInputEnums('CreateModelPackage', body)).toThrow(
      /Value 'ml\.nope' at 'inferenceSpecification\.supportedTransformInstanceTypes\.2\.member'/,
    );
    expect(() => checkInputEnums('ListTrainingJobs', { SortBy: 'Size' })).toThrow(/Value 'Size' at 'sortBy'/);
  });

  it("accepts the model's values, the local instance types, and leaves wrong types to the handlers", () => {
    expect(() => checkInputEnums('CreateEndpointConfig', { ProductionVariants: [{ InstanceType: 'ml.m5.large' }, { InstanceType: 'local' }] })).not.toThrow();
    expect(() =>
      checkInputEnums('CreateTransformJob', { TransformResources: { InstanceType: 'local_gpu', InstanceCount: 1 }, BatchStrategy: 'MultiRecord' }),
    ).not.toThrow();
    expect(() => checkInputEnums('CreateEndpointConfig', { ProductionVariants: [{ InstanceType: 42 }] })).not.toThrow();
    expect(() => checkInputEnums('NoSuchOperation', { Anything: 'goes' })).not.toThrow();
  });
});
