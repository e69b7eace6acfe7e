import type { FastifyInstance } from 'fastify';
import { unknownFieldsSentence } from '../../shared/strict/didYouMean';

type JsonSchema = Record<string, unknown>;
const PARTS = ['body', 'querystring', 'params', 'headers'] as const;

/**
 * Makes every object in a JSON Schema refuse properties it does not declare (additionalProperties:
 * false where the schema says nothing about them). Branches of an allOf are left alone: each would
 * refuse the others' properties.
 */
export function strictJsonSchema(node: unknown, parentIsAllOf = false): void {
  if (!node || typeof node !== 'object') return;
  const s = node as JsonSchema;
  if (s.properties && typeof s.properties === 'object' && s.additionalProperties === undefined && !parentIsAllOf && s.patternProperties === undefined) {
    s.additionalProperties = false;
  }
  for (const key of ['properties', 'definitions', '$defs'] as const) {
    const children = s[key];
    if (children && typeof children === 'object') for (const child of Object.values(children)) strictJsonSchema(child);
  }
  for (const key of ['items', 'additionalProperties', 'not'] as const) if (s[key] && typeof s[key] === 'object') strictJsonSchema(s[key]);
  for (const key of ['anyOf', 'oneOf', 'prefixItems'] as const) if (Array.isArray(s[key])) for (const child of s[key] as unknown[]) strictJsonSchema(child);
  if (Array.isArray(s.allOf)) for (const child of s.allOf as unknown[]) strictJsonSchema(child, true);
}

/**
 * Every route registered after this refuses unknown keys in its body, query string and parameters
 * (headers excepted: proxies add their own). Installed once where the app is assembled, so a route
 * added later is strict without its author remembering.
 */
export function installStrictRoutes(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema as Record<string, unknown> | undefined;
    if (!schema) return;
    for (const part of PARTS) if (part !== 'headers' && schema[part]) strictJsonSchema(schema[part]);
  });
}

/**
 * The sentence for an ajv "additionalProperties" failure: the unknown key and the nearest declared one,
 * found by following the failing keyword's schema path in the route's schema.
 */
export function unknownPropertySentence(schema: unknown, schemaPath: string, key: string): string {
  const segments = schemaPath.replace(/^#\//, '').split('/').slice(0, -1).map((p) => decodeURIComponent(p.replace(/~1/g, '/').replace(/~0/g, '~')));
  let node: unknown = schema;
  for (const seg of segments) node = node && typeof node === 'object' ? (node as JsonSchema)[seg] : undefined;
  const known = node && typeof node === 'object' && (node as JsonSchema).properties ? Object.keys((node as JsonSchema).properties as object) : [];
  return unknownFieldsSentence([key], known);
}
