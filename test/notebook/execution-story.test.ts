// What a notebook shows about an execution beyond its statuses: a selective run's reuse, a condition's
// evaluation, a registered version; and that each rich output comes once, with its text as the fallback.
import { jest } from '@jest/globals';
import { Console } from 'node:console';
import { inspect } from 'node:util';
import type { DescribePipelineExecutionCommandOutput, PipelineExecutionStep } from '@aws-sdk/client-sagemaker';
import { executionView, pipelineGraph, setDisplayBackend, StepMetrics, type DisplayBackend } from '../../kernel-lib/src/index.js';
import { abalonePipeline } from '../fixtures/abalone/pipeline.js';

const abalone = abalonePipeline({ name: 'Abalone', bucket: 'b', inputDataUrl: 's3://b/abalone.csv', modelPackageGroupName: 'AbaloneModels' });
const arn = (id: string): string => `arn:aws:sagemaker:us-east-1:000000000000:pipeline/abalone/execution/${id}`;
const at = (seconds: number): Date => new Date(Date.UTC(2026, 11, 3, 12, 0, seconds));

function step(name: string, extra: Partial<PipelineExecutionStep> = {}): PipelineExecutionStep {
  return { StepName: name, StepStatus: 'Succeeded', StartTime: at(0), EndTime: at(4), AttemptCount: 1, ...extra };
}

describe('the picture of a selective run', () => {
  const described: DescribePipelineExecutionCommandOutput = {
    $metadata: {},
    PipelineArn: 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/abalone',
    PipelineExecutionArn: arn('rerun0000001'),
    PipelineExecutionDisplayName: 'execution-1796285336179',
    PipelineExecutionStatus: 'Succeeded',
    CreationTime: at(0),
    LastModifiedTime: at(9),
    SelectiveExecutionConfig: { SourcePipelineExecutionArn: arn('source000001'), SelectedSteps: [{ StepName: 'EvaluateAbaloneModel' }] },
  };
  const steps = [
    step('PreprocessAbaloneData', { SelectiveExecutionResult: { SourcePipelineExecutionArn: arn('first0000001') } }),
    step('TrainAbaloneModel', { SelectiveExecutionResult: { SourcePipelineExecutionArn: arn('source000001') } }),
    step('EvaluateAbaloneModel'),
    step('CheckMSEAbaloneEvaluation', { Metadata: { Condition: { Outcome: 'False' } } }),
  ];
  const view = executionView({
    described,
    steps,
    graph: pipelineGraph(abalone.definition()),
    pipelineName: 'Abalone',
    reuse: { selectedSteps: ['EvaluateAbaloneModel'], sourceArn: arn('source000001'), differing: [{ name: 'MseThreshold', reusedValue: '6.0', value: '1.0' }] },
    conditions: new Map([['CheckMSEAbaloneEvaluation', ['regression_metrics.mse.value 4.38 ≤ MseThreshold 1 → false']]]),
  });

  it('names the execution by display name and id, and the pipeline as written', () => {
    expect(view.text.split('\n')[0]).toBe('Execution execution-1796285336179 (rerun0000001) of Abalone: Succeeded after 9.0s');
  });

  it('says it is selective, what it reused from where, and the values the reused steps ran with', () => {
    expect(view.text).toContain("Selective run of EvaluateAbaloneModel, reusing the other steps' outputs from execution source000001.");
    expect(view.text).toContain('The reused steps ran with MseThreshold = 6.0 (this run: MseThreshold = 1.0).');
    expect(view.html).toContain('<p class="sluice-reuse">Selective run of EvaluateAbaloneModel');
  });

  it('marks each reused step with the execution that ran it, without times of its own', () => {
    const rows = view.text.split('\n').filter((line) => /^(Preprocess|Train|Evaluate)AbaloneModel|^PreprocessAbaloneData/.test(line));
    expect(rows[0]).toMatch(/^PreprocessAbaloneData\s+↺ Reused\s+reused from first0000001\s+1$/);
    expect(rows[1]).toMatch(/^TrainAbaloneModel\s+↺ Reused\s+reused from source000001\s+1$/);
    expect(rows[2]).toMatch(/^EvaluateAbaloneModel\s+✓ Succeeded\s+\d\d:\d\d:\d\d\s+4\.0s\s+1$/);
    expect(view.html).toContain('data-step="TrainAbaloneModel" data-type="Training" data-status="Reused"');
  });

  it("shows the condition's evaluation in the step table, and its outcome where the service keeps only that", () => {
    expect(view.text).toMatch(/CheckMSEAbaloneEvaluation\s+✓ Succeeded .*regression_metrics\.mse\.value 4\.38 ≤ MseThreshold 1 → false$/m);
    const outcomeOnly = executionView({ described, steps, pipelineName: 'Abalone' });
    expect(outcomeOnly.text).toMatch(/CheckMSEAbaloneEvaluation .*outcome false$/m);
  });

  it('names the model version a RegisterModel step created', () => {
    const registered = executionView({
      described: { ...described, SelectiveExecutionConfig: undefined },
      steps: [
        step('RegisterAbaloneModel-RegisterModel', {
          Metadata: { RegisterModel: { Arn: 'arn:aws:sagemaker:us-east-1:000000000000:model-package/abalonemodels/3' } },
        }),
      ],
    });
    expect(registered.text).toMatch(/RegisterAbaloneModel-RegisterModel .*registered abalonemodels\/3$/m);
    expect(registered.text).not.toContain('Selective run');
  });
});

describe('one rich output per value', () => {
  afterEach(() => setDisplayBackend(undefined));

  /** A kernel whose displays take MIME bundles, as tslab's does through its display channel. */
  function bundlingKernel(): { backend: DisplayBackend; bundles: Record<string, string>[] } {
    const bundles: Record<string, string>[] = [];
    const sink = {
      html: (body: string) => bundles.push({ 'text/html': body }),
      svg: (body: string) => bundles.push({ 'image/svg+xml': body }),
      text: (body: string) => bundles.push({ 'text/plain': body }),
      bundle: (data: Readonly<Record<string, string>>) => bundles.push({ ...data }),
    };
    return { backend: { display: sink, newDisplay: () => sink }, bundles };
  }

  it("sends the rich form with its text as the same display's fallback, and console.log of the value prints nothing", () => {
    const { backend, bundles } = bundlingKernel();
    setDisplayBackend(backend);
    const metrics = new StepMetrics('Train', [{ name: 'validation:mse', value: 0.0421 }]);
    const written: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      // What tslab does with a cell's last value: console.log to the process's stdout (jest's console does not write there).
      new Console({ stdout: process.stdout, stderr: process.stderr }).log(metrics);
    } finally {
      write.mockRestore();
    }
    expect(written).toEqual([]);
    expect(bundles).toHaveLength(1);
    expect(Object.keys(bundles[0]).sort()).toEqual(['text/html', 'text/plain']);
    expect(bundles[0]['text/html']).toContain('<b>Metrics of Train</b>');
    expect(bundles[0]['text/plain']).toMatch(/^Metrics of Train\nMetric\s+Value\n-+\s+-+\nvalidation:mse\s+0\.0421$/);
    // Inside other output it stays one line.
    expect(inspect({ metrics })).toBe('{ metrics: Metrics of Train: validation:mse=0.0421 }');
  });

  it('prints the full text where there is no kernel', () => {
    const metrics = new StepMetrics('Train', [{ name: 'validation:mse', value: 0.0421 }]);
    expect(inspect(metrics)).toMatch(/^Metrics of Train\nMetric/);
  });
});
