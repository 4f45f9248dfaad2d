import { spawnSync } from 'node:child_process';
import { sklearnImage, xgboostImage, type SKLearnVersion, type XGBoostVersion } from '../../kernel-lib/src/index.js';
import { frameworkImageAccounts, frameworkImageTags } from '../../kernel-lib/src/sdk/images/ecr-accounts.js';
import { testVenvPython } from '../../scripts/lib/paths.mjs';

/** Every version in regions of each partition, and one version in every region (all of them is 500 slow look-ups). */
function cases(): string[] {
  const partitions = ['us-east-1', 'cn-north-1', 'us-gov-west-1', 'us-iso-east-1'];
  return (['xgboost', 'sklearn'] as const).flatMap((framework) => {
    const versions = Object.keys(frameworkImageTags[framework].tags);
    return [
      ...versions.flatMap((version) => partitions.map((region) => `${framework} ${version} ${region}`)),
      ...Object.keys(frameworkImageAccounts).map((region) => `${framework} ${versions.at(-1)} ${region}`),
    ];
  });
}

/** What the SageMaker Python SDK's image_uris.retrieve writes for each case. */
function pythonImageUris(): Record<string, string> {
  const program = `
import json, sys
from sagemaker import image_uris
print(json.dumps({case: image_uris.retrieve(*case.split(" ")[::2], case.split(" ")[1]) for case in json.loads(sys.argv[1])}))
`;
  const run = spawnSync(testVenvPython, ['-c', program, JSON.stringify(cases())], {
    encoding: 'utf8',
    env: { ...process.env, SAGEMAKER_SUPPRESS_V2_WARNING: '1' },
    timeout: 120000,
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, string>;
}

describe('xgboostImage and sklearnImage', () => {
  it("write the image URIs the Python SDK's image_uris.retrieve writes, for every version and every region", () => {
    const python = pythonImageUris();

    const ours = Object.fromEntries(
      Object.keys(python).map((key) => {
        const [framework, version, region] = key.split(' ');
        return [key, framework === 'xgboost' ? xgboostImage(version as XGBoostVersion, region) : sklearnImage(version as SKLearnVersion, region)];
      }),
    );
    expect(Object.keys(python).length).toBeGreaterThan(100);
    expect(ours).toEqual(python);
  });

  it('default to us-east-1 and name what exists when a version does not', () => {
    expect(xgboostImage('1.7-1')).toBe('683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1');
    expect(sklearnImage('1.2-1', 'cn-north-1')).toBe('450853457545.dkr.ecr.cn-north-1.amazonaws.com.cn/sagemaker-scikit-learn:1.2-1-cpu-py3');
    expect(() => xgboostImage('1.6-1' as XGBoostVersion)).toThrow(
      /Unsupported xgboost version: 1\.6-1\. Supported xgboost version\(s\): 0\.90-1, .*1\.7-1, 3\.0-5/,
    );
  });
});
