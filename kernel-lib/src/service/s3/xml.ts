/** S3's XML, read and written with fast-xml-parser: no entity expansion, no attributes read from requests. */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { malformedXml } from './errors.js';

export const s3Namespace = 'http://s3.amazonaws.com/doc/2006-03-01/';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false, processEntities: true });
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

export type XmlValue = string | number | boolean | undefined | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

/** A response document: `<?xml …?><Root xmlns="…">…</Root>`. */
export function xmlDocument(root: string, body: XmlObject, namespace: string | null = s3Namespace): string {
  // S3's <Error> has no namespace, and botocore reads it only without one.
  const element: XmlObject = namespace === null ? body : { '@_xmlns': namespace, ...body };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: element }) as string}`;
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
  return list.map((item) => (typeof item === 'object' && item !== null && !Array.isArray(item) ? item : {}));
}
