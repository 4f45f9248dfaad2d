import { createHash } from 'node:crypto';
import type { OperationContext } from './context.js';
import { conflict } from './errors.js';
import type { RequestBody } from './input.js';

/**
 * Runs a mutating call once per ClientRequestToken: a retry with the same token and the same request gets
 * the first response again; the same token with a different request is a conflict. The work and the
 * remembered response commit in one transaction.
 */
export function idempotent<T extends object>(context: OperationContext, operation: string, token: string | undefined, body: RequestBody, work: () => T): T {
  if (token === undefined) return work();
  const requestHash = createHash('sha256').update(canonicalJson(body)).digest('hex');
  return context.store.transaction(() => {
    const earlier = context.store.requestTokens.recall(operation, token);
    if (earlier !== undefined) {
      if (earlier.requestHash !== requestHash) {
        throw conflict(`ClientRequestToken ${token} was already used with a different ${operation} request`);
      }
      return JSON.parse(earlier.response) as T;
    }
    const response = work();
    context.store.requestTokens.remember(operation, token, requestHash, JSON.stringify(response), context.now());
    return response;
  });
}

/** JSON with object keys sorted, so two equal requests hash alike whatever order the client wrote. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
