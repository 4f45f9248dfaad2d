/** What every list in the store takes: a window over rows sorted one way. */
export interface Window {
  offset: number;
  limit: number;
  descending: boolean;
}

export interface TimeRange {
  /** Epoch milliseconds, exclusive bounds. */
  createdAfter?: number | undefined;
  createdBefore?: number | undefined;
}

/** SQL conditions and their values, built from optional filters. */
export class Where {
  readonly clauses: string[] = [];
  readonly values: (string | number)[] = [];

  add(clause: string, ...values: (string | number)[]): this {
    this.clauses.push(clause);
    this.values.push(...values);
    return this;
  }

  range(column: string, range: TimeRange): this {
    if (range.createdAfter !== undefined) this.add(`${column} > ?`, range.createdAfter);
    if (range.createdBefore !== undefined) this.add(`${column} < ?`, range.createdBefore);
    return this;
  }

  toSql(): string {
    return this.clauses.length === 0 ? '' : `WHERE ${this.clauses.join(' AND ')}`;
  }
}

/** Escapes LIKE wildcards so a user's prefix or substring matches literally. */
export const likeLiteral = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
