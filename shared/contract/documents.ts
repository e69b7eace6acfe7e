import { z } from 'zod';
import type { LedgerMovement } from '../movements/row';
import { actor, docId, instant, minorUnits, signedQty, sku } from './common';
import { itemSchema } from './items';

/** Documents a clerk records directly; each maps to the movement kind of the same name. */
export const DOCUMENT_TYPES = ['receive', 'sale', 'customer_return', 'complimentary', 'supplier_return', 'write_off', 'adjustment'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const documentLineSchema = z.object({
  sku,
  qty: signedQty,
  unitCost: minorUnits.optional(),
});

export const documentsRecordInput = z.object({
  type: z.enum(DOCUMENT_TYPES, { message: `type must be one of ${DOCUMENT_TYPES.join(', ')}` }),
  id: docId.optional(),
  lines: z.array(documentLineSchema).min(1, 'a document needs at least one line').max(5000),
  note: z.string().trim().max(1000).optional(),
  occurredAt: instant.optional(),
  actor,
});
export type DocumentsRecordInput = z.input<typeof documentsRecordInput>;

/** A batch of historical or bulk lines (CSV import): each line keeps its own type and business time. */
export const documentsImportInput = z.object({
  id: docId,
  lines: z.array(z.object({
    type: z.enum(DOCUMENT_TYPES),
    sku,
    qty: signedQty,
    unitCost: minorUnits.optional(),
    occurredAt: instant.optional(),
    note: z.string().max(1000).optional(),
    /** The source row's own key (a CSV import: hash of its content and position): a row already imported under it is skipped. */
    key: z.string().min(1).max(100).optional(),
  })).min(1).max(50_000),
  /** Items the batch's rows need, added (not changed) in the same transaction, so a refused batch adds none. */
  items: z.array(itemSchema).max(50_000).optional(),
  actor,
});

export const documentCommands = {
  'documents.import': documentsImportInput,
  'documents.record': documentsRecordInput,
  'documents.get': z.object({ type: z.string().min(1), id: docId }),
  'movements.reverse': z.object({
    movementId: z.string().min(1),
    reason: z.string().trim().min(1, 'a reason is required: say why this movement is wrong'),
    actor,
    id: docId.optional(),
  }),
};

export interface LedgerDocument {
  type: string;
  id: string;
  actor: string;
  note: string | null;
  occurredAt: string;
  recordedAt: string;
  movements: LedgerMovement[];
}

export interface DocumentResults {
  'documents.import': { id: string; movements: number; alreadyImported: boolean; skipped?: number };
  'documents.record': LedgerDocument;
  'documents.get': LedgerDocument;
  'movements.reverse': LedgerDocument;
}
