import { optionalEnum, type RequestBody } from '../input.js';

/** Epoch milliseconds from the store → the Date that the SDK's response types carry. */
export const toDate = (ms: number): Date => new Date(ms);
export const optionalDate = (ms: number | null): Date | undefined => (ms === null ? undefined : new Date(ms));
export const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

/** SortOrder as every SageMaker list reads it; Descending when absent. */
export const isDescending = (body: RequestBody): boolean => (optionalEnum(body, 'SortOrder', ['Ascending', 'Descending'] as const) ?? 'Descending') === 'Descending';

/** Resource names: alphanumerics and hyphens, as SageMaker's pattern for pipelines and model packages. */
export const resourceName = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/;
/** A name or the ARN of the resource. */
export const nameOrArn = /^(arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:[a-z-]+\/.+|[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255})$/;
export const roleArnPattern = /^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
export const clientTokenRules = { min: 1, max: 128 } as const;
