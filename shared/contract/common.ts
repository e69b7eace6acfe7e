import { z } from 'zod';
import { textProblem } from '../text/safeText';

/** Refuses control characters (U+0000 …) and lone surrogates with the exact reason; notes may hold line breaks. */
export function safeText<T extends z.ZodType<string, any>>(schema: T, multiline = false): T {
  return schema.superRefine((s, ctx) => {
    const problem = textProblem(s, multiline);
    if (problem) ctx.addIssue({ code: 'custom', message: `the text ${problem}` });
  }) as unknown as T;
}

/** Shared field schemas, so every command says "sku" and "actor" the same way. */
export const sku = safeText(z.string().trim().min(1, 'SKU is required').max(64, 'SKU is at most 64 characters'));
export const actor = safeText(z.string().trim().min(1, 'actor is required: say who is doing this').max(100));
export const docId = safeText(z.string().trim().min(1).max(100));
/** A free-text note (may span lines). */
export const note = (max = 1000) => safeText(z.string().trim().max(max), true);
export const positiveQty = z.number().int('quantity must be a whole number').positive('quantity must be more than zero').max(1_000_000_000);
export const signedQty = z.number().int('quantity must be a whole number').refine((n) => n !== 0, 'quantity cannot be zero').refine((n) => Math.abs(n) <= 1_000_000_000, 'quantity is too large');
export const minorUnits = z.number().int('money is in whole minor units (cents)').nonnegative('a cost cannot be negative').max(1e12);
/** An instant: ISO 8601 with a time zone, e.g. 2026-03-14T10:30:00Z or 2026-03-14T10:30:00+01:00. */
export const instant = z.iso.datetime({ offset: true, message: 'expected a date-time like 2026-03-14T10:30:00Z' });
/** An instant, or a plain day (YYYY-MM-DD) meaning the end of that day in the branch's time zone. */
export const pointInTime = z.union([z.iso.date(), instant], { message: 'expected a day (2026-03-14) or a date-time (2026-03-14T10:30:00Z)' });
export const limit = z.number().int().min(1).max(1000);
export const offset = z.number().int().min(0);
export const empty = z.object({}).strict().optional().default({});
