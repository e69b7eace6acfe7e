import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { nearest } from '../../../shared/strict/didYouMean';
import { strictSchema } from '../../../shared/strict/strictSchema';

const messages = (r: { success: boolean; error?: z.ZodError }) => (r.error?.issues ?? []).map((i) => `${i.path.join('.')}|${i.message}`);

describe('strictSchema refuses keys a schema does not declare', () => {
  const settings = strictSchema(z.object({ allowNegativeStock: z.boolean(), timeZone: z.string() }).partial().optional().default({}));

  it('names the key and the nearest known one', () => {
    expect(messages(settings.safeParse({ allowNegativStock: true }))).toEqual(['|unknown field "allowNegativStock" (did you mean allowNegativeStock?)']);
  });

  it('lists the known fields when nothing is close', () => {
    expect(messages(settings.safeParse({ colour: 'red' }))[0]).toContain('the fields are: allowNegativeStock, timeZone');
  });

  it('keeps defaults, refinements and transforms', () => {
    expect(settings.parse(undefined)).toEqual({});
    const refined = strictSchema(z.object({ a: z.number() }).refine((v) => v.a > 0, 'a must be positive').transform((v) => v.a * 2));
    expect(refined.parse({ a: 2 })).toBe(4);
    expect(messages(refined.safeParse({ a: -1 }))).toEqual(['|a must be positive']);
    expect(messages(refined.safeParse({ a: 1, b: 1 }))[0]).toContain('unknown field "b"');
  });

  it('reaches objects inside arrays, unions and optionals', () => {
    const doc = strictSchema(z.object({ lines: z.array(z.object({ sku: z.string(), unitCost: z.number().optional() })).min(1) }));
    expect(messages(doc.safeParse({ lines: [{ sku: 'A', unitcost: 3 }] }))).toEqual(['lines.0|unknown field "unitcost" (did you mean unitCost?)']);
    const u = strictSchema(z.discriminatedUnion('t', [z.object({ t: z.literal('a'), x: z.number() }), z.object({ t: z.literal('b'), y: z.number() })]));
    expect(u.safeParse({ t: 'b', y: 2 }).success).toBe(true);
    expect(messages(u.safeParse({ t: 'a', x: 1, y: 2 }))[0]).toContain('unknown field "y"');
  });

  it('leaves the original schema as it was', () => {
    const loose = z.object({ a: z.number() });
    strictSchema(loose);
    expect(loose.safeParse({ a: 1, b: 2 }).success).toBe(true);
  });
});

describe('nearest', () => {
  it('suggests typos and case slips, not unrelated names', () => {
    expect(nearest('unitcost', ['unitCost', 'sku'])).toBe('unitCost');
    expect(nearest('allowNegativStock', ['allowNegativeStock', 'timeZone'])).toBe('allowNegativeStock');
    expect(nearest('colour', ['sku', 'qty'])).toBeNull();
  });
});
