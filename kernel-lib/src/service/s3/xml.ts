/**
 * S3's XML. Requests are read with fast-xml-parser (no external entities, no attributes read). Responses are
 * written here: a listing page is a thousand entries, and fast-xml-parser's builder took 30–70 ms for one
 * (measured by bench/s3.mjs) where escaping text into tags takes about one.
 */
import { XMLParser } from 'fast-xml-parser';
import { malformedXml } from './errors.js';

export const s3Namespace = 'http://s3.amazonaws.com/doc/2006-03-01/';

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  removeNSPrefix: true,
  processEntities: true,
  htmlEntities: false,
  // Lists that may hold one item must still read as lists.
  isArray: (name) => name === 'Part' || name === 'Object',
});

/** An element's content already written and escaped: for the elements a response repeats a thousand times. */
export class InnerXml {
  constructor(readonly text: string) {}
}

export type XmlValue = string | number | boolean | undefined | InnerXml | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

/** A response document: `<?xml …?><Root xmlns="…">…</Root>`. */
export function xmlDocument(root: string, body: XmlObject, namespace: string | null = s3Namespace): string {
  // S3's <Error> has no namespace, and botocore reads it only without one.
  const element: XmlObject = namespace === null ? body : { '@_xmlns': namespace, ...body };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${elementXml(root, element)}`;
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text and attribute values escaped; control characters become references, as S3 sends them (clients that expect such keys ask for EncodingType=url). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\x00-\x08\x0b\x0c\x0e-\x1f]/g, (c) => escapes[c] ?? `&#x${c.charCodeAt(0).toString(16)};`);
}

/** `{ '@_a': 'x', '#text': 't', Child: … }` → `<name a="x">t<Child>…</Child></name>`; an array repeats the element. */
export function elementXml(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => elementXml(name, item)).join('');
  if (value instanceof InnerXml) return `<${name}>${value.text}</${name}>`;
  if (typeof value !== 'object') return `<${name}>${escapeXml(String(value))}</${name}>`;
  let attributes = '';
  let inner = '';
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('@_')) attributes += ` ${key.slice(2)}="${escapeXml(String(child))}"`;
    else if (key === '#text') inner += escapeXml(String(child));
    else inner += elementXml(key, child);
  }
  return `<${name}${attributes}>${inner}</${name}>`;
}

/** A request document's root element, or MalformedXML. */
export function parseXml(text: string, root: string): XmlObject {
  let parsed: unknown;
  try {
    parsed = parser.parse(text, true);
  } catch (error) {
    throw malformedXml(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
  const element = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)[root] : undefined;
  if (element === '') return {};
  if (typeof element !== 'object' || element === null || Array.isArray(element)) throw malformedXml(`the document's root must be <${root}>`);
  return element as XmlObject;
}

/** The text of a child element, or undefined. */
export function childText(element: XmlObject, name: string): string | undefined {
  const value = element[name];
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/** The children named `name`, each an element. */
export function children(element: XmlObject, name: string): XmlObject[] {
  const value = element[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((item) => (typeof item === 'object' && item !== null && !Array.isArray(item) && !(item instanceof InnerXml) ? item : {}));
}
