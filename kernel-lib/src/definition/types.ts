/** The pipeline definition document (SageMaker schema 2020-12-01) as the engine, the notebook and the panel read it. */
import type { Json } from './json.js';

export type ParameterType = 'String' | 'Integer' | 'Float' | 'Boolean';

export interface ParameterDefinition {
  Name: string;
  Type: ParameterType;
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
