import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHqServer } from '../../server/app';
import { openStore } from '../../server/store/open';
import type { HqStore } from '../../server/store/store';

/** A real HQ (SQLite store) on loopback for one test, in a scratch folder the test may use for its own files too. */
export interface LocalHq { store: HqStore; url: string; dir: string; close(): Promise<void> }

export async function startLocalHq(): Promise<LocalHq> {
  const dir = mkdtempSync(join(tmpdir(), 'stock-ledger-e2e-hq-'));
  const store = await openStore({ dataDir: join(dir, 'hq') });
  const server = buildHqServer({ store });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(server.server.address() as { port: number }).port}`;
  return {
    store, url, dir,
    close: async () => {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
