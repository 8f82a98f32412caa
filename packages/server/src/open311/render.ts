import { XMLBuilder } from 'fast-xml-parser';
import type { Format } from './schemas.ts';

/**
 * GeoReport v2 documents in both formats. JSON is the plain array the specification shows; XML
 * wraps the same items in the specification's element names, with the UTF-8 declaration the spec
 * requires. Nested lists follow the spec too (<attributes><attribute>…, <values><value>…).
 */

export const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
};

/** Root element and item element of each document kind. */
export const XML_NAMES = {
  services: ['services', 'service'],
  requests: ['service_requests', 'request'],
  errors: ['errors', 'error'],
} as const satisfies Record<string, readonly [string, string]>;

/** Lists inside an item: the element name of one entry. */
const NESTED_ITEM: Readonly<Record<string, string>> = {
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};

const builder = new XMLBuilder({ format: true, ignoreAttributes: false, suppressEmptyNode: false });

/** JSON-like value to the builder's object model: null becomes an empty element, lists get item names. */
function toXmlValue(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(toXmlValue);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const child = NESTED_ITEM[k];
      out[k] = child && Array.isArray(v) ? { [child]: v.map(toXmlValue) } : toXmlValue(v);
    }
    return out;
  }
  return value;
}

function xmlDocument(root: string, body: unknown): string {
  return builder.build({ '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' }, [root]: body });
}

/** A list document: `<root><item>…</item>…</root>`. */
export function xmlList(kind: keyof typeof XML_NAMES, items: readonly object[]): string {
  const [root, item] = XML_NAMES[kind];
  return xmlDocument(root, items.length ? { [item]: items.map(toXmlValue) } : '');
}

/** A single-object document: `<root>fields…</root>` (service_definition, discovery). */
export function xmlObject(root: string, value: object): string {
  return xmlDocument(root, toXmlValue(value));
}
