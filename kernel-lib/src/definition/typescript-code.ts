/** TypeScript source as a small tree that is written on one line when it fits (the export's printer), and literals. */
import { entriesOf, isObjectValue, type JsonMap, type JsonObject, type JsonValue } from './python-json.js';

/** A bracketed group: `prefix{ items }suffix` or `prefix[ items ]suffix`, written on one line when it fits. */
export interface Group {
  readonly prefix: string;
  readonly open: '{' | '[';
  readonly items: readonly Item[];
  readonly suffix: string;
}
export type Node = string | Group;
export interface Entry {
  readonly key: string;
  readonly value: Node;
}
export type Item = Node | Entry;

const lineWidth = 140;

export function group(prefix: string, open: '{' | '[', items: readonly Item[], suffix = ''): Group {
  return { prefix, open, items, suffix };
}

function isEntry(item: Item): item is Entry {
  return typeof item === 'object' && 'key' in item;
}

function inline(node: Node): string {
  if (typeof node === 'string') return node;
  const close = node.open === '{' ? '}' : ']';
  const items = node.items.map((item) => (isEntry(item) ? `${item.key}: ${inline(item.value)}` : inline(item)));
  const pad = node.open === '{' && items.length > 0 ? ' ' : '';
  return `${node.prefix}${node.open}${pad}${items.join(', ')}${pad}${close}${node.suffix}`;
}

export function render(node: Node, indent: string, lead = 0): string {
  if (typeof node === 'string') return node;
  const flat = inline(node);
  if (indent.length + lead + flat.length <= lineWidth) return flat;
  const inner = `${indent}  `;
  const lines = node.items.map((item) =>
    isEntry(item) ? `${inner}${item.key}: ${render(item.value, inner, item.key.length + 2)},` : `${inner}${render(item, inner)},`,
  );
  return `${node.prefix}${node.open}\n${lines.join('\n')}\n${indent}${node.open === '{' ? '}' : ']'}${node.suffix}`;
}

// ---------------------------------------------------------------------------------------------- literals

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
// Plain objects put integer-like keys first, and `__proto__` in a literal sets the prototype: such objects become Maps.
export const REORDERED_KEY = /^(0|[1-9]\d*)$/;

export function quote(text: string): string {
  const json = JSON.stringify(text);
  return text.includes("'") ? json : `'${json.slice(1, -1).replace(/\\"/g, '"')}'`;
}

export function propertyKey(key: string): string {
  return IDENTIFIER.test(key) ? key : quote(key);
}

export function numberLiteral(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/** Exactly these keys, in this order (optional ones may be missing), and no others. */
export function hasKeys(value: JsonValue | undefined, required: readonly string[], optional: readonly string[] = []): value is JsonMap | JsonObject {
  if (!isObjectValue(value)) return false;
  const keys = entriesOf(value).map(([key]) => key);
  const order = [...required, ...optional];
  if (!required.every((key) => keys.includes(key))) return false;
  let position = -1;
  for (const key of keys) {
    const next = order.indexOf(key);
    if (next <= position) return false;
    position = next;
  }
  return true;
}

export function isStringList(value: JsonValue | undefined): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
