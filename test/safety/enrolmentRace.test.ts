import { describe, expect, it } from 'vitest';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { syncEngineFor } from '../../electron/sync/registry';
import { seedItems, tempHost } from '../helpers/tempLedger';
import { FAST_SYNC, TestHq } from '../sync/hqHarness';

/**
 * Enrolment asks HQ for a sealing key that starts at "the next row" (head + 1). A sale recorded while the
 * request is out took that very sequence with a plain hash; the key then arrived saying "sealed from
 * here", so verify failed on the PC and HQ refused the push.
 */
describe('a sale recorded while the PC is being enrolled', () => {
  it('in the same process: it waits for the key and is sealed; verify holds on the PC and at HQ', async () => {
    const hq = await TestHq.start('sqlite');
    const pc = tempHost();
    syncEngineFor(pc.ledger, FAST_SYNC);
    await seedItems(pc, ['TEA']);
    await pc.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 10 }], actor: 'ann' });
    const code = await hq.enrollmentCode('NORTH');
    // The enrolment's HTTP request is out when the sale runs (both start before any network answer can arrive).
    const enrolled = pc.run('sync.configure', { serverUrl: hq.url, enrollmentCode: code });
    const sale = pc.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 1 }], actor: 'ann' });
    await Promise.all([enrolled, sale]);
    await pc.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 1 }], actor: 'ann' });
    expect(await pc.run('ledger.verify')).toMatchObject({ ok: true, movements: 3 });
    await pc.run('sync.now', {});
    expect(await pc.run('sync.status', {})).toMatchObject({ pending: 0 });
    expect((await hq.store.verifyChains()).ok).toBe(true);
  });

  it('from another process on the same file (the CLI): refused with a clear "try again", nothing appended; afterwards sealed', async () => {
    const hq = await TestHq.start('sqlite');
    const pc = tempHost();
    syncEngineFor(pc.ledger, FAST_SYNC);
    await seedItems(pc, ['TEA']);
    await pc.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 10 }], actor: 'ann' });
    const cli = new LedgerHost(pc.file);
    try {
      const code = await hq.enrollmentCode('NORTH');
      const enrolled = pc.run('sync.configure', { serverUrl: hq.url, enrollmentCode: code });
      const during = await cli.call('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 1 }], actor: 'ann' });
      expect(during).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      expect(!during.ok && during.error.message).toMatch(/being connected to HQ/);
      await enrolled;
      expect(await cli.call('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 1 }], actor: 'ann' })).toMatchObject({ ok: true });
      expect(await pc.run('ledger.verify')).toMatchObject({ ok: true, movements: 2 });
      await pc.run('sync.now', {});
      expect(await pc.run('sync.status', {})).toMatchObject({ pending: 0 });
      expect((await hq.store.verifyChains()).ok).toBe(true);
    } finally {
      cli.close();
    }
  });
});
