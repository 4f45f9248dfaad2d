import type { Db } from './database.js';

export interface RememberedResponse {
  requestHash: string;
  response: string;
}

/** ClientRequestToken → the response that the first request with it got, so a retried call repeats it. */
export class RequestTokenStore {
  constructor(private readonly db: Db) {}

  recall(operation: string, token: string): RememberedResponse | undefined {
    return this.db.prepare('SELECT request_hash AS requestHash, response FROM request_tokens WHERE operation = ? AND token = ?').get(operation, token) as
      RememberedResponse | undefined;
  }

  remember(operation: string, token: string, requestHash: string, response: string, now: number): void {
    this.db
      .prepare('INSERT INTO request_tokens (operation, token, request_hash, response, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(operation, token, requestHash, response, now);
  }
}
