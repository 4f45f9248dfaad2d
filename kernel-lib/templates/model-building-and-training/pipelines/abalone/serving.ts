// What inference.ts answers, as a request handler: GET /ping, and POST /invocations with rows of features (the test
// split's columns without the label) as CSV lines or JSON, answered as CSV (one prediction a line) or JSON.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { featureCount, predict, type AbaloneModel } from './model';

/** A request the model cannot answer: its status and a message that says what to send instead. */
export class BadRequest extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** `text/csv`: a row a line. `application/json`: `{"instances": [[...], ...]}` or a bare list of rows. */
export function parseRows(body: string, contentType: string): number[][] {
  if (contentType.startsWith('text/csv')) {
    return body
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '')
      .map((line) => line.split(',').map((value) => (value.trim() === '' ? Number.NaN : Number(value))));
  }
  if (contentType.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new BadRequest('the body is not JSON');
    }
    const instances = Array.isArray(parsed) ? parsed : (parsed as { instances?: unknown } | null)?.instances;
    if (!Array.isArray(instances)) throw new BadRequest('JSON input must be {"instances": [rows]} or a list of rows');
    return instances.map((row: unknown) => (Array.isArray(row) ? row.map((value: unknown) => (typeof value === 'number' ? value : Number.NaN)) : []));
  }
  throw new BadRequest(`unsupported content type "${contentType}": send text/csv or application/json`, 415);
}

/** Predictions in the format `accept` asks for: CSV lines, or `{"predictions": [...]}`. */
export function formatPredictions(predictions: readonly number[], accept: string): { contentType: string; body: string } {
  if (accept.startsWith('application/json')) return { contentType: 'application/json', body: JSON.stringify({ predictions }) };
  if (accept.startsWith('text/csv') || accept === '*/*') return { contentType: 'text/csv', body: `${predictions.join('\n')}\n` };
  throw new BadRequest(`unsupported Accept "${accept}": ask for text/csv or application/json`, 406);
}

/** Predicts every row, after checking each has the model's number of features. */
export function predictRows(model: AbaloneModel, rows: readonly (readonly number[])[]): number[] {
  const width = featureCount(model);
  rows.forEach((row, index) => {
    if (row.length !== width || row.some((value) => !Number.isFinite(value))) {
      throw new BadRequest(`row ${index + 1} must have ${width} numbers (the features without the label), got ${row.length} values${row.length === width ? ' with a non-number' : ''}`);
    }
  });
  return rows.map((row) => predict(model, row));
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

function invoke(model: AbaloneModel, request: IncomingMessage, body: string, response: ServerResponse): void {
  try {
    const contentType = request.headers['content-type'] ?? 'text/csv';
    const predictions = predictRows(model, parseRows(body, contentType));
    const answer = formatPredictions(predictions, request.headers.accept ?? contentType);
    send(response, 200, answer.contentType, answer.body);
  } catch (error) {
    send(response, error instanceof BadRequest ? error.status : 500, 'text/plain', error instanceof Error ? error.message : String(error));
  }
}

/** The serving contract's two routes for one model. */
export function inferenceHandler(model: AbaloneModel): RequestListener {
  return (request, response) => {
    if (request.method === 'GET' && request.url === '/ping') return send(response, 200, 'text/plain', 'ok');
    if (request.method !== 'POST' || request.url !== '/invocations') return send(response, 404, 'text/plain', 'not found');
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => invoke(model, request, Buffer.concat(chunks).toString('utf8'), response));
  };
}
