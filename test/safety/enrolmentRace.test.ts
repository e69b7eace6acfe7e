import { afterEach, describe, expect, it, vi } from 'vitest';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { syncEngineFor } from '../../electron/sync/registry';
import { seedItems, tempHost } from '../helpers/tempLedger';
import { FAST_SYNC, TestHq } from '../sync/hqHarness';

/**
 * Enrolment asks HQ for a sealing key that starts at "the next row" (head + 1). A sale recorded while the
 * request is out took that very sequence with a plain hash; the key then arrived saying "sealed from
 * here", so verify failed on the PC and HQ refused the push.
 */
/** A real HQ, and a till that syncs and has received 10 TEA (not yet enrolled). */
async function tillWithTenTeas() {
  const hq = await TestHq.start('sqlite');
  const pc = tempHost();
  syncEngineFor(pc.ledger, FAST_SYNC);
  await seedItems(pc, ['TEA']);
  await pc.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 10 }], actor: 'ann' });
  return { hq, pc };
}

describe('a sale recorded while the PC is being enrolled', () => {
  it('in the same process: it waits for the key and is sealed; verify holds on the PC and at HQ', async () => {
    const { hq, pc } = await tillWithTenTeas();
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
    const { hq, pc } = await tillWithTenTeas();
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

  afterEach(() => { vi.restoreAllMocks(); });

  it('an enrolment whose answer was lost, sales meanwhile, then the retry: HQ moves the seal start past the unsealed rows (it holds none of them); verify holds on both sides', async () => {
    const { hq, pc } = await tillWithTenTeas();
    const code = await hq.enrollmentCode('NORTH');
    // HQ enrols the PC, but the answer never arrives (the connection drops on the way back).
    const realFetch = globalThis.fetch;
    let dropping = true;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (...args: Parameters<typeof fetch>) => {
      const answer = await realFetch(...args);
      if (dropping && String(args[0]).endsWith('/v1/enroll')) throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
      return answer;
    });
    await expect(pc.run('sync.configure', { serverUrl: hq.url, enrollmentCode: code })).rejects.toThrow();
    dropping = false;
    // The till keeps selling without a key: plain rows at the sequences HQ was told to expect sealed.
    await pc.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 1 }], actor: 'ann' });
    await pc.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 1 }], actor: 'ann' });
    // The manager tries again with the same code.
    await pc.run('sync.configure', { serverUrl: hq.url, enrollmentCode: code });
    await pc.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 1 }], actor: 'ann' });
    expect(await pc.run('ledger.verify')).toMatchObject({ ok: true, movements: 4 });
    await pc.run('sync.now', {});
    expect(await pc.run('sync.status', {})).toMatchObject({ pending: 0 });
    expect((await hq.store.quarantine()).length).toBe(0);
    expect((await hq.store.verifyChains()).ok).toBe(true);
  });
});
