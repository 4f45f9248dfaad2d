/** Reading small JSON and CSV outputs into values a cell can use. */

export type CsvCell = string | number;
export type CsvRows = CsvCell[][] | Record<string, CsvCell>[];

/** Files larger than this stay URIs: a cell wants a report, not a data set. */
export const smallFileBytes = 1024 * 1024;

export function isReadable(uri: string): boolean {
  return /\.(json|csv)$/i.test(uri);
}

function cell(text: string): CsvCell {
  const trimmed = text.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

/** Rows of cells; with a header row (all text over rows with numbers) the rows are objects by column name. */
export function parseCsv(text: string): CsvRows {
  const rows = text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(',').map(cell));
  const [first, ...rest] = rows;
  const hasHeader =
    first !== undefined && rest.length > 0 && first.every((value) => typeof value === 'string') && rest[0].some((value) => typeof value === 'number');
  if (!hasHeader) return rows;
  const header = first.map(String);
  return rest.map((row) => Object.fromEntries(header.map((name, index) => [name, row[index] ?? ''])));
}

export function parseSmallFile(uri: string, body: Buffer): unknown {
  const text = body.toString('utf8');
  return /\.json$/i.test(uri) ? (JSON.parse(text) as unknown) : parseCsv(text);
}
