/**
 * The AWS SDK's request shapes (`CreateTrainingJobRequest`, `AutoMLJobConfig`, …) with pipeline variables allowed
 * wherever a value goes: what a step's `Arguments` may hold. A misspelled key or a value of the wrong type does not
 * compile, because the shape is SageMaker's own.
 */
import type { Late, PipelineVariable } from './expressions.js';

/** `T`, a request shape of @aws-sdk/client-sagemaker, with every value also allowed as a pipeline variable of its type. */
export type LateRequest<T> = [T] extends [string]
  ? // Strings stay open (enumerations such as instance types included): SageMaker Local mode has 'local', and the
    // service checks values; what the type fixes is the keys and the kind of each value.
    string | PipelineVariable<string>
  : [T] extends [number]
    ? Late<number>
    : [T] extends [boolean]
      ? Late<boolean>
      : [T] extends [Date]
        ? Late<string>
        : [T] extends [readonly (infer I)[]]
          ? readonly LateRequest<NonNullable<I>>[]
          : [T] extends [object]
            ? { readonly [K in keyof T]?: LateRequest<NonNullable<T[K]>> }
            : never;
