import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { LedgerHost, type HostOptions } from '../../electron/host/inProcessHost';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A fresh directory for this test, removed after it. */
export function tempDir(prefix = 'stock-ledger-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A real ledger file in a fresh directory, with the command layer bound to it; closed after the test. */
export function tempHost(options: HostOptions = {}): LedgerHost & { dir: string; file: string } {
  const dir = tempDir();
  const file = join(dir, 'branch.sqlite');
  const host = new LedgerHost(file, options) as LedgerHost & { dir: string; file: string };
  host.dir = dir;
  host.file = file;
  cleanups.unshift(() => host.close());
  return host;
}

/** Adds items with plain names, for tests that only need something to move. */
export async function seedItems(host: LedgerHost, skus: string[]): Promise<void> {
  for (const sku of skus) await host.run('items.upsert', { sku, name: `Item ${sku}` });
}
