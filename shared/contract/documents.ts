import { z } from 'zod';
import { managerApproval } from './approval';
import type { LedgerMovement } from '../movements/row';
import { actor, docId, instant, minorUnits, note, safeText, signedQty, sku } from './common';

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
  note: note().optional(),
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
    note: safeText(z.string().max(1000), true).optional(),
  })).min(1).max(50_000),
  actor,
});

export const documentCommands = {
  'documents.import': documentsImportInput,
  'documents.record': documentsRecordInput,
  'documents.get': z.object({ type: z.string().min(1), id: docId }),
  'movements.reverse': z.object({
    movementId: z.string().min(1),
    reason: safeText(z.string().trim().min(1, 'a reason is required: say why this movement is wrong').max(1000), true),
    actor,
    id: docId.optional(),
    approval: managerApproval.optional(),
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
  'documents.import': { id: string; movements: number; alreadyImported: boolean };
  'documents.record': LedgerDocument;
  'documents.get': LedgerDocument;
  'movements.reverse': LedgerDocument;
}
