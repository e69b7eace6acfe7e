import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import type { documentsImportInput } from '../../shared/contract/documents';
import { CommandError } from '../../shared/errors';
import { MOVEMENT_KINDS } from '../../shared/movements/kinds';
import { findItem, requireItems, upsertItem } from '../catalogue/items';
import { appendMovements, type AppendOptions } from '../ledger/append';
import type { Ledger } from '../ledger/open';
import { prepared } from '../ledger/prepared';
import { writeTransaction } from '../ledger/write';
import { importKeyHex } from './importKeys';
import { countDocumentMovements, isRecorded, requestHash, saveDocumentHeader } from './store';
import { refuseFutureTime } from './record';

// A batch's keys and SKUs go to SQLite as one JSON array per statement, not one call per line: on a
// 2,000-line batch the per-call cost of looking each key up, remembering it and finding its item was
// a sixth of the whole import. Keys travel as hex (JSON has no bytes); unhex gives the stored blob.
const sql = (db: Database) => ({
  known: db.prepare(`SELECT hex(k.key) FROM json_each(?) j JOIN import_keys k ON k.key = unhex(j.value)`).pluck(),
  // In key order: each page of the key index is visited once per batch, not once per key.
  remember: db.prepare(`INSERT INTO import_keys (key, doc_id) SELECT unhex(value), ? FROM json_each(?) ORDER BY 1`),
  missingItems: db.prepare(`SELECT DISTINCT j.value FROM json_each(?) j WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.sku = j.value)`).pluck(),
});

/**
 * One batch of an import, as one document under a caller-chosen id. A batch is all or nothing, and
 * so are the items it adds. Lines carrying a source-row key that an earlier import already appended
 * are skipped, so a corrected or re-run file appends each row once whatever its batches look like.
 */
export function importBatch(ledger: Ledger, p: z.output<typeof documentsImportInput>, now: number, bulk: Pick<AppendOptions, 'deferSnapshots'> = {}): { id: string; movements: number; alreadyImported: boolean; skipped: number } {
  p.lines.forEach((line, i) => {
    const rule = MOVEMENT_KINDS[line.type];
    if (!rule.signedQty && line.qty < 0) throw new CommandError('VALIDATION', `Import line ${i + 1} (${line.sku}): a ${rule.label.toLowerCase()} needs a quantity above zero.`, { line: i, sku: line.sku });
    if (rule.noteRequired && !line.note) throw new CommandError('VALIDATION', `Import line ${i + 1} (${line.sku}): a ${rule.label.toLowerCase()} needs a note saying why.`, { line: i, sku: line.sku });
  });
  const times = p.lines.map((l) => (l.occurredAt ? Date.parse(l.occurredAt) : now));
  times.forEach((t) => refuseFutureTime(t, now));
  // The batch is identified by its content: re-running a file (as anyone) finds it already there.
  const hash = requestHash({ lines: p.lines });
  return writeTransaction(ledger, () => {
    // Counted, not read back: a re-run of a big file answers this for every batch.
    if (isRecorded(ledger.db, p.id, 'import', hash)) return { id: p.id, movements: countDocumentMovements(ledger.db, 'import', p.id), alreadyImported: true, skipped: p.lines.length };
    const s = prepared(ledger.db, sql);
    const hexKeys = p.lines.map((line) => (line.key ? importKeyHex(line.key) : null));
    const keyed = hexKeys.filter((k): k is string => k !== null);
    const known = new Set(keyed.length ? s.known.all(JSON.stringify(keyed)) as string[] : []);
    const fresh = p.lines.map((line, i) => ({ line, time: times[i]!, key: hexKeys[i] ?? null })).filter(({ key }) => key === null || !known.has(key));
    const skipped = p.lines.length - fresh.length;
    if (fresh.length === 0) return { id: p.id, movements: 0, alreadyImported: true, skipped };
    for (const item of p.items ?? []) if (!findItem(ledger.db, item.sku)) upsertItem(ledger.db, item, now);
    const missing = s.missingItems.all(JSON.stringify(fresh.map(({ line }) => line.sku))) as string[];
    if (missing.length) requireItems(ledger.db, missing); // names them in the usual words
    appendMovements(ledger, fresh.map(({ line, time }, i) => ({
      sku: line.sku, kind: line.type, qty: line.qty, unitCost: line.unitCost ?? null,
      docType: 'import', docId: p.id, docLine: i, note: line.note ?? null, actor: p.actor, occurredAt: time,
    })), { now, ...bulk });
    const remembered = fresh.flatMap(({ key }) => (key === null ? [] : [key]));
    if (remembered.length) s.remember.run(p.id, JSON.stringify(remembered));
    saveDocumentHeader(ledger.db, { id: p.id, type: 'import', actor: p.actor, note: null, occurredAt: fresh.reduce((m, f) => Math.min(m, f.time), Infinity), recordedAt: now, requestHash: hash });
    return { id: p.id, movements: fresh.length, alreadyImported: false, skipped };
  });
}
