// How the panel writes what it shows: dates, metric deltas, which parameters come first, long values.
import './jsdom-globals.js';
import { CompareModel, differingFirst, formatMetric, metricDelta } from '../../labextension/src/model/compare-model.js';
import { middleTruncate } from '../../labextension/src/model/middle-truncate.js';
import { PipelineModel } from '../../labextension/src/model/pipeline-model.js';
import { absoluteTime, formatTime, fullTime, relativeTime } from '../../labextension/src/model/time.js';
import { readFileSync } from 'node:fs';
import { FakeService } from './fake-service.js';
import { track } from './track-models.js';

const abalone = readFileSync(new URL('./fixtures/abalone-definition.json', import.meta.url), 'utf8');
const executionArn = (id: string): string => `arn:aws:sagemaker:us-east-1:000000000000:pipeline/abalone/execution/${id}`;

describe('dates in the panel', () => {
  // 3 Dec 2026 12:41 in the machine's own time zone, as the browser would show it.
  const at = new Date(2026, 11, 3, 12, 41).getTime();
  const seconds = at / 1000;

  it('are absolute in the user locale with a relative hint', () => {
    expect(formatTime(seconds, { locale: 'en-GB', now: at + 5 * 60000 })).toBe('3 Dec 2026, 12:41 (5 min ago)');
    expect(formatTime(seconds, { locale: 'en-US', now: at + 5 * 60000 })).toBe('Dec 3, 2026, 12:41 PM (5 min. ago)');
    expect(formatTime(seconds, { locale: 'de-DE', now: at + 5 * 60000 })).toBe('3. Dez. 2026, 12:41 (vor 5 Min.)');
  });

  it('say "now" for the last seconds, then the largest whole unit, past or future', () => {
    const hint = (offsetSeconds: number): string => relativeTime(seconds, { locale: 'en-GB', now: at - offsetSeconds * 1000 });
    expect(hint(-20)).toBe('now');
    expect(hint(-2 * 3600)).toBe('2 hr ago');
    expect(hint(-26 * 3600)).toBe('yesterday');
    expect(hint(-3 * 86400)).toBe('3 days ago');
    expect(hint(2 * 3600)).toBe('in 2 hr');
  });

  it('read ISO strings (commit dates) the same way as epoch seconds, and show a dash for none', () => {
    expect(absoluteTime(new Date(at).toISOString(), { locale: 'en-GB' })).toBe('3 Dec 2026, 12:41');
    expect(formatTime(undefined)).toBe('—');
    expect(formatTime('not a date')).toBe('—');
    expect(fullTime(seconds, { locale: 'en-GB' })).toMatch(/^Thursday, 3 December 2026 at 12:41:00 /);
  });
});

describe('metric deltas in a comparison', () => {
  it('keep the precision of the values compared', () => {
    expect(metricDelta(4.25, 3.95)).toEqual({ text: '+0.30', direction: 1 });
    expect(metricDelta(0.1, 0.3)).toEqual({ text: '−0.2', direction: -1 });
    expect(metricDelta(12, 10.5)).toEqual({ text: '+1.5', direction: 1 });
    expect(metricDelta(7, 4)).toEqual({ text: '+3', direction: 1 });
    expect(metricDelta(2.5, 2.5)).toEqual({ text: '±0.0', direction: 0 });
    expect(metricDelta(1.5e-7, 1.25e-7)).toEqual({ text: '+0.000000025', direction: 1 });
  });

  it('show values at six significant digits at most, without float noise', () => {
    expect(formatMetric(0.1 + 0.2)).toBe('0.3');
    expect(formatMetric(3.14159265)).toBe('3.14159');
    expect(formatMetric(42)).toBe('42');
  });
});

describe('parameters that differ between executions', () => {
  it('come first, each group in its own order', () => {
    const records = [
      { A: '1', B: 'x', C: 's3://a', D: '5' },
      { A: '1', B: 'y', C: 's3://a', D: '6' },
    ];
    expect(differingFirst(['A', 'B', 'C', 'D'], records)).toEqual(['B', 'D', 'A', 'C']);
  });

  it('lead the executions table of a pipeline', async () => {
    const fake = new FakeService()
      .on('SageMaker.DescribePipeline', () => ({ PipelineName: 'abalone', PipelineDefinition: abalone, PipelineArn: 'arn:pipeline/abalone' }))
      .on('SageMaker.ListPipelineVersions', () => ({ PipelineVersionSummaries: [] }))
      .on('SluiceLocal.ListPipelineExecutions', () => ({
        PipelineExecutionSummaries: ['6.0', '7.5'].map((threshold, index) => ({
          PipelineExecutionArn: executionArn(`e${index}`),
          PipelineExecutionStatus: 'Succeeded',
          PipelineParameters: [
            { Name: 'ProcessingInstanceCount', Value: '1' },
            { Name: 'ModelApprovalStatus', Value: 'PendingManualApproval' },
            { Name: 'InputDataUrl', Value: 's3://sluice-data/abalone/abalone.csv' },
            { Name: 'MseThreshold', Value: threshold },
          ],
        })),
      }));
    const model = track(new PipelineModel(fake, 'abalone'));
    await model.reload();
    expect(model.parameterColumns).toEqual(['MseThreshold', 'ProcessingInstanceCount', 'ModelApprovalStatus', 'InputDataUrl']);
  });

  it('lead the parameters of a comparison', async () => {
    const values: Record<string, string> = { e0: '6.0', e1: '7.5' };
    const fake = new FakeService()
      .on('SageMaker.DescribePipelineExecution', (input) => ({ PipelineExecutionArn: input.PipelineExecutionArn, PipelineExecutionStatus: 'Succeeded' }))
      .on('SageMaker.ListPipelineParametersForExecution', (input) => ({
        PipelineParameters: [
          { Name: 'InputDataUrl', Value: 's3://sluice-data/abalone/abalone.csv' },
          { Name: 'MseThreshold', Value: values[input.PipelineExecutionArn?.slice(-2) ?? ''] },
        ],
      }))
      .on('SageMaker.ListPipelineExecutionSteps', () => ({ PipelineExecutionSteps: [] }));
    const model = track(new CompareModel(fake, 'abalone', [executionArn('e0'), executionArn('e1')]));
    await model.reload();
    expect(model.parameterRows.map((row) => [row.name, row.differs])).toEqual([
      ['MseThreshold', true],
      ['InputDataUrl', false],
    ]);
  });
});

describe('a long value in a table cell', () => {
  it('is shortened in the middle, keeping the scheme, the bucket and the file name', () => {
    const uri = 's3://sluice-local-000000000000-us-east-1/datasets/abalone/raw/abalone.csv';
    const short = middleTruncate(uri, 32);
    expect(short).toBe('s3://sluice-local-0…/abalone.csv');
    expect(short.length).toBeLessThanOrEqual(32);
    expect(middleTruncate('s3://sluice-data/abalone.csv', 32)).toBe('s3://sluice-data/abalone.csv');
    expect(middleTruncate('a'.repeat(20) + 'b'.repeat(20), 11)).toBe('aaaaa…bbbbb');
  });
});
