import { optionalEnum, optionalString, optionalTimestamp, type RequestBody } from '../input.js';
import type { PageWindow } from '../paging.js';

/** Epoch milliseconds from the store → the Date that the SDK's response types carry. */
export const toDate = (ms: number): Date => new Date(ms);
export const optionalDate = (ms: number | null): Date | undefined => (ms === null ? undefined : new Date(ms));
export const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

/** SortOrder as every SageMaker list reads it; Descending when absent. */
export const isDescending = (body: RequestBody): boolean =>
  (optionalEnum(body, 'SortOrder', ['Ascending', 'Descending'] as const) ?? 'Descending') === 'Descending';

/** Resource names: alphanumerics and hyphens, as SageMaker's pattern for pipelines and model packages. */
export const resourceName = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/;
/** A name or the ARN of the resource. */
export const nameOrArn = /^(arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:[a-z-]+\/.+|[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255})$/;
export const roleArnPattern = /^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
export const clientTokenRules = { min: 1, max: 128 } as const;

/**
 * The filters every name-sorted SageMaker list takes (NameContains, CreationTimeAfter/Before, SortBy Name or
 * CreationTime, SortOrder) as a store query over `window`, fetching one row more to tell if a page follows.
 */
export function listQuery(body: RequestBody, window: PageWindow, nameMax: number) {
  return {
    nameContains: optionalString(body, 'NameContains', { min: 1, max: nameMax }),
    createdAfter: optionalTimestamp(body, 'CreationTimeAfter'),
    createdBefore: optionalTimestamp(body, 'CreationTimeBefore'),
    sortBy: optionalEnum(body, 'SortBy', ['Name', 'CreationTime'] as const) === 'Name' ? ('name' as const) : ('createdAt' as const),
    descending: isDescending(body),
    offset: window.offset,
    limit: window.limit + 1,
  };
}
