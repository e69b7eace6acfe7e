import type { Movement } from '../../shared/movements/row';
import type { QuarantineNotice, Transfer, TransferReceipt } from '../../shared/sync/protocol';
import type { PullInput, PullResult } from '../store/store';

type CatalogueItem = PullResult['items'][number];
export interface Seqd<T> { seq: number; value: T }

/**
 * What a store supplies to answer one pull from a consistent snapshot (one read transaction).
 * Each query returns at most `limit` rows with server_seq > after, in server_seq order.
 */
export interface PullTx {
  movements(branch: string, excludeDeviceId: string, after: number, limit: number): Promise<Seqd<Movement>[]>;
  items(after: number, limit: number): Promise<Seqd<CatalogueItem>[]>;
  transfers(branch: string, after: number, limit: number): Promise<Seqd<Transfer>[]>;
  receipts(branch: string, after: number, limit: number): Promise<Seqd<TransferReceipt>[]>;
  /** Rows of this branch HQ quarantined, and decisions on them (issue 12a: gaps PCs must understand). */
  quarantine(branch: string, after: number, limit: number): Promise<Seqd<QuarantineNotice>[]>;
  /** The highest server sequence committed in this snapshot. */
  head(): Promise<number>;
}

/**
 * One page of everything this branch should learn after `cursor`, in server order across all kinds,
 * so the client can store the returned cursor with what it applied. Each kind is fetched up to
 * limit+1 and merged; the page ends at the limit-th change, so nothing before the cursor is skipped.
 * When nothing more is visible, the cursor jumps to HQ's head: other branches' changes are not
 * rescanned next time. (Writers commit change sequences in order, so nothing can commit below the head later.)
 */
export async function runPull(tx: PullTx, request: PullInput): Promise<PullResult> {
  // A cursor beyond anything HQ holds was handed out by an HQ that had more: this one was restored
  // from a backup. Start that client over from the beginning (it applies idempotently).
  const head = await tx.head();
  const input = request.cursor > head ? { ...request, cursor: 0 } : request;
  const n = input.limit + 1;
  // One after another: a PostgreSQL connection runs one query at a time anyway.
  const movements = await tx.movements(input.branch, input.deviceId, input.cursor, n);
  const items = await tx.items(input.cursor, n);
  const transfers = await tx.transfers(input.branch, input.cursor, n);
  const receipts = await tx.receipts(input.branch, input.cursor, n);
  const quarantine = await tx.quarantine(input.branch, input.cursor, n);
  const all: Array<{ seq: number; put: () => void }> = [];
  const out: PullResult = { cursor: input.cursor, hasMore: false, movements: [], items: [], transfers: [], transferReceipts: [], quarantine: [] };
  for (const m of movements) all.push({ seq: m.seq, put: () => out.movements.push(m.value) });
  for (const i of items) all.push({ seq: i.seq, put: () => out.items.push(i.value) });
  for (const t of transfers) all.push({ seq: t.seq, put: () => out.transfers.push(t.value) });
  for (const r of receipts) all.push({ seq: r.seq, put: () => out.transferReceipts.push(r.value) });
  for (const q of quarantine) all.push({ seq: q.seq, put: () => out.quarantine!.push(q.value) });
  all.sort((a, b) => a.seq - b.seq);
  const page = all.slice(0, input.limit);
  for (const c of page) c.put();
  out.hasMore = all.length > input.limit;
  out.cursor = out.hasMore ? page[page.length - 1]!.seq : head;
  return out;
}
