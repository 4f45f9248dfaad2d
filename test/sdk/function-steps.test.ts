// Function steps without running them: which names a function may use (the TypeScript compiler's name resolution),
// how arguments and results travel (JSON with Date and typed arrays), and the processing step they are written as.
import { definitionProblems } from '../../kernel-lib/src/service/definition-check.js';
import { inspect } from 'node:util';
import { float, FunctionStepError, Pipeline, SerialisationError, step } from '../../kernel-lib/src/index.js';
import { freeVariables } from '../../kernel-lib/src/sdk/function-steps/free-variables.js';
import { decode, encode } from '../../kernel-lib/src/sdk/function-steps/serialisation.js';
import { functionStepPipeline } from '../fixtures/function-steps/pipeline.js';

const names = (source: string) => freeVariables(source).map((variable) => variable.name);

describe('the free variables of a function step', () => {
  it('are the names it uses without declaring them, found by the compiler, not Node globals', () => {
    const source = `async function prepare(input, { ratio = 0.5, ...rest }) {
      const table = input.split(',');
      label: for (const row of table) { if (row) continue label; }
      try { JSON.parse(input); } catch (error) { console.log(error, rest); }
      const inner = (x) => x * ratio * threshold;
      class Local { method() { return this; } }
      const shorthand = { table, ratio, missing };
      return { count: table.length, scaled: inner(2), local: new Local(), shorthand, now: Date.now(), lib: await import('node:fs'), seen: prepare };
    }`;
    expect(names(source)).toEqual(['threshold', 'missing']);
    expect(freeVariables(source).map((variable) => variable.line)).toEqual([5, 7]);
  });

  it("names another tslab cell's variable as the user wrote it (tslab compiles it to exports.<name>)", () => {
    expect(names('function g(a) { return exports.threshold + a + exports._.sum([a]); }')).toEqual(['threshold', '_']);
  });

  it('lets through what a bundle provides: require and the helpers of compiled import()', () => {
    expect(
      names('async (x) => { const m = await Promise.resolve().then(() => __importStar(require("fastest-levenshtein"))); return m.distance(x, x); }'),
    ).toEqual([]);
  });

  it('refuses a function that closes over a variable, naming it and saying what to do', () => {
    const threshold = 3;
    const attempt = () =>
      step(async function check(value: number) {
        return value > threshold;
      });
    expect(attempt).toThrow(FunctionStepError);
    expect(attempt).toThrow(
      /Function step "check" uses a variable from outside the function: threshold \(line 2\)\. .*Pass it as an argument \(add a parameter and call check\(…, threshold\)\)/,
    );
  });

  it('refuses what has no code of its own to ship, and a function without a name', () => {
    expect(() => step(Math.max)).toThrow(/not a function expression/);
    expect(() => step(async (x: number) => x)).toThrow(/the function has no name/);
  });
});

describe('the values a function step takes and returns', () => {
  it('round-trip through JSON with Date, typed arrays, undefined, bigint, NaN and -0', () => {
    const value = {
      when: new Date('2026-01-02T03:04:05.678Z'),
      weights: Float64Array.from([0.5, -1.25]),
      bytes: Uint8Array.from([0, 255]),
      list: [1, undefined, 'two'],
      big: 2n ** 70n,
      odd: [NaN, Infinity, -0],
      __sluice__: 'a user member with the tag name',
    };
    const decoded = decode(JSON.parse(JSON.stringify(encode(value, 'value'))));
    expect(decoded).toEqual(value);
    expect((decoded as typeof value).weights).toBeInstanceOf(Float64Array);
  });

  it('are refused with where and what when JSON cannot carry them: functions, class instances, cycles', () => {
    const cyclic: { name: string; self?: unknown } = { name: 'loop' };
    cyclic.self = { again: cyclic };
    expect(() => encode({ rows: [{ parse: (x: string) => x }] }, 'Argument 1 of step "p"')).toThrow(
      new SerialisationError(
        'Argument 1 of step "p"',
        '.rows[0].parse',
        'a function (parse) cannot be serialised; pass data, and call functions inside the step',
      ),
    );
    expect(() => encode({ index: new Map([['a', 1]]) }, 'x')).toThrow(
      /x, at \.index: an instance of Map cannot be serialised as JSON .*\(Object\.fromEntries\(map\)\)/,
    );
    expect(() => encode(cyclic, 'x')).toThrow(/x, at \.self\.again: a cycle/);
  });

  it('are checked when the step is called, not when the pipeline runs', () => {
    const keep = step(async function keep(value: unknown) {
      return value;
    });
    expect(() => keep(new Set([1]))).toThrow(/Argument 1 of step "keep": an instance of Set cannot be serialised/);
  });

  it('are written to the arguments document the job reads, a Python float as its number', () => {
    const keep = step(async function keep(value: unknown, when: Date) {
      return [value, when];
    });
    const { codeAssets } = new Pipeline({ name: 'Keep', steps: [keep({ ratio: float(0.5) }, new Date(0))] }).compileFor('bucket');
    const document = codeAssets.find((asset) => asset.key.endsWith('/arguments.json'))!;
    expect(JSON.parse(new TextDecoder().decode(document.body))).toEqual({
      function: 'keep',
      arguments: [{ ratio: 0.5 }, { __sluice__: 'Date', value: '1970-01-01T00:00:00.000Z' }],
    });
  });
});

describe('a function-step pipeline', () => {
  const { pipeline } = functionStepPipeline({ name: 'Functions', roleArn: 'arn:aws:iam::111122223333:role/R' });
  const compiled = pipeline.compileFor('bucket');
  const steps = (JSON.parse(compiled.definition) as { Steps: { Name: string; Type: string; Arguments: Record<string, unknown> }[] }).Steps;

  it('collects the steps a result depends on and writes each as a processing job our definition core accepts', () => {
    expect(steps.map((s) => [s.Name, s.Type])).toEqual([
      ['evaluate', 'Processing'],
      ['train', 'Processing'],
      ['prepare', 'Processing'],
    ]);
    expect(definitionProblems(compiled.definition)).toEqual([]);
  });

  it('reads earlier results as inputs from their results outputs, and parameters as command-line arguments', () => {
    const evaluate = steps[0]!.Arguments as { ProcessingInputs: { InputName: string; S3Input: { S3Uri: unknown } }[] };
    expect(evaluate.ProcessingInputs.map((input) => input.InputName)).toEqual(['arguments', 'result-train', 'result-prepare', 'code']);
    expect(evaluate.ProcessingInputs[1]!.S3Input.S3Uri).toEqual({ Get: "Steps.train.ProcessingOutputConfig.Outputs['results'].S3Output.S3Uri" });
    const prepare = steps[2]!.Arguments as { AppSpecification: { ContainerEntrypoint: string[]; ContainerArguments: unknown[] } };
    expect(prepare.AppSpecification).toMatchObject({
      ContainerEntrypoint: ['node', '/opt/ml/processing/input/code/prepare.mjs'],
      ContainerArguments: [{ Get: 'Parameters.InputData' }],
    });
  });

  it('ships one bundle per function (with what it imports) and the arguments, content-addressed', () => {
    const files = compiled.codeAssets.map((asset) => asset.key.slice(asset.key.lastIndexOf('/') + 1)).sort();
    expect(files).toEqual(['arguments.json', 'arguments.json', 'arguments.json', 'evaluate.mjs', 'prepare.mjs', 'train.mjs']);
    const bundleOf = (name: string) => new TextDecoder().decode(compiled.codeAssets.find((asset) => asset.key.endsWith(`/${name}.mjs`))!.body);
    expect(bundleOf('prepare')).toContain('// node_modules/fastest-levenshtein/mod.js');
    expect(bundleOf('train')).toMatch(/function scale\(values, factor\)/);
    expect(pipeline.compileFor('bucket').codeAssets.map((asset) => asset.s3Uri)).toEqual(compiled.codeAssets.map((asset) => asset.s3Uri));
  });

  it('ships a function called twice (under two step names) as one bundle', () => {
    const double = step(async function double(value: number) {
      return { value: value * 2 };
    });
    const first = double(1);
    const second = double.withOptions({ name: 'double-again' })(first.value);
    const twice = new Pipeline({ name: 'Twice', steps: [second] }).compileFor('bucket');
    expect(twice.codeAssets.filter((asset) => asset.key.endsWith('.mjs')).map((asset) => asset.key.slice(asset.key.lastIndexOf('/') + 1))).toEqual([
      'double.mjs',
    ]);
    expect(twice.codeAssets.filter((asset) => asset.key.endsWith('/arguments.json'))).toHaveLength(2);
    expect(inspect(second.value)).toBe('DelayedReturn(the result of step "double-again" at .value)');
    expect(() => `${first.value}`).toThrow(/the result of step "double" at \.value is known only when the pipeline runs/);
  });
});
