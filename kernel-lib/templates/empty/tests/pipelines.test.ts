// The project's tests: `npm test` (node's test runner, no service). Add tests for your own code here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateDefinition } from 'sluice';
import { getPipeline } from '../pipelines/example/pipeline';

test('the pipeline builds and its definition validates', () => {
  const pipeline = getPipeline({ pipelineName: 'TestPipeline' });
  validateDefinition(pipeline.definitionJson());
  const definition = JSON.parse(JSON.stringify(pipeline.definitionJson())) as { Parameters: { Name: string }[]; Steps: { Name: string }[] };
  assert.deepEqual(definition.Steps.map((step) => step.Name), ['ExampleStep']);
  assert.deepEqual(definition.Parameters.map((parameter) => parameter.Name), ['Greeting']);
});
