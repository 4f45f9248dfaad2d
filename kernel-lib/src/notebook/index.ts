/**
 * The notebook side of Sluice: objects that draw themselves in tslab cells, `show(x)`, live progress
 * for `execution.wait()`, and helpers that read a step's outputs, log and metrics from a cell.
 * Importing this module installs the display hooks; without a tslab kernel everything is plain text.
 */
import { reportWaitWith } from '../session/execution.js';
import { installInspectHooks } from './inspect-hooks.js';
import { liveProgress } from './live-progress.js';

installInspectHooks();
reportWaitWith(liveProgress);

export { show, viewOf } from './show.js';
export { setDisplayBackend, emit } from './display.js';
export type { RichOutput, DisplayBackend, DisplaySink } from './display.js';
export { Displayable } from './displayable.js';
export { pipelineGraph } from '../definition/index.js';
export type { PipelineGraph, GraphNode, GraphEdge, EdgeKind } from '../definition/index.js';
export { dagSvg, dagText } from './dag-svg.js';
export { pipelineView, parametersView, stepView } from './pipeline-view.js';
export { executionView } from './execution-view.js';
export type { ExecutionState, FailureDetail } from './execution-view.js';
export { executionState } from './execution-state.js';
export { stepOutputs, StepOutputs } from './step-outputs.js';
export type { OutputFile } from './step-outputs.js';
export { logs } from './logs.js';
export { metrics, StepMetrics } from './metrics.js';
export type { Metric } from './metrics.js';
export { metricLineChart, metricChartStack, tuningScatter, notebookChartTheme } from './metric-charts.js';
export type { MetricPoint, MetricLine, ChartTheme, TuningTrial } from './metric-charts.js';
export { chartSvg } from './chart-svg.js';
export { modelVersions, ModelVersions } from './model-versions.js';
export type { ModelVersion } from './model-versions.js';
export type { RunStepsOptions } from '../session/run-steps.js';
