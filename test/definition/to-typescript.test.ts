// Export to TypeScript (issue 21): a definition becomes a module using the sluice SDK; running the module gives the
// definition back byte for byte, for the Python SDK's goldens, the SDK's cross-checked pipelines and the abalone template.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parsePipelineDocument, serializePipelineDocument } from '../../kernel-lib/src/definition/pipeline-document.js';
import { DefinitionExportError, definitionToTypeScript, exportTypeScript } from '../../kernel-lib/src/definition/to-typescript.js';
import type { Pipeline } from '../../kernel-lib/src/index.js';
import { runCli } from '../../kernel-lib/src/cli/run.js';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { makeTestWorkspace } from '../harness/workspace.js';
import { readGolden } from '../sdk/goldens.js';
import { typescriptPipelines } from '../sagemaker-sdk/typescript-pipelines.js';

const workspace = makeTestWorkspace('to-typescript');
// Relative, as jest maps `./….js` imports to their .ts sources.
const sdkEntry = relative(workspace, join(repoRoot, 'kernel-lib', 'src', 'index.js'));

/** Writes the exported module (importing the SDK from source) and runs it: the pipeline it exports. */
async function runModule(name: string, code: string): Promise<Pipeline> {
  expect(code).toContain("from 'sluice';");
  const file = join(workspace, `${name}.ts`);
  writeFileSync(file, code.replace("from 'sluice';", `from ${JSON.stringify(sdkEntry)};`));
  const module = (await import(file)) as { pipeline: Pipeline };
  return module.pipeline;
}

async function abaloneTemplateDefinition(): Promise<string> {
  const template = join(repoRoot, 'kernel-lib', 'templates', 'model-building-and-training');
  const { getPipeline } = (await import(join(template, 'pipelines', 'abalone', 'pipeline.ts'))) as { getPipeline: (options: object) => Pipeline };
  return getPipeline({ pipelineName: 'AbaloneTemplate', projectRoot: template }).definition();
}

const fixtures: [string, () => string | Promise<string>][] = [
  ['python-sdk-abalone', () => readGolden('abalone')],
  ['python-sdk-kitchen-sink', () => readGolden('kitchen-sink')],
  ...Object.entries(typescriptPipelines).map(([name, build]): [string, () => string] => [`sdk-${name}`, () => build().definition()]),
  ['abalone-template', abaloneTemplateDefinition],
];

describe('export to TypeScript', () => {
  it.each(fixtures)('%s: the exported module builds the same bytes', async (name, read) => {
    const definition = await read();
    const pipeline = await runModule(name, definitionToTypeScript(definition, { pipelineName: name }));
    expect(pipeline.definition()).toBe(definition);
    expect(pipeline.name).toBe(name);
    // And the designer's open → save with no edit keeps the bytes.
    const document = parsePipelineDocument(definition);
    expect(serializePipelineDocument(document, document.definition)).toBe(definition);
  });

  it('writes parameters, conditions and references with the SDK classes, and names the steps written as raw JSON', () => {
    const { code, fallbacks } = exportTypeScript(readGolden('abalone'), { pipelineName: 'Abalone' });
    expect(code).toMatch(
      /export const inputDataUrl = new ParameterString\(\{\s*name: 'InputDataUrl',\s*defaultValue: 's3:\/\/sagemaker-servicecatalog-seedcode/,
    );
    expect(code).toContain('export const checkMSEAbaloneEvaluation = new ConditionStep({');
    expect(code).toMatch(
      /new ConditionLessThanOrEqualTo\(\{\s*left: new JsonGet\(\{ step: 'EvaluateAbaloneModel', propertyFile: 'AbaloneEvaluationReport', jsonPath: 'regression_metrics\.mse\.value' \}\),\s*right: float\(6\)/,
    );
    expect(code).toMatch(
      /export const preprocessAbaloneData = new ProcessingStep\(\{\s*name: 'PreprocessAbaloneData',[^]*instanceCount: processingInstanceCount,/,
    );
    expect(code).toContain("arguments: ['--input-data', inputDataUrl],");
    expect(code).toContain("propertyFiles: [new PropertyFile({ name: 'AbaloneEvaluationReport', outputName: 'evaluation', path: 'evaluation.json' })],");
    expect(fallbacks.map((fallback) => fallback.construct)).toEqual([
      'step "TrainAbaloneModel" (Training)',
      'step "RegisterAbaloneModel-RegisterModel" (RegisterModel)',
    ]);
    expect(code).toContain('// Raw JSON: step "TrainAbaloneModel" (Training): no typed form in this export yet.');
  });

  it('leaves the layout Metadata out of the pipeline: the module writes "Metadata": {} as the SDK does', async () => {
    const definition = readGolden('kitchen-sink');
    const withLayout = definition.replace('"Metadata": {}', '"Metadata": {"sluice:layout": {"Positions": {"Train": [10, 20]}}}');
    expect(withLayout).not.toBe(definition);
    const pipeline = await runModule('with-layout', definitionToTypeScript(withLayout));
    expect(pipeline.definition()).toBe(definition);
  });

  it('falls back to the whole definition when a parameter has no SDK form (a Float parameter with an integer default)', async () => {
    const definition =
      '{"Version": "2020-12-01", "Metadata": {}, "Parameters": [{"Name": "Threshold", "Type": "Float", "DefaultValue": 6}], ' +
      '"PipelineExperimentConfig": null, "Steps": [{"Name": "Stop", "Type": "Fail", "Arguments": {"ErrorMessage": {"Get": "Parameters.Threshold"}}}]}';
    const { code, fallbacks } = exportTypeScript(definition, { pipelineName: 'Odd' });
    expect(fallbacks).toEqual([{ construct: 'the whole definition', reason: 'parameter "Threshold" (Float) has a default the SDK writes differently: 6' }]);
    expect(code).toContain('Pipeline.fromDefinition(');
    expect((await runModule('odd', code)).definition()).toBe(definition);
  });

  it('keeps integer-like keys in their order (a Map) and writes a FailStep typed', async () => {
    const definition =
      '{"Version": "2020-12-01", "Metadata": {}, "Parameters": [], "PipelineExperimentConfig": null, "Steps": [' +
      '{"Name": "Lambda", "Type": "Lambda", "Arguments": {"b": 1, "10": 2.5, "2": [true, null]}, "FunctionArn": "arn:aws:lambda:us-east-1:1:function:f", ' +
      '"OutputParameters": []}, {"Name": "Stop", "Type": "Fail", "Arguments": {"ErrorMessage": "it\'s over"}, "DependsOn": ["Lambda"]}]}';
    const code = definitionToTypeScript(definition);
    expect(code).toContain('new Map<string, Value>(');
    expect(code).toContain("new FailStep({ name: 'Stop', dependsOn: ['Lambda'], errorMessage: \"it's over\" })");
    expect((await runModule('ordered-keys', code)).definition()).toBe(definition);
  });

  it('sluice pipeline export-ts FILE prints the module, named after the file', async () => {
    const file = join(workspace, 'Abalone.pipeline.json');
    writeFileSync(file, readGolden('abalone'));
    const out: string[] = [];
    expect(await runCli(['pipeline', 'export-ts', file], (text) => out.push(text))).toBe(0);
    expect(out.join('\n')).toBe(definitionToTypeScript(readGolden('abalone'), { pipelineName: 'Abalone' }));
    expect(out.join('\n')).toContain("name: 'Abalone',");
  });

  it('refuses text that is not a pipeline definition, saying why', () => {
    expect(() => definitionToTypeScript('{"Version": ')).toThrow(
      new DefinitionExportError('The definition is not JSON: Unexpected end of JSON at position 12'),
    );
    expect(() => definitionToTypeScript('[]')).toThrow('it needs a top-level object with a "Steps" list');
  });

  it('the exported modules compile under strict TypeScript, as tslab compiles a cell', () => {
    writeFileSync(
      join(workspace, 'tsconfig.json'),
      JSON.stringify({ extends: relative(workspace, join(repoRoot, 'test', 'tsconfig.json')), compilerOptions: { noUnusedLocals: false }, include: ['*.ts'] }),
    );
    const tsc = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(workspace, 'tsconfig.json')], {
      encoding: 'utf8',
    });
    // Only the exported modules' own errors: the SDK's sources are type-checked by typecheck.test.ts.
    const generated = relative(repoRoot, workspace);
    expect(tsc.stdout.split('\n').filter((line) => line.includes(generated))).toEqual([]);
    expect(tsc.stderr).toBe('');
  });
});
