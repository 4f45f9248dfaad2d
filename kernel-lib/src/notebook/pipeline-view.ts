/** How a pipeline, a step and a parameter list look in a cell. */
import { pyJsonDumps } from '../sdk/json.js';
import { ParameterString, type AnyParameter } from '../sdk/parameters.js';
import type { Pipeline } from '../sdk/pipeline.js';
import type { Step } from '../sdk/steps/step.js';
import { Session } from '../session/session.js';
import { dagSvg, dagText } from './dag-svg.js';
import type { RichOutput } from './display.js';
import { pipelineGraph } from '../definition/index.js';
import { escapeXml, htmlTable, textTable } from './html.js';

/**
 * The pipeline as its DAG; a definition that does not validate shows its errors instead. What a cell shows for a
 * {@link Pipeline}.
 *
 * @example
 * ```ts
 * emit(pipelineView(pipeline));
 * ```
 */
export function pipelineView(pipeline: Pipeline): RichOutput {
  let definition: string;
  try {
    // Outputs without a destination default to the session's bucket, as upsert would compile them.
    definition = pipeline.compileFor(Session.default.defaultBucket, Session.default.roleArn).definition;
  } catch (error) {
    return { text: `Pipeline ${pipeline.name}: the definition is not valid\n${(error as Error).message}` };
  }
  const graph = pipelineGraph(definition);
  const title = `Pipeline ${pipeline.name}: ${graph.nodes.length} steps, ${pipeline.parameters.length} parameters`;
  return { svg: dagSvg(graph), text: `${title}\n${dagText(graph)}` };
}

function parameterRows(parameters: readonly AnyParameter[]): string[][] {
  return parameters.map((parameter) => [
    parameter.name,
    parameter.parameterType,
    parameter.defaultValue === undefined ? '(required)' : String(parameter.defaultValue),
    parameter instanceof ParameterString && parameter.enumValues !== undefined ? parameter.enumValues.join(', ') : '',
  ]);
}

const parameterHeaders = ['Name', 'Type', 'Default', 'Allowed values'];

/**
 * A pipeline's parameters as a table (name, type, default, allowed values): what a cell shows for a parameter or a list of
 * them.
 *
 * @example
 * ```ts
 * emit(parametersView(pipeline.parameters));
 * ```
 */
export function parametersView(parameters: readonly AnyParameter[]): RichOutput {
  const rows = parameterRows(parameters);
  return { html: htmlTable(parameterHeaders, rows), text: textTable(parameterHeaders, rows) };
}

/**
 * A step as its box (and its branches, for a condition) above the JSON it compiles to: what a cell shows for a step.
 *
 * @example
 * ```ts
 * emit(stepView(train));
 * ```
 */
export function stepView(step: Step): RichOutput {
  let json: string;
  try {
    json = pyJsonDumps(step.toJsonValue({ pipelineName: 'Pipeline', defaultBucket: Session.default.defaultBucket, codeAssets: [] }));
  } catch (error) {
    return { text: `${step.stepType} step ${step.name}: ${(error as Error).message}` };
  }
  const pretty = JSON.stringify(JSON.parse(json), null, 2);
  const graph = pipelineGraph(`{"Steps":[${json}]}`);
  return {
    html: `${dagSvg(graph)}<details><summary>Definition</summary><pre>${escapeXml(pretty)}</pre></details>`,
    text: `${step.stepType} step ${step.name}\n${pretty}`,
  };
}
