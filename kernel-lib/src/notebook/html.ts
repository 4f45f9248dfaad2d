/** Escaping and the one table shape every notebook view uses. */

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const cellStyle = 'style="text-align:left;padding:2px 10px;vertical-align:top"';

/** An HTML table; cells are text (escaped) unless given as `{ html }`, which is inserted as is. */
export function htmlTable(headers: readonly string[], rows: readonly (readonly (string | { html: string })[])[]): string {
  const cell = (tag: 'th' | 'td', value: string | { html: string }): string =>
    `<${tag} ${cellStyle}>${typeof value === 'string' ? escapeXml(value) : value.html}</${tag}>`;
  const head = `<tr>${headers.map((header) => cell('th', header)).join('')}</tr>`;
  const body = rows.map((row) => `<tr>${row.map((value) => cell('td', value)).join('')}</tr>`).join('');
  return `<table><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

/** The same table as aligned plain text, for a terminal or a notebook without tslab. */
export function textTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (values: readonly string[]): string =>
    values
      .map((value, column) => value.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
