import { pushResponse } from '../../shared/sync/protocol';
import type { Ledger } from '../ledger/open';
import { writeTransaction } from '../ledger/write';
import { HqError, hqRequest, type HttpOptions } from './http';
import { assertSameChain } from './divergence';
import { ackDocs, readBatch } from './outbox';
import { headSeq, KEYS, recordError, recordQuarantined, setMeta, type SyncConfig } from './state';

export interface PushCounts { pushed: number; duplicates: number; quarantined: number; batches: number; halvings: number }

export interface PushOptions extends HttpOptions {
  batchCount: number;
  batchBytes: number;
  onProgress: (p: { pushed: number; pending: number }) => void;
}

/**
 * Drains the outbox in device-sequence order, one capped batch at a time. The cursor moves only to
 * HQ's `ackedSeq` (what it durably stored); a lost answer just means the batch goes again and HQ
 * counts it as duplicates. A 413 halves the batch; a sequence gap re-sends from what HQ expects.
 */
export async function pushAll(ledger: Ledger, config: SyncConfig, epoch: string, startAcked: number, o: PushOptions): Promise<PushCounts> {
  const { db, deviceId } = ledger;
  const counts: PushCounts = { pushed: 0, duplicates: 0, quarantined: 0, batches: 0, halvings: 0 };
  let acked = startAcked;
  let maxCount = o.batchCount;
  let stalls = 0;
  let gaps = 0;
  let rejectedDocs = 0;
  const startPending = headSeq(db, deviceId) - acked;
  o.onProgress({ pushed: 0, pending: startPending });
  for (;;) {
    const batch = readBatch(db, deviceId, acked, maxCount, o.batchBytes);
    if (batch.movements.length === 0 && batch.docKeys.length === 0) break;
    const head = headSeq(db, deviceId);
    let answer;
    try {
      answer = await hqRequest(config.serverUrl, 'POST', '/v1/push', pushResponse, {
        ...o,
        token: config.token,
        body: {
          deviceId,
          movements: batch.movements,
          ...(batch.items.length ? { items: batch.items } : {}),
          ...(batch.transfers.length ? { transfers: batch.transfers } : {}),
          ...(batch.transferReceipts.length ? { transferReceipts: batch.transferReceipts } : {}),
          pending: head - batch.lastSeq,
          deviceTime: new Date(o.now()).toISOString(),
        },
      });
    } catch (err) {
      if (err instanceof HqError && err.status === 413 && batch.movements.length > 1) {
        maxCount = Math.max(1, Math.floor(batch.movements.length / 2));
        counts.halvings += 1;
        continue;
      }
      const clash = err instanceof HqError && err.code === 'CONFLICT' ? batch.docKeys.find((k) => k.id === err.details.id) : undefined;
      if (clash && (rejectedDocs += 1) <= 10) {
        // Another PC of this branch already gave HQ its version (e.g. both tills received the same
        // transfer while offline). HQ keeps the first; this one stays here, reported, never silently dropped.
        const now = o.now();
        writeTransaction(ledger, () => {
          ackDocs(db, [clash], now);
          recordError(db, now, 'CONFLICT', clash.kind === 'receipt'
            ? `Transfer ${clash.id} had already been received on another PC of this branch; HQ keeps the first receipt it got. The stock counts the delivery once: the receipt of the PC with the lowest device id stands and the other is cancelled by a compensation (listed at HQ under conflicts).`
            : `HQ holds a different version of transfer ${clash.id}; it kept the first. Check the transfer with HQ.`);
        });
        continue;
      }
      const expected = err instanceof HqError && err.code === 'SEQUENCE_GAP' ? Number(err.details.expectedSeq) : NaN;
      if (Number.isInteger(expected) && expected >= 1 && gaps < 3) {
        gaps += 1;
        acked = Math.min(expected - 1, head);
        setMeta(db, KEYS.ackedSeq, acked);
        continue;
      }
      throw err;
    }
    const res = answer.body;
    if (res.epoch !== epoch) throw new HqError(0, 'EPOCH_CHANGED', 'HQ was restored from a backup during this sync; starting over.', true, 0);
    assertSameChain(ledger, res.ackedSeq, res.chainHead, o.now());
    counts.batches += 1;
    const newAcked = Math.min(res.ackedSeq, head);
    const now = o.now();
    writeTransaction(ledger, () => {
      setMeta(db, KEYS.ackedSeq, newAcked);
      ackDocs(db, batch.docKeys, now);
      recordQuarantined(db, res.quarantined, now);
    });
    counts.duplicates += res.duplicates;
    counts.quarantined += res.quarantined.length;
    if (newAcked > acked) {
      counts.pushed += newAcked - acked;
      stalls = 0;
    } else if (batch.movements.length > 0 && (stalls += 1) >= 3) {
      throw new HqError(200, 'CONFLICT', `HQ keeps answering without storing row ${acked + 1} of this PC. Sync stopped to avoid a loop; report this to HQ.`, false);
    }
    acked = newAcked;
    o.onProgress({ pushed: counts.pushed, pending: Math.max(0, headSeq(db, deviceId) - acked) });
  }
  return counts;
}
