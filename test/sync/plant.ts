import type { SqlConn } from '../../server/store/sql';
import type { HqStore } from '../../server/store/store';

/** Writes straight into HQ's tables: what an older HQ (before validation) let in and still serves. */
export async function plantAtHq(store: HqStore, fn: (c: SqlConn) => Promise<void>): Promise<void> {
  await (store as unknown as { backend: { write: (f: (c: SqlConn) => Promise<void>) => Promise<void> } }).backend.write(fn);
}

export async function plantItem(store: HqStore, sku: string, name: string): Promise<void> {
  await plantAtHq(store, async (c) => {
    const [seq] = await c.nextSeqs(1);
    await c.run(`INSERT INTO items (sku, server_seq, name, needs_review, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?)
      ON CONFLICT (sku) DO UPDATE SET server_seq = excluded.server_seq, name = excluded.name`, [sku, seq, name, new Date().toISOString(), new Date().toISOString()]);
  });
}

