import { copyFileSync, rmSync } from 'node:fs';
import { afterEach } from 'vitest';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { syncEngineFor } from '../../electron/sync/registry';
import { FAST_SYNC, type Pc } from './hqHarness';
import type { SyncOptions } from '../../electron/sync/engine';

const reopened: LedgerHost[] = [];
afterEach(() => {
  while (reopened.length) reopened.pop()!.close();
});

/** A consistent copy of a PC's ledger file while it is open (what a backup tool takes). */
export async function snapshotLedger(pc: Pc, to: string): Promise<void> {
  await pc.host.ledger.db.backup(to);
}

/**
 * The PC's file goes back in time: the app stops, the copy replaces the file (a restored backup, or
 * a power cut that lost the last commits), and the app starts again on it.
 */
export function rollBackLedger(pc: Pc, copy: string, sync: Partial<SyncOptions> = {}): void {
  const { file, dir } = pc.host;
  pc.host.close();
  copyFileSync(copy, file);
  for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });
  const host = Object.assign(new LedgerHost(file), { file, dir });
  syncEngineFor(host.ledger, { ...FAST_SYNC, ...sync });
  reopened.push(host);
  pc.host = host;
}
