import { createHash, hash } from 'node:crypto';
import type { z } from 'zod';
import { DOCUMENT_TYPES, documentsImportInput, type DocumentType } from '../../shared/contract/documents';
import { actor as actorSchema, instant } from '../../shared/contract/common';
import { textProblem } from '../../shared/text/safeText';
import { BulkBatchError, importBatchesBulk, type ImportBatchInput, type ImportBatchResult } from '../documents/importBulk';
import { itemSchema, type ItemFields } from '../../shared/contract/items';
import { CommandError } from '../../shared/errors';
import { deltasFor, MOVEMENT_KINDS } from '../../shared/movements/kinds';
import { findItem } from '../catalogue/items';
import { holdCosting } from '../costs/hooks';
import { refuseFutureTime } from '../documents/record';
import { availableOf } from '../ledger/append';
import { isCanonicalTime } from '../../shared/movements/validate';
import type { LedgerHost } from '../host/inProcessHost';
import { readSettings } from '../ledger/settings';
import type { ProgressEvent } from '../ledger/progress';
import { integerCell, textCell } from './cells';
import { importFile, type ImportSpec, type Row } from './importFile';

type Line = z.input<typeof documentsImportInput>['lines'][number];
interface Parsed { line: Line; item: ItemFields | null }

const ITEM_COLUMNS = ['name', 'category', 'brand', 'barcode', 'unit'] as const;
/**
 * Lines per write transaction of the bulk path (whole batches; a batch is one import document).
 * Measured on a 100,000-line file: peak RSS of the CLI 225 MB with 10,000, 329 MB with 50,000.
 */
const GROUP_ROWS = 10_000;
/** WAL pages between checkpoints during a bulk import (about 40 MB at 4 KB pages; the file's own setting if larger). */
const WAL_PAGES = 10_000;

export interface MovementImportOptions {
  type: DocumentType;
  actor: string;
  batch: number;
  /** Names a delivery: the same rows under another source are new rows (a repeat order), not a re-run. */
  source?: string;
  now?: () => number;
  /**
   * Writes each batch through the `documents.import` command (contract parse, one transaction per
   * batch, caches folded per batch) instead of the bulk path. Same rows; kept to prove it and to
   * measure the difference.
   */
  viaCommands?: boolean;
  /** Lines per write transaction on the bulk path (whole batches; default GROUP_ROWS). */
  groupRows?: number;
  onProgress?: (e: ProgressEvent) => void;
}

/** The key of a source row: its content and its position among the file's rows, under the source's name. */
export function rowKey(source: string, index: number, line: Omit<Line, 'key'>): string {
  const content = JSON.stringify([line.type, line.sku, line.qty, line.unitCost ?? null, line.occurredAt ?? null, line.note ?? null]);
  return hash('sha256', `${source}\n${index}\n${content}`, 'hex').slice(0, 32);
}

/**
 * Movement lines from CSV: sku and qty required; type, unit_cost (minor units), occurred_at, note and
 * item fields (name, category, brand, barcode, unit) optional. The whole file is checked first
 * (format, types, numbers, notes, dates, unknown items, stock) and nothing is written unless every
 * row is right. Then rows go in batches, each row keyed by its content and position: running the
 * file again, or a corrected copy, appends only rows not appended before.
 */
export async function importMovementsCsv(host: LedgerHost, file: string, o: MovementImportOptions): Promise<{ rows: number; appended: number; skipped: number; itemsAdded: number }> {
  const { db } = host.ledger;
  const now = (o.now ?? Date.now)();
  const settings = readSettings(db);
  const inCatalogue = new Map<string, boolean>();
  const known = (sku: string) => {
    let v = inCatalogue.get(sku);
    if (v === undefined) { v = findItem(db, sku) !== null; inCatalogue.set(sku, v); }
    return v;
  };
  // Bounded by the number of distinct items, not by the file's size.
  const named = new Set<string>();
  const unnamed = new Map<string, number>();
  const available = new Map<string, number>();
  const checkedItems = new Map<string, { name: string; category: string | null; brand: string | null; barcode: string | null; unit: string | null; item: ItemFields }>();
  // Items the writing pass has already sent with a batch (an item is added by the first batch naming it).
  const sentItems = new Set<string>();
  // The contract's limit on a documents.import batch, which the bulk path no longer parses per batch.
  if (!Number.isInteger(o.batch) || o.batch < 1 || o.batch > 50_000) throw new CommandError('VALIDATION', `--batch must be a whole number from 1 to 50000 (it was ${o.batch}). Nothing was imported.`);
  const actor = actorSchema.safeParse(o.actor);
  if (!actor.success) throw new CommandError('VALIDATION', `The actor ${actor.error.issues[0]!.message}. Nothing was imported.`);

  // Legacy exports repeat the item's fields on every line: each distinct set is checked once (compared
  // cell by cell with the last set seen for the SKU, which a JSON text per row cost more than).
  const itemOf = (row: Row, sku: string): ItemFields | null => {
    const name = textCell(row.get('name'));
    if (name === undefined) return null;
    const category = textCell(row.get('category')) ?? null;
    const brand = textCell(row.get('brand')) ?? null;
    const barcode = textCell(row.get('barcode')) ?? null;
    const unit = textCell(row.get('unit')) ?? null;
    const seen = checkedItems.get(sku);
    if (seen && seen.name === name && seen.category === category && seen.brand === brand && seen.barcode === barcode && seen.unit === unit) return seen.item;
    const r = itemSchema.safeParse({ sku, name, category, brand, barcode, unit });
    if (!r.success) {
      for (const i of r.error.issues) row.problem(String(i.path[0] ?? 'name'), i.message);
      return null;
    }
    checkedItems.set(sku, { name, category, brand, barcode, unit, item: r.data }); // as the contract would pass it on (trimmed)
    return r.data;
  };
  // A file names each item on many lines: its SKU cell is checked once per distinct text (bounded, like the maps above).
  const skus = new Map<string, ReturnType<typeof itemSchema.shape.sku.safeParse>>();
  const skuOf = (text: string) => {
    let r = skus.get(text);
    if (r === undefined) {
      r = itemSchema.shape.sku.safeParse(text);
      if (skus.size < 100_000) skus.set(text, r);
    }
    return r;
  };

  const spec: ImportSpec<Parsed> = {
    required: ['sku', 'qty'],
    optional: ['type', 'unit_cost', 'occurred_at', 'note', ...ITEM_COLUMNS],
    parse(row: Row) {
      if (row.trusted) {
        // The checking pass accepted these very bytes: the same values, without the checks.
        const sku = (row.get('sku') ?? '').trim();
        const costText = textCell(row.get('unit_cost'));
        return {
          line: { type: (textCell(row.get('type')) ?? o.type) as DocumentType, sku, qty: Number((row.get('qty') ?? '').trim()), unitCost: costText === undefined ? undefined : Number(costText), occurredAt: textCell(row.get('occurred_at')), note: textCell(row.get('note')) },
          // Only the first row of a new item carries it to the writer; the rest need not build it again.
          item: sentItems.has(sku) || known(sku) ? null : itemOf(row, sku),
        };
      }
      const sku = skuOf(row.get('sku') ?? '');
      if (!sku.success) row.problem('sku', sku.error.issues[0]!.message);
      const type = (textCell(row.get('type')) ?? o.type) as DocumentType;
      if (!DOCUMENT_TYPES.includes(type)) row.problem('type', `unknown type "${type}" (use ${DOCUMENT_TYPES.join(', ')})`);
      const qty = integerCell(row.get('qty') ?? '');
      if (typeof qty === 'string') row.problem('qty', `quantity ${qty}`);
      else if (qty === 0) row.problem('qty', 'quantity cannot be zero');
      else if (Math.abs(qty) > 1_000_000_000) row.problem('qty', 'quantity is too large');
      else if (DOCUMENT_TYPES.includes(type) && !MOVEMENT_KINDS[type].signedQty && qty < 0) row.problem('qty', `a ${MOVEMENT_KINDS[type].label.toLowerCase()} needs a quantity above zero`);
      const costText = textCell(row.get('unit_cost'));
      const cost = costText === undefined ? undefined : integerCell(costText);
      if (typeof cost === 'string') row.problem('unit_cost', `unit cost ${cost} (in minor units, e.g. 350 for 3.50)`);
      else if (cost !== undefined && cost < 0) row.problem('unit_cost', 'a cost cannot be negative');
      else if (cost !== undefined && cost > 1e12) row.problem('unit_cost', 'a cost is at most 1,000,000,000,000 minor units');
      const at = textCell(row.get('occurred_at'));
      if (at !== undefined) {
        // What the app itself writes is checked by arithmetic; anything else by the contract's rule.
        if (!isCanonicalTime(at) && !instant.safeParse(at).success) row.problem('occurred_at', `"${at}" is not a date-time like 2026-03-14T10:30:00Z`);
        else try { refuseFutureTime(Date.parse(at), now); } catch (e) { row.problem('occurred_at', (e as Error).message); }
      }
      const note = textCell(row.get('note'));
      if (note && note.length > 1000) row.problem('note', 'a note is at most 1000 characters');
      const noteProblem = note ? textProblem(note, true) : null;
      if (noteProblem) row.problem('note', `the text ${noteProblem}`);
      if (DOCUMENT_TYPES.includes(type) && MOVEMENT_KINDS[type].noteRequired && !note) row.problem('note', `a ${MOVEMENT_KINDS[type].label.toLowerCase()} needs a note saying why`);
      const item = sku.success ? itemOf(row, sku.data) : null;
      if (!sku.success || typeof qty === 'string' || !DOCUMENT_TYPES.includes(type) || typeof cost === 'string') return null;
      const parsed = { line: { type, sku: sku.data, qty, unitCost: cost, occurredAt: at, note }, item };
      if (!row.checking) return parsed;
      if (item) named.add(sku.data);
      else if (!known(sku.data) && !named.has(sku.data) && !unnamed.has(sku.data)) unnamed.set(sku.data, row.line);
      if (!settings.allowNegativeStock) {
        const d = deltasFor(type, qty);
        const before = available.get(sku.data) ?? (known(sku.data) ? availableOf(db, sku.data) : 0);
        const after = before + d.onHand - d.reserved;
        available.set(sku.data, after);
        if (after < 0 && before >= 0) row.problem('qty', `not enough stock of ${sku.data}: only ${before} available at this line (the ledger's stock plus the rows above). Receive it first, or put the receipt above this line`);
      }
      return parsed;
    },
    finish(problem) {
      for (const [sku, line] of unnamed) if (!named.has(sku)) problem(line, 'sku', `no item with SKU ${sku}: add a "name" column (and the item's name on one of its rows) or add the item first`);
    },
  };

  return importFile(file, spec, async (rows, total) => {
    let appended = 0;
    let skipped = 0;
    let itemsAdded = 0;
    let done = 0;
    let lines: Line[] = [];
    let items: ItemFields[] = [];
    // Batches waiting for the next transaction: about GROUP_ROWS lines, so memory stays flat.
    let group: ImportBatchInput[] = [];
    let grouped = 0;
    const write = async () => {
      if (!group.length) return;
      let results: ImportBatchResult[];
      try {
        results = o.viaCommands ? await viaCommands(host, group) : importBatchesBulk(host.ledger, group, host.ctx.now, (b, r, at) => host.logAsOperator('documents.import', { actor: b.actor }, r, at));
      } catch (err) {
        if (!(err instanceof BulkBatchError)) throw err;
        // Every earlier group is in; this group was rolled back (the command path keeps its earlier batches).
        const first = done + group.slice(0, err.batch).reduce((n, b) => n + b.lines.length, 0);
        const e = err.reason;
        const before = appended + (err.partial ?? []).reduce((n, r) => n + (r.alreadyImported ? 0 : r.movements), 0);
        throw new CommandError(e.code, `${file}: rows ${first + 1}-${first + group[err.batch]!.lines.length} could not be written: ${e.message} ${before} row(s) before them were imported; run the same file again once this is fixed and only the rest will be added.`, e.details);
      }
      results.forEach((r, i) => {
        const b = group[i]!;
        appended += r.alreadyImported ? 0 : r.movements;
        skipped += r.skipped ?? 0;
        if (!r.alreadyImported) itemsAdded += b.items?.length ?? 0;
        done += b.lines.length;
      });
      o.onProgress?.({ task: 'import', done, total });
      group = [];
      grouped = 0;
    };
    const flush = async () => {
      if (!lines.length) return;
      const id = `import-${createHash('sha256').update(lines.map((l) => l.key).join(',')).digest('hex').slice(0, 24)}`;
      group.push({ id, lines: lines as ImportBatchInput['lines'], items: items.length ? items as ImportBatchInput['items'] : undefined, actor: actor.data });
      grouped += lines.length;
      lines = [];
      items = [];
      if (grouped >= (o.groupRows ?? GROUP_ROWS)) await write();
    };
    // The bulk path's commits are not fsynced one by one (synchronous=NORMAL on this connection only:
    // still all or nothing per group, never a damaged file); one checkpoint at the end makes the whole
    // import durable before the command returns. A power cut mid-import loses at most the last groups,
    // and running the file again adds exactly those (every row is keyed).
    const db = host.ledger.db;
    const synchronous = o.viaCommands ? null : db.pragma('synchronous', { simple: true }) as number;
    if (synchronous !== null) db.pragma('synchronous = NORMAL');
    // Checkpoints every WAL_PAGES, not every 1,000 pages: each one copies and fsyncs what the groups
    // since the last one wrote, and a group of 10,000 rows already passes 1,000 pages.
    const autocheckpoint = o.viaCommands ? null : db.pragma('wal_autocheckpoint', { simple: true }) as number;
    if (autocheckpoint !== null) db.pragma(`wal_autocheckpoint = ${Math.max(autocheckpoint, WAL_PAGES)}`);
    // Costing waits until the rows are in (see holdCosting); reads in the meantime still catch up first.
    const releaseCosting = holdCosting(host.ledger);
    try {
      for await (const { row, index } of rows) {
        if (row.item && !sentItems.has(row.item.sku) && !known(row.item.sku)) {
          sentItems.add(row.item.sku);
          items.push(row.item);
        }
        const line: Line = row.line; // a fresh object per row: keyed in place, not copied
        line.key = rowKey(o.source ?? '', index, row.line);
        lines.push(line);
        if (lines.length >= o.batch) await flush();
      }
      await flush();
      await write();
    } finally {
      releaseCosting();
      if (autocheckpoint !== null) db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
      if (synchronous !== null) {
        db.pragma(`synchronous = ${synchronous}`);
        if (db.open && !db.inTransaction) db.pragma('wal_checkpoint(PASSIVE)');
      }
    }
    return { rows: total, appended, skipped, itemsAdded };
  }, (n) => o.onProgress?.({ task: 'check', done: n, total: 0 }));
}

/** The command path: one `documents.import` call (and transaction) per batch. */
async function viaCommands(host: LedgerHost, group: ImportBatchInput[]): Promise<ImportBatchResult[]> {
  const results: ImportBatchResult[] = [];
  for (const [i, batch] of group.entries()) {
    const outcome = await host.call('documents.import', batch);
    if (!outcome.ok) throw new BulkBatchError(i, new CommandError(outcome.error.code, outcome.error.message, outcome.error.details), results);
    results.push(outcome.result as ImportBatchResult);
  }
  return results;
}
