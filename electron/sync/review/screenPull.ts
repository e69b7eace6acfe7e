import { UNASSIGNED_BRANCH } from '../../../shared/contract/ledger';
import type { Database } from 'better-sqlite3';
import { itemSchema } from '../../../shared/contract/items';
import { barcodeListProblem, composeBarcodes } from '../../../shared/domain/barcodes';
import { checkLink } from '../../../shared/movements/chain';
import { movementSchema, type Movement } from '../../../shared/movements/row';
import { movementProblem, type ValidationContext } from '../../../shared/movements/validate';
import { catalogueItem, quarantineNotice, transferReceiptSchema, transferSchema, type QuarantineNotice, type Transfer, type TransferReceipt } from '../../../shared/sync/protocol';
import type { z } from 'zod';
import type { Ledger } from '../../ledger/open';
import { prepared } from '../../ledger/prepared';
import { anyParked, park, unparked, type ParkedKind } from './parked';

/**
 * "The PC accepts from a pull only what it can store" (DESIGN.md "One validator"): every entry of a
 * pulled page is read on its own, with the same rules the branch applies when it records. What fails is
 * parked with the reason (./parked.ts) and the rest applies; nothing in one page can stop the pull.
 */
export type CatalogueItem = z.infer<typeof catalogueItem>;

export interface ScreenedPage {
  movements: Movement[];
  items: CatalogueItem[];
  transfers: Transfer[];
  receipts: TransferReceipt[];
  notices: QuarantineNotice[];
}

const sql = (db: Database) => ({
  byId: db.prepare(`SELECT id, branch, sku, kind, qty, on_hand_delta AS onHandDelta, reserved_delta AS reservedDelta FROM movements WHERE id = ?`),
});

const firstIssue = (e: z.ZodError) => {
  const i = e.issues[0];
  return i ? `${i.path.join('.') || 'entry'}: ${i.message}` : 'unreadable';
};
const keyOf = (v: unknown, field: string, fallback: string): string => {
  const k = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[field] : undefined;
  return typeof k === 'string' || typeof k === 'number' ? String(k) : fallback;
};

/** One kind of entry: parsed by its schema, or parked with the first problem. */
function screen<T>(db: Database, kind: ParkedKind, entries: unknown[], schema: z.ZodType<T>, key: string, now: number, check: (v: T) => string | null = () => null): T[] {
  const out: T[] = [];
  entries.forEach((raw, i) => {
    const k = keyOf(raw, key, `#${i}`);
    const parsed = schema.safeParse(raw);
    const problem = parsed.success ? check(parsed.data) : `it is not in the shape this app stores (${firstIssue(parsed.error)})`;
    if (problem) park(db, kind, k, `HQ sent ${kind} ${k}, which this PC cannot store: ${problem}.`, raw, now);
    else out.push(parsed.data!);
  });
  return out;
}

export function screenPage(ledger: Ledger, page: { movements: unknown[]; items: unknown[]; transfers: unknown[]; transferReceipts: unknown[]; quarantine?: unknown[] }, ownBranch: string, now: number): ScreenedPage {
  const { db } = ledger;
  // HQ's catalogue entries are held to the branch's own item contract (a 240-character name parks, not wedges).
  const items = screen(db, 'item', page.items, catalogueItem, 'sku', now, (it) => {
    const r = itemSchema.safeParse(it);
    return r.success ? barcodeListProblem(composeBarcodes(it, { barcode: null, barcodes: [] }, 'none')) : firstIssue(r.error);
  });
  const pageRows = new Map<string, Movement>();
  const movements = screen(db, 'movement', page.movements, movementSchema, 'id', now, (m) => {
    // Rows recorded before their PC had a branch carry UNASSIGNED; HQ files them under its branch (identity).
    if (m.branch !== ownBranch && m.branch !== UNASSIGNED_BRANCH) return `it belongs to branch ${m.branch}, not to this PC's branch ${ownBranch}`;
    // Another device's sealed link can only be checked at HQ, which holds its key (and did, on push).
    if (checkLink(m, m.hash, null) === 'bad') return 'its hash does not match its content, so it is not the row its device recorded';
    const ctx: ValidationContext = {};
    if (m.reverses !== null) ctx.reversed = pageRows.get(m.reverses) ?? (prepared(db, sql).byId.get(m.reverses) as ValidationContext['reversed']) ?? null;
    const problem = movementProblem(m, ctx);
    if (!problem) pageRows.set(m.id, m);
    return problem;
  }).filter((m) => m.deviceId !== ledger.deviceId);
  return {
    movements,
    items,
    transfers: screen(db, 'transfer', page.transfers, transferSchema, 'id', now),
    receipts: screen(db, 'receipt', page.transferReceipts, transferReceiptSchema, 'transferId', now),
    notices: screen(db, 'notice', page.quarantine ?? [], quarantineNotice, 'deviceSeq', now),
  };
}

/**
 * Runs `apply` on all entries in one savepoint; if that fails, one savepoint per entry, parking each
 * entry that still fails with the ledger's own words. An entry parked before that now applies is marked so.
 */
export function applyOrPark<T>(db: Database, kind: ParkedKind, entries: T[], key: (e: T) => string, apply: (batch: T[]) => void, now: number): T[] {
  if (!entries.length) return [];
  try {
    db.transaction(() => apply(entries))();
    if (anyParked(db, kind)) for (const e of entries) unparked(db, kind, key(e), now);
    return entries;
  } catch {
    const done: T[] = [];
    for (const e of entries) {
      try {
        db.transaction(() => apply([e]))();
        unparked(db, kind, key(e), now);
        done.push(e);
      } catch (err) {
        park(db, kind, key(e), `HQ sent ${kind} ${key(e)}, which this PC could not apply: ${(err as Error).message}.`, e, now);
      }
    }
    return done;
  }
}
