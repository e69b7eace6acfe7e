import { describe, expect, it } from 'vitest';
import { branchPc, STORE_KINDS, TestHq } from './hqHarness';
import { seedItems, tempHost } from '../helpers/tempLedger';

describe.each(STORE_KINDS)('"To branch" from HQ\'s list of branches (%s)', (kind) => {
  it('a PC keeps HQ\'s branches from each round, offers them offline, and refuses a branch HQ does not know', async () => {
    const hq = await TestHq.start(kind);
    await hq.store.addBranch({ code: 'POR-01', name: 'Porto' });
    const a = await branchPc(hq, 'LIS-01', { skus: ['TEA'] });
    await a.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 10 }], actor: 'ann' });
    // Enrolled, no round yet: nothing known, the form stays on free text.
    expect(await a.host.run('transfers.branches', {})).toEqual({ known: false, branches: [], fetchedAt: null });
    await a.host.run('sync.now', {});
    const first = await a.host.run('transfers.branches', {});
    expect(first).toMatchObject({ known: true, branches: [{ code: 'POR-01', name: 'Porto' }] });
    expect(first.fetchedAt).toEqual(expect.any(String));

    // A branch opened later arrives with the next round.
    await hq.store.addBranch({ code: 'FAR-01', name: 'Faro' });
    await a.host.run('sync.now', {});
    expect((await a.host.run('transfers.branches', {})).branches.map((b) => b.code)).toEqual(['FAR-01', 'POR-01']);

    // Offline: the list from the last round is still there, and still decides.
    await hq.stop();
    expect((await a.host.call('sync.now', {})).ok).toBe(false);
    expect((await a.host.run('transfers.branches', {})).branches.map((b) => b.code)).toEqual(['FAR-01', 'POR-01']);
    const typo = await a.host.call('transfers.send', { toBranch: 'HAM-02', lines: [{ sku: 'TEA', qty: 2 }], actor: 'ann' });
    expect(typo).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { field: 'toBranch' } } });
    expect(!typo.ok && typo.error.message).toContain('HQ knows no branch HAM-02');
    expect((await a.host.run('stock.get', { sku: 'TEA' })).onHand).toBe(10);
    const sent = await a.host.run('transfers.send', { toBranch: 'FAR-01', lines: [{ sku: 'TEA', qty: 2 }], actor: 'ann' });
    expect(sent).toMatchObject({ toBranch: 'FAR-01', status: 'in_transit' });
  });

  it('a PC that never connected takes any branch code typed', async () => {
    const host = tempHost();
    await host.run('settings.set', { branchCode: 'LIS-01' });
    await seedItems(host, ['TEA']);
    await host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 3 }], actor: 'ann' });
    expect(await host.run('transfers.branches', {})).toEqual({ known: false, branches: [], fetchedAt: null });
    expect(await host.run('transfers.send', { toBranch: 'HAM-02', lines: [{ sku: 'TEA', qty: 1 }], actor: 'ann' })).toMatchObject({ toBranch: 'HAM-02' });
  });
});
