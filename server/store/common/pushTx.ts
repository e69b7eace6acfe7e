import type { Movement } from '../../../shared/movements/row';
import type { Transfer, TransferReceipt } from '../../../shared/sync/protocol';
import type { PushTx } from '../../sync/runPush';
import { num, str, type SqlConn } from '../sql';
import { MOVEMENT_COLUMNS, MOVEMENT_SELECT, movementValues, toMovement, toReceipt, toTransfers, TRANSFER_SELECT } from './rows';

/** The push transaction's statements, in the SQL both stores speak. */
export function makePushTx(conn: SqlConn): PushTx {
  const IN = conn.inList();
  return {
    async deviceState(deviceId) {
      const lock = conn.dialect === 'postgres' ? ' FOR UPDATE' : '';
      const [r] = await conn.all(`SELECT last_seq, last_hash, pre_branch_through_seq FROM devices WHERE device_id = ?${lock}`, [deviceId]);
      if (!r) return null;
      const [seal] = await conn.all(`SELECT seal_key, seal_from FROM device_seals WHERE device_id = ?`, [deviceId]);
      return { lastSeq: num(r.last_seq), lastHash: str(r.last_hash), preBranchThroughSeq: num(r.pre_branch_through_seq), seal: seal ? { key: Buffer.from(String(seal.seal_key), 'base64'), from: num(seal.seal_from) } : null };
    },
    async movementsByIds(ids) {
      const rows = await conn.all(`SELECT ${MOVEMENT_SELECT} FROM movements WHERE id ${IN}`, [conn.list(ids)]);
      return new Map(rows.map((r) => [String(r.id), toMovement(r)]));
    },
    async movementsBySeqs(deviceId, seqs) {
      const rows = await conn.all(`SELECT ${MOVEMENT_SELECT} FROM movements WHERE device_id = ? AND device_seq ${IN}`, [deviceId, conn.list(seqs)]);
      return new Map(rows.map((r) => [num(r.device_seq), toMovement(r)]));
    },
    async conflictCandidates(branch, reversed, documents, counted) {
      const out: Movement[] = [];
      if (reversed.length) {
        out.push(...(await conn.all(`SELECT ${MOVEMENT_SELECT} FROM movements WHERE reverses ${IN} AND branch = ?`, [conn.list(reversed), branch])).map(toMovement));
      }
      // Few documents per push; one indexed query each (movements_doc).
      for (const [docType, docId] of documents) {
        out.push(...(await conn.all(`SELECT ${MOVEMENT_SELECT} FROM movements WHERE branch = ? AND doc_type = ? AND doc_id = ?`, [branch, docType, docId])).map(toMovement));
      }
      if (counted.length) {
        // The literal matches the partial index movements_stocktake_item.
        out.push(...(await conn.all(`SELECT ${MOVEMENT_SELECT} FROM movements WHERE doc_type = 'stocktake' AND branch = ? AND sku ${IN}`, [branch, conn.list(counted)])).map(toMovement));
      }
      return out;
    },
    async knownSkus(skus) {
      const rows = await conn.all<{ sku: string }>(`SELECT sku FROM items WHERE sku ${IN}`, [conn.list(skus)]);
      return new Set(rows.map((r) => r.sku));
    },
    async transfersByIds(ids) {
      const heads = await conn.all(`SELECT ${TRANSFER_SELECT} FROM transfers t WHERE t.id ${IN}`, [conn.list(ids)]);
      if (!heads.length) return new Map<string, Transfer>();
      const lines = await conn.all(`SELECT transfer_id, sku, qty, unit_cost FROM transfer_lines WHERE transfer_id ${IN} ORDER BY transfer_id, line_no`, [conn.list(heads.map((h) => h.id))]);
      return new Map(toTransfers(heads, lines).map(({ serverSeq: _s, storedAt: _a, ...t }) => [t.id, t]));
    },
    async receiptsByTransferIds(ids) {
      const rows = await conn.all(`SELECT * FROM transfer_receipts WHERE transfer_id ${IN}`, [conn.list(ids)]);
      return new Map<string, TransferReceipt>(rows.map((r) => [String(r.transfer_id), toReceipt(r)]));
    },
    async insertLearnedItems(items, now) {
      // A learned item's codes join the catalogue unless another item already has one: HQ's catalogue
      // wins, and review shows the item with the codes it kept (its primary is the first of them).
      const taken = new Set<string>();
      const codes = [...new Set(items.flatMap((i) => i.barcodes))];
      if (codes.length) for (const r of await conn.all(`SELECT barcode FROM item_barcodes WHERE sku IS NOT NULL AND barcode ${IN}`, [conn.list(codes)])) taken.add(String(r.barcode));
      const kept = items.map((i) => {
        const mine = i.barcodes.filter((b) => !taken.has(b));
        for (const b of mine) taken.add(b);
        return mine;
      });
      const seqs = await conn.nextSeqs(items.length);
      await conn.insertMany('items', [['sku', 'text'], ['server_seq', 'int8'], ['name', 'text'], ['category', 'text'], ['brand', 'text'], ['barcode', 'text'], ['unit', 'text'], ['needs_review', 'int4'], ['learned_from', 'text'], ['created_at', 'text'], ['updated_at', 'text']],
        items.map((i, k) => [i.sku, seqs[k], i.name, i.category, i.brand, kept[k]![0] ?? null, i.unit, 1, i.learnedFrom, now, now]));
      for (const [k, i] of items.entries()) {
        for (const [position, code] of kept[k]!.entries()) {
          await conn.run(`INSERT INTO item_barcodes (barcode, sku, position) VALUES (?, ?, ?) ON CONFLICT (barcode) DO UPDATE SET sku = excluded.sku, position = excluded.position`, [code, i.sku, position]);
        }
      }
    },
    async insertTransfers(transfers, now) {
      const seqs = await conn.nextSeqs(transfers.length);
      await conn.insertMany('transfers', [['id', 'text'], ['server_seq', 'int8'], ['from_branch', 'text'], ['to_branch', 'text'], ['sent_at', 'text'], ['actor', 'text'], ['note', 'text'], ['stored_at', 'text']],
        transfers.map((t, k) => [t.id, seqs[k], t.fromBranch, t.toBranch, t.sentAt, t.actor, t.note ?? null, now]));
      await conn.insertMany('transfer_lines', [['transfer_id', 'text'], ['line_no', 'int8'], ['sku', 'text'], ['qty', 'int8'], ['unit_cost', 'int8']],
        transfers.flatMap((t) => t.lines.map((l, n) => [t.id, n + 1, l.sku, l.qty, l.unitCost ?? null])));
    },
    async insertReceipts(receipts, now) {
      const seqs = await conn.nextSeqs(receipts.length);
      const from = await conn.all(`SELECT id, from_branch FROM transfers WHERE id ${IN}`, [conn.list(receipts.map((r) => r.transferId))]);
      const fromOf = new Map(from.map((r) => [String(r.id), String(r.from_branch)]));
      await conn.insertMany('transfer_receipts', [['transfer_id', 'text'], ['server_seq', 'int8'], ['branch', 'text'], ['from_branch', 'text'], ['lines', 'text'], ['received_at', 'text'], ['actor', 'text'], ['stored_at', 'text']],
        receipts.map((r, k) => [r.transferId, seqs[k], r.branch, fromOf.get(r.transferId) ?? null, JSON.stringify(r.lines.map((l) => ({ ...l, note: l.note ?? null }))), r.receivedAt, r.actor, now]));
    },
    async insertMovements(rows: Movement[], receivedAt, branch?: string) {
      const seqs = await conn.nextSeqs(rows.length);
      await conn.insertMany('movements', MOVEMENT_COLUMNS, rows.map((m, k) => movementValues(seqs[k]!, m, receivedAt, branch)));
    },
    async insertQuarantine(rows, device, receivedAt) {
      // A change sequence each, so the branch's other PCs learn of the gap by pull.
      const seqs = await conn.nextSeqs(rows.length);
      await conn.insertMany('quarantine', [['device_id', 'text'], ['branch', 'text'], ['device_seq', 'int8'], ['movement_id', 'text'], ['reason', 'text'], ['payload', 'text'], ['received_at', 'text'], ['server_seq', 'int8'], ['hash', 'text']],
        rows.map((q, k) => [device.deviceId, device.branch, q.deviceSeq, q.id, q.reason, q.payload, receivedAt, seqs[k], q.hash]));
    },
    async applyBalances(branch, deltas) {
      const upsert = `ON CONFLICT (branch, sku) DO UPDATE SET on_hand = balances.on_hand + excluded.on_hand, reserved = balances.reserved + excluded.reserved RETURNING sku, on_hand`;
      const rows: Array<Record<string, unknown>> = [];
      if (conn.dialect === 'postgres') {
        // One statement for the whole batch; PostgreSQL round trips are the cost here.
        const skus = [...deltas.keys()];
        rows.push(...await conn.all(`INSERT INTO balances (branch, sku, on_hand, reserved)
          SELECT CAST(? AS TEXT), u.sku, u.on_hand, u.reserved FROM unnest(CAST(? AS TEXT[]), CAST(? AS BIGINT[]), CAST(? AS BIGINT[])) AS u(sku, on_hand, reserved) ${upsert}`,
        [branch, skus, skus.map((k) => deltas.get(k)!.onHand), skus.map((k) => deltas.get(k)!.reserved)]));
      } else {
        for (const [sku, d] of deltas) rows.push(...await conn.all(`INSERT INTO balances (branch, sku, on_hand, reserved) VALUES (?, ?, ?, ?) ${upsert}`, [branch, sku, d.onHand, d.reserved]));
      }
      return new Map(rows.map((r) => [String(r.sku), num(r.on_hand)]));
    },
    async recordNegative(branch, rows, now) {
      await conn.insertMany('negative_events', [['branch', 'text'], ['sku', 'text'], ['on_hand', 'int8'], ['detected_at', 'text']], rows.map((r) => [branch, r.sku, r.onHand, now]));
    },
    async saveDeviceState(deviceId, s, now) {
      await conn.run(`UPDATE devices SET last_seq = ?, last_hash = ?, pending = COALESCE(?, pending), clock_skew_ms = COALESCE(?, clock_skew_ms),
        last_push_at = ?, last_seen_at = ? WHERE device_id = ?`, [s.lastSeq, s.lastHash, s.pending, s.clockSkewMs, now, now, deviceId]);
    },
  };
}
