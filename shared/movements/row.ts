import { z } from 'zod';
import { MOVEMENT_KIND_NAMES } from './kinds';

/**
 * A movement as it travels: between the ledger and the command layer, in sync batches, at HQ.
 * Everything here is covered by the row's hash except `learnedAt`, which is local to each ledger
 * ("when did this ledger learn it") and so differs between a branch PC and HQ.
 */
export const movementSchema = z.object({
  id: z.string().min(1),
  deviceId: z.string().min(1),
  deviceSeq: z.number().int().positive(),
  branch: z.string().min(1),
  sku: z.string().min(1),
  kind: z.enum(MOVEMENT_KIND_NAMES as [string, ...string[]]),
  qty: z.number().int(),
  onHandDelta: z.number().int(),
  reservedDelta: z.number().int(),
  unitCost: z.number().int().nonnegative().nullable(),
  docType: z.string().min(1),
  docId: z.string().min(1),
  docLine: z.number().int().nonnegative(),
  reverses: z.string().nullable(),
  note: z.string().nullable(),
  actor: z.string().min(1),
  occurredAt: z.string().min(1),
  recordedAt: z.string().min(1),
  prevHash: z.string(),
  hash: z.string(),
});
export type Movement = z.infer<typeof movementSchema>;

/** A movement as a ledger shows it, with its local position and learning time. */
export interface LedgerMovement extends Movement {
  seq: number;
  learnedAt: string;
}
