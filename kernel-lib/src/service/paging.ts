import { validationError } from './errors.js';
import { optionalInteger, optionalString, type RequestBody } from './input.js';

export interface PageWindow {
  offset: number;
  limit: number;
}

/**
 * Reads NextToken and MaxResults. The token is opaque to clients; inside it is the offset of the next
 * row, so a list that changes between pages may shift by a row, as SageMaker's lists may.
 */
export function pageWindow(body: RequestBody, defaultLimit: number, maxLimit = 100): PageWindow {
  const limit = optionalInteger(body, 'MaxResults', { min: 1, max: maxLimit }) ?? defaultLimit;
  const token = optionalString(body, 'NextToken', { max: 8192 });
  return { offset: token === undefined ? 0 : decodeToken(token), limit };
}

/** Lists are fetched with limit + 1 rows: the extra row says there is a next page. */
export function pageOf<T>(rows: readonly T[], window: PageWindow): { items: T[]; nextToken: string | undefined } {
  const items = rows.slice(0, window.limit);
  const nextToken = rows.length > window.limit ? encodeToken(window.offset + window.limit) : undefined;
  return { items, nextToken };
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function decodeToken(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof parsed.offset === 'number' && Number.isInteger(parsed.offset) && parsed.offset >= 0) return parsed.offset;
  } catch {
    // fall through to the error below
  }
  throw validationError('Invalid pagination token: NextToken was not returned by this service');
}
