import type { Database } from 'better-sqlite3';
import type { DocumentLineView, JournalRow } from '../../shared/contract/documents';
import { isoOf } from '../../shared/domain/time';
import { kindLabel } from '../../shared/movements/kinds';
import { prepared, preparedText } from '../ledger/prepared';

/** Labels of document types that are not a movement kind of the same name. */
const DOC_LABELS: Record<string, string> = { import: 'Import', reservation: 'Hold', stocktake: 'Stock take', transfer: 'Transfer' };
export const docTypeLabel = (type: string): string => DOC_LABELS[type] ?? kindLabel(type);

/**
 * A line's value: its own unit cost × quantity (receipts, returns), otherwise what FIFO charged the
 * outflow (a sale's cost of goods), from the allocation records shown under it.
 */
const LINE_COST = `(SELECT sum(a.cost) FROM cost_allocations a WHERE a.sku = m.sku AND a.shown_at = m.occurred_at AND a.shown_seq = m.seq AND a.layer_seq IS NOT NULL)`;
const LINE_VALUE = `CASE WHEN m.unit_cost IS NOT NULL THEN abs(m.qty) * m.unit_cost ELSE ${LINE_COST} END`;

export interface JournalQuery { from?: number; to?: number; type?: string; actor?: string; search?: string; limit?: number; offset?: number }

interface JournalDbRow {
  doc_type: string; doc_id: string; occurred_at: number; recorded_at: number; actor: string; note: string | null;
  supplier: string | null; supplier_ref: string | null; lines: number; qty: number; value: number | null; uncosted: number;
  reversed: number; first_sku: string; first_name: string | null;
}

function where(q: JournalQuery): { clause: string; having: string; params: Record<string, unknown> } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (q.from !== undefined) { clauses.push('m.occurred_at >= @from'); params.from = q.from; }
  if (q.to !== undefined) { clauses.push('m.occurred_at <= @to'); params.to = q.to; }
  if (q.type) { clauses.push('m.doc_type = @type'); params.type = q.type; }
  if (q.actor) { clauses.push('m.actor = @actor'); params.actor = q.actor; }
  let having = '';
  const search = q.search?.trim();
  if (search) {
    params.like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // HAVING over the group: a document matches when any of its lines does, and keeps all its lines.
    having = `HAVING max(m.doc_id LIKE @like ESCAPE '\\' OR m.sku LIKE @like ESCAPE '\\' OR coalesce(d.supplier, '') LIKE @like ESCAPE '\\' OR coalesce(d.supplier_ref, '') LIKE @like ESCAPE '\\')`;
  }
  return { clause: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', having, params };
}

/** The document journal: one row per document (doc_type + doc_id) with its totals, newest first. */
export function listDocuments(db: Database, q: JournalQuery): { rows: JournalRow[]; total: number } {
  const { clause, having, params } = where(q);
  const groups = `
    FROM movements m LEFT JOIN documents d ON d.id = m.doc_id AND d.type = m.doc_type
    ${clause} GROUP BY m.doc_type, m.doc_id ${having}`;
  const rows = preparedText(db, `
    SELECT m.doc_type, m.doc_id, min(m.occurred_at) AS occurred_at, min(m.recorded_at) AS recorded_at,
      coalesce(max(d.actor), min(m.actor)) AS actor, max(d.note) AS note, max(d.supplier) AS supplier, max(d.supplier_ref) AS supplier_ref,
      count(*) AS lines, sum(m.on_hand_delta) AS qty, sum(${LINE_VALUE}) AS value,
      sum(CASE WHEN m.on_hand_delta <> 0 AND (${LINE_VALUE}) IS NULL THEN 1 ELSE 0 END) AS uncosted,
      sum(EXISTS (SELECT 1 FROM movements r WHERE r.reverses = m.id)) AS reversed,
      (SELECT x.sku FROM movements x WHERE x.doc_type = m.doc_type AND x.doc_id = m.doc_id ORDER BY x.doc_line LIMIT 1) AS first_sku,
      (SELECT i.name FROM movements x JOIN items i ON i.sku = x.sku WHERE x.doc_type = m.doc_type AND x.doc_id = m.doc_id ORDER BY x.doc_line LIMIT 1) AS first_name
    ${groups}
    ORDER BY occurred_at DESC, m.doc_id DESC LIMIT @limit OFFSET @offset`).all({ ...params, limit: q.limit ?? 100, offset: q.offset ?? 0 }) as JournalDbRow[];
  const total = (preparedText(db, `SELECT count(*) AS n FROM (SELECT 1 ${groups})`).get(params) as { n: number }).n;
  return {
    total,
    rows: rows.map((r) => ({
      type: r.doc_type, typeLabel: docTypeLabel(r.doc_type), id: r.doc_id, occurredAt: isoOf(r.occurred_at), recordedAt: isoOf(r.recorded_at),
      actor: r.actor, note: r.note, supplier: r.supplier, supplierRef: r.supplier_ref, lines: r.lines, qty: r.qty, value: r.value ?? 0,
      uncostedLines: r.uncosted, reversed: r.reversed === 0 ? 'no' : r.reversed >= r.lines ? 'fully' : 'partly',
      firstSku: r.first_sku, firstName: r.first_name,
    })),
  };
}

const sql = (db: Database) => ({
  lines: db.prepare(`
    SELECT m.doc_line, m.id, m.sku, i.name, i.unit, m.qty, m.on_hand_delta, m.unit_cost, ${LINE_VALUE} AS value, r.id AS reversed_by
    FROM movements m LEFT JOIN items i ON i.sku = m.sku LEFT JOIN movements r ON r.reverses = m.id
    WHERE m.doc_type = ? AND m.doc_id = ? ORDER BY m.doc_line, m.seq`),
});

/** A document's lines as a printout shows them: item name, quantity, unit cost and value. */
export function documentLines(db: Database, type: string, id: string): DocumentLineView[] {
  return (prepared(db, sql).lines.all(type, id) as Array<{ doc_line: number; id: string; sku: string; name: string | null; unit: string | null; qty: number; on_hand_delta: number; unit_cost: number | null; value: number | null; reversed_by: string | null }>)
    .map((r) => ({
      line: r.doc_line + 1, movementId: r.id, sku: r.sku, name: r.name, unit: r.unit, qty: r.qty, onHandDelta: r.on_hand_delta,
      unitCost: r.unit_cost ?? (r.value !== null && r.qty !== 0 ? Math.round(r.value / Math.abs(r.qty)) : null), value: r.value, reversedBy: r.reversed_by,
    }));
}
