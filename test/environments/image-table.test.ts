import { frameworkImageOf, loadFrameworkTable, parseImageUri, UnknownFrameworkVersion } from '../../kernel-lib/src/engine/index.js';

describe("the table of SageMaker's framework images", () => {
  it('maps scikit-learn 1.2-1 to scikit-learn 1.2 with the numpy and pandas of its era', () => {
    const found = frameworkImageOf('683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3');

    expect(found?.label).toBe('sagemaker-scikit-learn:1.2-1');
    expect(found?.packages).toEqual(expect.arrayContaining(['scikit-learn==1.2.*', 'numpy<2', 'pandas<2.2', 'boto3']));
    // The entry's own pins replace the framework's unpinned names.
    expect(found?.packages.filter((requirement) => requirement.startsWith('numpy'))).toEqual(['numpy<2']);
  });

  it('maps the XGBoost image to its built-in algorithm and xgboost of its version', () => {
    const found = frameworkImageOf('683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1');

    expect(found?.framework.builtin).toBe('xgboost');
    expect(found?.packages).toContain('xgboost==1.7.*');
    expect(frameworkImageOf('450853457545.dkr.ecr.cn-north-1.amazonaws.com.cn/sagemaker-xgboost:1.0-1-cpu-py3')?.version).toBe('1.0-1');
    // The legacy algorithm image, image_uris.retrieve("xgboost", region, "1").
    expect(frameworkImageOf('811284229777.dkr.ecr.us-east-1.amazonaws.com/xgboost:1')?.note).toMatch(/legacy XGBoost algorithm/);
  });

  // URIs as the Python SDK's image_uris.retrieve writes them (CPU instance types).
  it.each([
    ['763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.8.0-cpu-py312', 'pytorch-training:2.8.0', 'torch==2.8.0+cpu'],
    ['763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.6.0-cpu-py312', 'pytorch-inference:2.6.0', 'torch==2.6.0+cpu'],
    ['763104351884.dkr.ecr.us-east-1.amazonaws.com/tensorflow-training:2.19.0-cpu-py312', 'tensorflow-training:2.19.0', 'tensorflow-cpu==2.19.0'],
    [
      '763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-inference:2.6.0-transformers4.49.0-cpu-py312-ubuntu22.04',
      'huggingface-pytorch-inference:4.49.0',
      'transformers==4.49.0',
    ],
    ['081325390199.dkr.ecr.us-east-1.amazonaws.com/sagemaker-base-python-310:1.0', 'sagemaker-base-python-310:1.0', 'boto3'],
  ])('maps %s to %s (%s)', (image, label, requirement) => {
    const found = frameworkImageOf(image);

    expect(found?.label).toBe(label);
    expect(found?.packages).toContain(requirement);
  });

  it('says where a version stands in for one that does not install on this Python', () => {
    expect(frameworkImageOf('x.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:0.23-1-cpu-py3')?.note).toMatch(/nearest that installs here/);
  });

  it('names the nearest entries for an unknown framework version', () => {
    const unknown = () => frameworkImageOf('683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.3-1-cpu-py3');

    expect(unknown).toThrow(UnknownFrameworkVersion);
    expect(unknown).toThrow(/no scikit-learn 1\.3-1 .*the nearest are 1\.2-1 and 1\.4-2/);
  });

  it('leaves images that are not framework images to the other rules', () => {
    expect(frameworkImageOf('123456789012.dkr.ecr.us-east-1.amazonaws.com/my-own-image:latest')).toBeUndefined();
    expect(parseImageUri('python:3.11')).toEqual({ repository: 'python', tag: '3.11' });
  });

  it('covers scikit-learn 0.23-1 to 1.4-2, XGBoost 1.0-1 to 1.7-1 and 3.0-5, PyTorch, TensorFlow, Hugging Face and Python', () => {
    const versions = Object.fromEntries(loadFrameworkTable().map((framework) => [framework.name, Object.keys(framework.versions)]));

    expect(versions['scikit-learn']).toEqual(['0.23-1', '1.0-1', '1.2-1', '1.4-2']);
    expect(versions.XGBoost).toEqual(expect.arrayContaining(['1.0-1', '1.2-1', '1.2-2', '1.3-1', '1.5-1', '1.7-1', '3.0-5']));
    expect(Object.keys(versions)).toEqual(expect.arrayContaining(['PyTorch', 'TensorFlow', 'Hugging Face', 'Python']));
    // Every entry names packages that the framework's imports need; the framework's own package is pinned.
    for (const framework of loadFrameworkTable()) {
      for (const [version, entry] of Object.entries(framework.versions)) {
        if (framework.name !== 'Python')
          expect({ version, pinned: entry.packages.some((requirement) => /[=<>]/.test(requirement)) }).toEqual({ version, pinned: true });
      }
    }
  });
});
