// STS on the service's endpoint, in STS's query protocol: GetCallerIdentity, AssumeRole and GetSessionToken
// from boto3 and the aws CLI; the credentials it hands out work against S3, SageMaker and STS alike.
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { startTestService, type TestService } from '../service/service-harness.js';
import { awsCli, awsEnv, run, s3Request, testVenvPython } from './s3-harness.js';

describe('STS on the local service', () => {
  let test: TestService;
  beforeAll(async () => {
    test = await startTestService();
  });
  afterAll(async () => {
    await test?.stop();
  });

  it('answers boto3: caller identity, AssumeRole credentials that work everywhere, GetSessionToken, a forged signature refused', async () => {
    const ran = await run(testVenvPython, [join(repoRoot, 'test', 's3', 'fixtures', 'boto3_sts.py')], awsEnv(test.service));
    expect(ran.stderr).toBe('');
    expect(JSON.parse(ran.stdout)).toEqual({
      me: { Account: '000000000000', Arn: 'arn:aws:iam::000000000000:user/sluice', UserId: expect.stringMatching(/^AIDA/) },
      assumed: { Account: '000000000000', Arn: 'arn:aws:sts::000000000000:assumed-role/Analyst/py-session', UserId: 'AROASLUICE:py-session' },
      assumed_user: { Arn: 'arn:aws:sts::000000000000:assumed-role/Analyst/py-session', AssumedRoleId: 'AROASLUICE:py-session' },
      buckets: [],
      pipelines: [],
      nested: 'AccessDenied',
      session_token_works: '000000000000',
      forged: ['SignatureDoesNotMatch', 403],
    });
  });

  it('answers the aws CLI: get-caller-identity, and assume-role credentials used for S3', async () => {
    const env = awsEnv(test.service);
    const me = await run(awsCli, ['sts', 'get-caller-identity', '--output', 'json'], env);
    expect(me.code).toBe(0);
    expect(JSON.parse(me.stdout)).toMatchObject({ Account: '000000000000', Arn: 'arn:aws:iam::000000000000:user/sluice' });
    const assumed = await run(
      awsCli,
      ['sts', 'assume-role', '--role-arn', 'arn:aws:iam::000000000000:role/Cli', '--role-session-name', 'cli-session', '--output', 'json'],
      env,
    );
    expect(assumed.code).toBe(0);
    const credentials = (JSON.parse(assumed.stdout) as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }).Credentials;
    const roleEnv = awsEnv(test.service, {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
    });
    expect((await run(awsCli, ['s3', 'mb', 's3://role-bucket'], roleEnv)).code).toBe(0);
    const who = await run(awsCli, ['sts', 'get-caller-identity', '--output', 'json'], roleEnv);
    expect(JSON.parse(who.stdout)).toMatchObject({ Arn: 'arn:aws:sts::000000000000:assumed-role/Cli/cli-session' });
    // Without its session token the role's key is refused.
    const { AWS_SESSION_TOKEN: _token, ...tokenless } = roleEnv;
    const refused = await run(awsCli, ['s3', 'ls'], tokenless);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/InvalidToken/);
  });

  it("answers an unsigned or unknown action in STS's XML error shape", async () => {
    const unsigned = await s3Request(test.service, {
      method: 'POST',
      path: '/',
      sign: false,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(unsigned.status).toBe(403);
    expect(unsigned.text).toMatch(
      /<ErrorResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code>/,
    );
    const unknown = await s3Request(test.service, {
      method: 'POST',
      path: '/',
      service: 'sts',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DeleteEverything&Version=2011-06-15',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.code).toBe('InvalidAction');
    const viaGet = await s3Request(test.service, { method: 'GET', path: '/?Action=GetCallerIdentity&Version=2011-06-15', service: 'sts' });
    expect(viaGet.status).toBe(200);
    expect(viaGet.text).toContain('<Account>000000000000</Account>');
  });
});
