import { z } from 'zod';
import { managerApproval } from './approval';
import type { LedgerMovement } from '../movements/row';
import { actor, docId, instant, minorUnits, note, safeText, signedQty, sku } from './common';
import { itemSchema } from './items';

/** Documents a clerk records directly; each maps to the movement kind of the same name. */
export const DOCUMENT_TYPES = ['receive', 'sale', 'customer_return', 'complimentary', 'supplier_return', 'write_off', 'adjustment'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/**
 * Documents a clerk must explain although the movement kind itself does not demand a note (a row synced
 * from an older PC without one is still a valid movement): stock thrown away needs a reason.
 */
export const REASON_REQUIRED_TYPES: ReadonlySet<string> = new Set(['write_off', 'adjustment']);
/** Documents that deal with a supplier and may carry its name and delivery-note number. */
export const SUPPLIER_TYPES: ReadonlySet<string> = new Set(['receive', 'supplier_return']);

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
  /** Who delivered (a receipt) or whom the goods go back to (a return to supplier). */
  supplier: z.string().trim().min(1).max(200).optional(),
  /** The supplier's delivery-note or invoice number. */
  supplierRef: z.string().trim().min(1).max(100).optional(),
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
    /** The source row's own key (a CSV import: hash of its content and position): a row already imported under it is skipped. */
    key: z.string().min(1).max(100).optional(),
  })).min(1).max(50_000),
  /** Items the batch's rows need, added (not changed) in the same transaction, so a refused batch adds none. */
  items: z.array(itemSchema).max(50_000).optional(),
  actor,
});

/** The journal: documents by business time (branch days are resolved by the caller), newest first. */
export const documentsListInput = z.object({
  from: instant.optional(),
  to: instant.optional(),
  type: z.string().min(1).max(40).optional(),
  actor: z.string().max(100).optional(),
  /** A document number, a SKU or a supplier (part of it). */
  search: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(500).optional(),
  offset: z.number().int().min(0).optional(),
}).strict().optional().default({});

export const documentCommands = {
  'documents.import': documentsImportInput,
  'documents.record': documentsRecordInput,
  'documents.get': z.object({ type: z.string().min(1), id: docId }),
  'documents.list': documentsListInput,
  'documents.reverse': z.object({
    type: z.string().min(1),
    id: docId,
    reason: z.string().trim().min(1, 'a reason is required: say why this document is wrong'),
    actor,
  }).strict(),
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
  supplier?: string | null;
  supplierRef?: string | null;
  occurredAt: string;
  recordedAt: string;
  movements: LedgerMovement[];
}

/** One document of the journal. Value: known unit costs × quantities (a sale's cost once FIFO priced it). */
export interface JournalRow {
  type: string;
  typeLabel: string;
  id: string;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  note: string | null;
  supplier: string | null;
  supplierRef: string | null;
  lines: number;
  /** Sum of the lines' on-hand changes (signed: a sale is negative). */
  qty: number;
  /** Sum of |quantity| × unit cost over the lines that have a cost, in minor units. */
  value: number;
  /** Lines without any cost yet (a value shown as "no cost" or partial). */
  uncostedLines: number;
  /** 'no' | 'partly' | 'fully': how many of its lines have been reversed. */
  reversed: 'no' | 'partly' | 'fully';
  /** The first line's SKU and item name, for the clerk's eye. */
  firstSku: string;
  firstName: string | null;
}

/** A document's line with what a printout shows: item name and value. */
export interface DocumentLineView {
  line: number;
  movementId: string;
  sku: string;
  name: string | null;
  unit: string | null;
  qty: number;
  onHandDelta: number;
  unitCost: number | null;
  value: number | null;
  reversedBy: string | null;
}

export interface DocumentResults {
  'documents.list': { rows: JournalRow[]; total: number };
  'documents.reverse': LedgerDocument & { reversedLines: number; alreadyReversed: number };
  'documents.import': { id: string; movements: number; alreadyImported: boolean; skipped?: number };
  'documents.record': LedgerDocument;
  'documents.get': LedgerDocument & { typeLabel: string; lines: DocumentLineView[] };
  'movements.reverse': LedgerDocument;
}
