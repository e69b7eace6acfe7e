import { z } from 'zod';
import { enrollRequest, pushRequest } from '../../shared/sync/protocol';

/**
 * JSON Schemas for Fastify's own validation, derived from the protocol's zod schemas so the two
 * never drift. HQ's ajv runs without type coercion and without removing properties: a pushed row
 * reaches the hash check byte for byte as the branch sent it.
 */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

export const enrollBody = jsonSchema(enrollRequest);
export const pushBody = jsonSchema(pushRequest);

const digits = (max: number) => ({ type: 'string', pattern: `^[0-9]{1,${max}}$` });
export const pullQuery = {
  type: 'object',
  properties: { cursor: digits(15), limit: digits(5) },
  additionalProperties: false,
};
export const skuParams = { type: 'object', properties: { sku: { type: 'string', minLength: 1, maxLength: 64 } }, required: ['sku'] };
export const branchParams = { type: 'object', properties: { code: { type: 'string', minLength: 1, maxLength: 32 } }, required: ['code'] };
export const noQuery = { type: 'object', additionalProperties: false, properties: {} };
