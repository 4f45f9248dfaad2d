// The designer's documents (issue 21): open → save with no edit gives the same bytes, for the Python SDK's goldens,
// the SDK's cross-checked pipelines and the abalone template; an edit keeps Python floats, key order and the layout.
import {
  emptyPipelineDefinition,
  parsePipelineDocument,
  PipelineDocumentError,
  serializePipelineDocument,
} from '../../kernel-lib/src/definition/pipeline-document.js';
import type { Json, JsonObject } from '../../kernel-lib/src/definition/json.js';
import { Pipeline } from '../../kernel-lib/src/index.js';
import { readGolden } from '../sdk/goldens.js';
import { typescriptPipelines } from '../sagemaker-sdk/typescript-pipelines.js';

const definitions: [string, string][] = [
  ['python-sdk-abalone', readGolden('abalone')],
  ['python-sdk-kitchen-sink', readGolden('kitchen-sink')],
  ...Object.entries(typescriptPipelines).map(([name, build]): [string, string] => [`sdk-${name}`, build().definition()]),
  ['pretty-printed', JSON.stringify(JSON.parse(readGolden('abalone')), null, 2) + '\n'],
];

const clone = (value: JsonObject): JsonObject => JSON.parse(JSON.stringify(value)) as JsonObject;
const steps = (definition: JsonObject) => definition.Steps as JsonObject[];

describe('pipeline documents', () => {
  it.each(definitions)('%s: open → save with no edit gives the same bytes', (_name, text) => {
    const document = parsePipelineDocument(text);
    expect(serializePipelineDocument(document, document.definition)).toBe(text);
    // A copy with no change (what a form that was opened and closed hands back) saves the same bytes too.
    expect(serializePipelineDocument(document, clone(document.definition))).toBe(text);
  });

  it('an edit is written in the SDK style, keeping floats such as 6.0 that JSON.parse reads as 6', () => {
    const text = readGolden('abalone');
    const document = parsePipelineDocument(text);
    const edited = clone(document.definition);
    steps(edited)[0]!.Name = 'Prepare';
    const saved = serializePipelineDocument(document, edited);
    expect(saved).toBe(text.replace('{"Name": "PreprocessAbaloneData"', '{"Name": "Prepare"'));
    expect(saved).toContain('"RightValue": 6.0');
  });

  it('keeps the layout Metadata and the order of integer-like keys', () => {
    const text =
      '{"Version": "2020-12-01", "Metadata": {"sluice:layout": {"Train": [1.0, 2]}}, "Parameters": [], "PipelineExperimentConfig": null, ' +
      '"Steps": [{"Name": "Train", "Type": "Lambda", "Arguments": {"b": 1, "10": 2, "2": 3}, "FunctionArn": "arn:aws:lambda:us-east-1:1:function:f"}]}';
    const document = parsePipelineDocument(text);
    expect(Object.keys(steps(document.definition)[0]!.Arguments as JsonObject)).toEqual(['2', '10', 'b']);
    const edited = clone(document.definition);
    steps(edited)[0]!.FunctionArn = 'arn:aws:lambda:us-east-1:1:function:g';
    expect(serializePipelineDocument(document, edited)).toBe(text.replace('function:f', 'function:g'));
    (edited.Metadata as { [key: string]: Json })['sluice:layout'] = { Train: [3, 4] };
    expect(serializePipelineDocument(document, edited)).toContain('"Metadata": {"sluice:layout": {"Train": [3, 4]}}');
  });

  it('a new, empty file opens as an empty pipeline that the SDK reads', () => {
    const document = parsePipelineDocument('');
    expect(document.definition).toEqual(emptyPipelineDefinition());
    const saved = serializePipelineDocument(document, document.definition);
    expect(saved).toBe('');
    const first = serializePipelineDocument(document, { ...document.definition, Parameters: [{ Name: 'Size', Type: 'Integer', DefaultValue: 1 }] });
    expect(Pipeline.fromDefinition(first).definition()).toBe(first);
  });

  it('text that is not a JSON object is refused with its position', () => {
    expect(() => parsePipelineDocument('{"Version": "2020-12-01",')).toThrow(
      new PipelineDocumentError('The pipeline document is not JSON: Expected a property name in double quotes at position 25'),
    );
    expect(() => parsePipelineDocument('[1]')).toThrow('The pipeline document is not a JSON object');
  });
});
