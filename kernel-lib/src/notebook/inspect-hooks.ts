/**
 * Makes Sluice's objects show themselves as a cell's last value (see displayable.ts for how). An
 * execution needs requests to the service, which a synchronous inspect hook cannot wait for, so it
 * prints one line that says how to draw it.
 */
import { inspect } from 'node:util';
import { Parameter, type AnyParameter } from '../sdk/parameters.js';
import { Pipeline } from '../sdk/pipeline.js';
import { Step } from '../sdk/steps/step.js';
import { PipelineExecution } from '../session/execution.js';
import { DesignerFile } from '../sdk/designer-file.js';
import { designerLinkView } from './designer-link.js';
import { Displayable, installDisplayHook } from './displayable.js';
import { parametersView, pipelineView, stepView } from './pipeline-view.js';

export function installInspectHooks(): void {
  installDisplayHook(Pipeline.prototype, pipelineView, (pipeline) => `Pipeline ${pipeline.name} (${pipeline.steps.length} steps)`);
  installDisplayHook(Step.prototype, stepView, (step) => `${step.stepType} step ${step.name}`);
  installDisplayHook(
    Parameter.prototype,
    (parameter) => parametersView([parameter as AnyParameter]),
    (parameter) => `Parameter ${parameter.name}: ${parameter.parameterType}`,
  );
  installDisplayHook(DesignerFile.prototype, designerLinkView, (file) => `DesignerFile ${file.path}`);
  installDisplayHook(
    Displayable.prototype,
    (value) => value.view(),
    (value) => value.summary(),
  );
  Object.defineProperty(PipelineExecution.prototype, inspect.custom, {
    configurable: true,
    writable: true,
    value(this: PipelineExecution): string {
      return `PipelineExecution ${this.arn} (await show(execution) draws it; await execution.wait() follows it)`;
    },
  });
}
