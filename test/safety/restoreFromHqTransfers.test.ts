import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { syncEngineFor } from '../../electron/sync/registry';
import { branchPc, FAST_SYNC, STORE_KINDS, TestHq } from '../sync/hqHarness';
import { tempDir } from '../helpers/tempLedger';

describe.each(STORE_KINDS)('restore from HQ brings back the branch\'s sent transfers as documents (%s HQ)', (kind) => {
  it('an open transfer (in transit) and a received one are transfer documents on the replacement PC, which can follow them up', async () => {
    const hq = await TestHq.start(kind);
    const dead = await branchPc(hq, 'NORTH', { skus: ['TEA', 'MUG'] });
    const south = await branchPc(hq, 'SOUTH', { skus: ['TEA', 'MUG'] });
    await dead.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 24, unitCost: 350 }, { sku: 'MUG', qty: 6, unitCost: 1200 }], actor: 'ann' });
    const open = await dead.host.run('transfers.send', { toBranch: 'SOUTH', lines: [{ sku: 'TEA', qty: 4 }, { sku: 'MUG', qty: 1 }], note: 'for the weekend', actor: 'ann' });
    const done = await dead.host.run('transfers.send', { toBranch: 'SOUTH', lines: [{ sku: 'TEA', qty: 2 }], actor: 'ann' });
    await dead.host.run('sync.now', {});
    await south.host.run('sync.now', {});
    await south.host.run('transfers.receive', { transferId: done.id, lines: [{ sku: 'TEA', received: 2 }], actor: 'sam' });
    await south.host.run('sync.now', {});
    await dead.host.run('sync.now', {});
    const before = (await dead.host.run('transfers.list', {})).rows;
    dead.host.close(); // the PC dies, no backup

    const fresh = new LedgerHost(join(tempDir(), 'replacement.sqlite'));
    try {
      syncEngineFor(fresh.ledger, FAST_SYNC);
      await fresh.run('sync.configure', { serverUrl: hq.url, enrollmentCode: await hq.enrollmentCode('NORTH') });
      await fresh.run('sync.now', {});
      const rows = (await fresh.run('transfers.list', {})).rows;
      const view = (r: (typeof rows)[number]) => ({ id: r.id, direction: r.direction, status: r.status, toBranch: r.toBranch, note: r.note, lines: r.lines.map((l) => [l.sku, l.qty, l.received]) });
      expect(rows.map(view)).toEqual(before.map(view));
      expect(rows.find((r) => r.id === open.id)).toMatchObject({ direction: 'out', status: 'in_transit', syncedToHq: true });
      // A transfer document, as on the PC that sent it: in the journal and openable.
      const doc = await fresh.run('documents.get', { type: 'transfer', id: open.id });
      expect(doc.lines.map((l) => [l.sku, l.qty])).toEqual([['TEA', 4], ['MUG', 1]]);
      const journal = await fresh.run('documents.list', { type: 'transfer' });
      expect(journal.rows.map((r) => r.id).sort()).toEqual([open.id, done.id].sort());
      expect(await fresh.run('ledger.verify')).toMatchObject({ ok: true });
    } finally {
      fresh.close();
    }
  });
});
