// The panel's executions table: SluiceLocal.ListPipelineExecutions filters by status, parameter value and
// date, and carries each execution's parameter values and end, one request a page.
import { ConditionEquals, ConditionStep, FailStep, ParameterInteger, ParameterString, Pipeline } from '../../kernel-lib/src/index.js';
import { createPipeline, extrasClient, startExecution, waitForExecution } from './execution-harness.js';
import { startTestService, type TestService } from './service-harness.js';

describe('SluiceLocal.ListPipelineExecutions', () => {
  let test: TestService;
  const arns: Record<string, string> = {};
  // `input: object` so the test can send what the protocol refuses and see the service refuse it too.
  const list = (input: object) => extrasClient(test.service).call('ListPipelineExecutions', { PipelineName: 'Gate', ...input });

  beforeAll(async () => {
    test = await startTestService();
    const mode = new ParameterString({ name: 'Mode', defaultValue: 'pass' });
    const size = new ParameterInteger({ name: 'Size', defaultValue: 3 });
    const gate = new ConditionStep({
      name: 'Gate',
      conditions: [new ConditionEquals({ left: mode, right: 'fail' })],
      ifSteps: [new FailStep({ name: 'Refuse', errorMessage: 'asked to fail' })],
    });
    await createPipeline(test.client, extrasClient(test.service), new Pipeline({ name: 'Gate', parameters: [mode, size], steps: [gate] }));
    for (const [label, parameters] of [
      ['passSmall', { Mode: 'pass' }],
      ['failSmall', { Mode: 'fail' }],
      ['passLarge', { Mode: 'pass', Size: '12' }],
    ] as const) {
      arns[label] = await startExecution(test.client, 'Gate', parameters);
      await waitForExecution(test.client, arns[label]);
    }
  });
  afterAll(async () => {
    await test?.stop();
  });

  it('lists every execution newest first with its parameter values (defaults included) and end time', async () => {
    const listed = await list({});
    expect(listed.PipelineExecutionSummaries.map((summary) => summary.PipelineExecutionArn)).toEqual([arns.passLarge, arns.failSmall, arns.passSmall]);
    expect(listed.PipelineExecutionSummaries[0].PipelineParameters).toEqual([
      { Name: 'Mode', Value: 'pass' },
      { Name: 'Size', Value: '12' },
    ]);
    for (const summary of listed.PipelineExecutionSummaries) expect(summary.EndTime).toBeGreaterThanOrEqual(summary.StartTime ?? Number.POSITIVE_INFINITY);
  });

  it('filters by status and by a parameter value, alone and together', async () => {
    const arnsOf = async (input: object): Promise<(string | undefined)[]> =>
      (await list(input)).PipelineExecutionSummaries.map((summary) => summary.PipelineExecutionArn);
    expect(await arnsOf({ StatusEquals: 'Failed' })).toEqual([arns.failSmall]);
    expect(await arnsOf({ ParameterEquals: { Name: 'Size', Value: '3' } })).toEqual([arns.failSmall, arns.passSmall]);
    expect(await arnsOf({ StatusEquals: 'Succeeded', ParameterEquals: { Name: 'Mode', Value: 'pass' } })).toEqual([arns.passLarge, arns.passSmall]);
    expect(await arnsOf({ ParameterEquals: { Name: 'Mode', Value: 'nothing' } })).toEqual([]);
    expect(await arnsOf({ CreatedAfter: Date.now() / 1000 + 60 })).toEqual([]);
  });

  it('pages a filtered list', async () => {
    const first = await list({ StatusEquals: 'Succeeded', MaxResults: 1 });
    expect(first.PipelineExecutionSummaries.map((summary) => summary.PipelineExecutionArn)).toEqual([arns.passLarge]);
    const second = await list({ StatusEquals: 'Succeeded', MaxResults: 1, NextToken: first.NextToken });
    expect(second.PipelineExecutionSummaries.map((summary) => summary.PipelineExecutionArn)).toEqual([arns.passSmall]);
    expect(second.NextToken).toBeUndefined();
  });

  it('refuses an unknown status and a parameter filter without a name, naming the field', async () => {
    await expect(list({ StatusEquals: 'Done' })).rejects.toMatchObject({ message: expect.stringMatching(/statusEquals/i) });
    await expect(list({ ParameterEquals: { Value: 'x' } })).rejects.toMatchObject({ message: expect.stringMatching(/name/i) });
  });
});
