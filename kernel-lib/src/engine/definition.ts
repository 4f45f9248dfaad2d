/** The definition JSON as the engine reads it: already validated by the SDK when the pipeline was stored. */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface ParameterDefinition {
  Name: string;
  Type: 'String' | 'Integer' | 'Float' | 'Boolean';
  DefaultValue?: Json;
  EnumValues?: string[];
}

export interface RetryPolicyDefinition {
  BackoffRate?: number;
  IntervalSeconds?: number;
  MaxAttempts?: number;
  ExpireAfterMin?: number;
  ExceptionType: string[];
}

export interface PropertyFileDefinition {
  PropertyFileName: string;
  OutputName: string;
  FilePath: string;
}

export interface StepDefinition {
  Name: string;
  Type: string;
  Arguments?: Json;
  DependsOn?: string[];
  DisplayName?: string;
  Description?: string;
  RetryPolicies?: RetryPolicyDefinition[];
  CacheConfig?: { Enabled: boolean; ExpireAfter?: string };
  PropertyFiles?: PropertyFileDefinition[];
  [key: string]: unknown;
}

export interface PipelineDefinition {
  Version: string;
  Parameters: ParameterDefinition[];
  PipelineExperimentConfig?: { ExperimentName: Json; TrialName: Json } | null;
  Steps: StepDefinition[];
}

export function parseDefinition(text: string): PipelineDefinition {
  return JSON.parse(text) as PipelineDefinition;
}

export function isJsonObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A step and, for a step inside a condition branch, which condition and branch it sits in. */
export interface PlacedStep {
  readonly definition: StepDefinition;
  readonly branchOf?: { readonly condition: string; readonly outcome: boolean };
}

/** Every step of the definition by name, top level and inside condition branches alike. */
export function placeSteps(definition: PipelineDefinition): Map<string, PlacedStep> {
  const placed = new Map<string, PlacedStep>();
  const add = (step: StepDefinition, branchOf?: PlacedStep['branchOf']) => {
    placed.set(step.Name, { definition: step, branchOf });
    if (step.Type !== 'Condition' || !isJsonObject(step.Arguments)) return;
    const branches: [string, boolean][] = [
      ['IfSteps', true],
      ['ElseSteps', false],
    ];
    for (const [key, outcome] of branches) {
      const list = step.Arguments[key];
      if (Array.isArray(list)) for (const child of list) add(child as unknown as StepDefinition, { condition: step.Name, outcome });
    }
  };
  for (const step of definition.Steps) add(step);
  return placed;
}
