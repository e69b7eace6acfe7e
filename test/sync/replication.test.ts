import { describe, expect, it } from 'vitest';
import { syncEngineFor } from '../../electron/sync/registry';
import { branchPc, STORE_KINDS, TestHq } from './hqHarness';

describe.each(STORE_KINDS)('replication with HQ (%s)', (kind) => {
  it('pushes this PC\'s rows, moves the cursor only to HQ\'s answer, and reports an empty backlog', async () => {
    const hq = await TestHq.start(kind);
    const pc = await branchPc(hq, 'NORTH', { skus: ['TEA', 'MUG'] });
    expect((await pc.host.run('settings.get', {})).branchCode).toBe('NORTH');
    await pc.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 10 }, { sku: 'MUG', qty: 3 }], actor: 'ann' });
    await pc.host.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 4 }], actor: 'ann' });
    expect((await pc.host.run('sync.status', {})).pending).toBe(3);

    const round = await pc.host.run('sync.now', {});
    expect(round).toMatchObject({ pushed: 3, duplicates: 0, pending: 0, epochChanged: false });
    const status = await pc.host.run('sync.status', {});
    expect(status).toMatchObject({ configured: true, online: true, pending: 0, ackedSeq: 3, headSeq: 3, lastError: null, branch: 'NORTH' });
    expect(status.lastSuccessAt).not.toBeNull();
    expect((await hq.store.movements({ branch: 'NORTH' })).map((m) => m.deviceSeq)).toEqual([1, 2, 3]);
    expect((await hq.store.stock('TEA')).find((b) => b.branch === 'NORTH')).toMatchObject({ onHand: 6 });
    expect((await pc.host.run('app.status', {})).sync.pending).toBe(0);

    // Nothing new: a round pushes nothing and HQ still holds each row once.
    expect(await pc.host.run('sync.now', {})).toMatchObject({ pushed: 0, duplicates: 0 });
    expect(await hq.store.movements({ branch: 'NORTH' })).toHaveLength(3);
  });

  it('accepts a movement for an item HQ does not know yet, and hands the item to the branch\'s other PCs', async () => {
    const hq = await TestHq.start(kind);
    const pc1 = await branchPc(hq, 'NORTH');
    const pc2 = await branchPc(hq, 'NORTH');
    await pc1.host.run('items.upsert', { sku: 'NEW-77', name: 'Brand-new kettle', barcode: '4006381333931' });
    await pc1.host.run('documents.record', { type: 'receive', lines: [{ sku: 'NEW-77', qty: 5 }], actor: 'ann' });
    expect((await hq.store.listItems()).some((i) => i.sku === 'NEW-77')).toBe(false);
    expect(await pc1.host.run('sync.now', {})).toMatchObject({ pushed: 1, quarantined: 0 });
    expect((await hq.store.listItems()).find((i) => i.sku === 'NEW-77')).toMatchObject({ name: 'Brand-new kettle', needsReview: true });
    expect((await hq.store.stock('NEW-77')).find((b) => b.branch === 'NORTH')).toMatchObject({ onHand: 5 });

    await pc2.host.run('sync.now', {});
    expect(await pc2.host.run('items.get', { sku: 'NEW-77' })).toMatchObject({ name: 'Brand-new kettle' });
    expect((await pc2.host.run('stock.get', { sku: 'NEW-77' })).onHand).toBe(5);
  });

  it('halves the batch when HQ answers 413 and still delivers every row once', async () => {
    const hq = await TestHq.start(kind, { bodyLimit: 48 * 1024 });
    const pc = await branchPc(hq, 'NORTH', { skus: ['TEA'], sync: { batchCount: 1000, batchBytes: 10_000_000 } });
    await pc.host.run('documents.import', { id: 'bulk-1', actor: 'ann', lines: Array.from({ length: 600 }, () => ({ type: 'receive' as const, sku: 'TEA', qty: 1 })) });
    const round = await pc.host.run('sync.now', {});
    expect(round.pushed).toBe(600);
    expect(round.batches).toBeGreaterThan(6);
    expect(await hq.store.movements({ branch: 'NORTH' })).toHaveLength(600);
    expect((await hq.store.verifyChains()).ok).toBe(true);
  });

  it('re-sends from HQ\'s own answer when HQ was restored from a backup (new epoch)', async () => {
    if (kind !== 'sqlite') return expect(kind).toBe('postgres'); // a file restore is a SQLite-store operation
    const hq = await TestHq.start(kind);
    const a = await branchPc(hq, 'NORTH', { skus: ['TEA'] });
    const b = await branchPc(hq, 'NORTH');
    await a.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 10 }], actor: 'ann' });
    await a.host.run('sync.now', {});
    const backup = `${a.host.dir}/hq-backup.sqlite`;
    await hq.backup(backup);
    await a.host.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 2 }], actor: 'ann' });
    await a.host.run('sync.now', {});
    await b.host.run('sync.now', {});
    expect((await b.host.run('stock.get', { sku: 'TEA' })).onHand).toBe(8);

    await hq.restoreFrom(backup);
    expect(await hq.store.movements({ branch: 'NORTH' })).toHaveLength(1);
    const round = await a.host.run('sync.now', {});
    expect(round).toMatchObject({ epochChanged: true, pushed: 1 });
    expect(await hq.store.movements({ branch: 'NORTH' })).toHaveLength(2);
    expect((await b.host.run('sync.now', {})).epochChanged).toBe(true);
    expect((await b.host.run('stock.get', { sku: 'TEA' })).onHand).toBe(8);
    expect((await hq.store.verifyChains()).ok).toBe(true);
  });

  it('says in plain words when HQ cannot be reached, and that the PC is offline', async () => {
    const hq = await TestHq.start(kind);
    const pc = await branchPc(hq, 'NORTH', { skus: ['TEA'] });
    await hq.stop();
    const out = await pc.host.call('sync.now', {});
    expect(out).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
    expect(!out.ok && out.error.message).toMatch(/cannot be reached .*retry by itself/);
    const status = await pc.host.run('sync.status', {});
    expect(status.online).toBe(false);
    expect(status.lastError).toMatch(/cannot be reached/);
    expect(status.recentErrors[0]).toMatchObject({ code: 'OFFLINE' });
  });

  it('refuses a wrong enrollment code and keeps the existing connection', async () => {
    const hq = await TestHq.start(kind);
    const pc = await branchPc(hq, 'NORTH');
    const other = await pc.host.call('sync.configure', { serverUrl: hq.url, enrollmentCode: 'AAAAA-BBBBB-CCCCC' });
    expect(other).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(!other.ok && other.error.message).toMatch(/enrollment code/);
    expect((await pc.host.run('sync.status', {})).configured).toBe(true);
  });

  it('shows a skewed PC clock to the clerk without using it for order', async () => {
    const hq = await TestHq.start(kind, { now: () => Date.now() + 2 * 3_600_000 });
    const pc = await branchPc(hq, 'NORTH', { skus: ['TEA'] });
    await pc.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 1 }], actor: 'ann' });
    await pc.host.run('sync.now', {});
    const status = await pc.host.run('sync.status', {});
    expect(status.clockSkewMs).toBeGreaterThan(2 * 3_600_000 - 60_000);
    expect(status.clockWarning).toMatch(/2 hours behind HQ/);
    expect(syncEngineFor(pc.host.ledger).options.skewWarnMs).toBeGreaterThan(0);
  });

  it('tells the clerk to enrol again when HQ revoked this PC', async () => {
    const hq = await TestHq.start(kind);
    const pc = await branchPc(hq, 'NORTH', { skus: ['TEA'] });
    await hq.store.revokeDevice(pc.host.ledger.deviceId);
    const out = await pc.host.call('sync.now', {});
    expect(out).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect((await pc.host.run('sync.status', {})).lastError).toMatch(/new enrollment code/);
  });

  it('reports a row HQ quarantined on the PC, and the rows behind it still go in', async () => {
    // HQ's clock two days behind: this PC's fresh rows look two days in the future to HQ.
    const hqNow = { offset: -2 * 86_400_000 };
    const hq = await TestHq.start(kind, { now: () => Date.now() + hqNow.offset });
    const pc = await branchPc(hq, 'NORTH', { skus: ['TEA'] });
    await pc.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 2 }], actor: 'ann', occurredAt: new Date(Date.now() - 3 * 86_400_000).toISOString() });
    await pc.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 5 }], actor: 'ann' });
    await pc.host.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 1 }], actor: 'ann', occurredAt: new Date(Date.now() - 3 * 86_400_000).toISOString() });
    const round = await pc.host.run('sync.now', {});
    expect(round).toMatchObject({ quarantined: 1, pending: 0 });
    const status = await pc.host.run('sync.status', {});
    expect(status.quarantined).toEqual([expect.objectContaining({ deviceSeq: 2, reason: expect.stringMatching(/Row 2 was quarantined: occurredAt .* ahead of HQ's clock/) })]);
    expect(status.ackedSeq).toBe(3);
    expect((await hq.store.movements({ branch: 'NORTH' })).map((m) => m.deviceSeq)).toEqual([1, 3]);
    expect(await hq.store.quarantine()).toHaveLength(1);
  });

  it('refuses to change the branch code of an enrolled PC, and keeps syncing for its branch', async () => {
    const hq = await TestHq.start(kind);
    const pc = await branchPc(hq, 'NORTH', { skus: ['TEA'] });
    const refused = await pc.host.call('settings.set', { branchCode: 'SOUTH' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(!refused.ok && refused.error.message).toMatch(/connected to HQ as branch NORTH, so its branch code cannot become SOUTH/);
    expect((await pc.host.run('settings.get', {})).branchCode).toBe('NORTH');
    await pc.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 3 }], actor: 'ann' });
    expect(await pc.host.run('sync.now', {})).toMatchObject({ pending: 0 });
    expect(await hq.store.movements({ branch: 'SOUTH' })).toEqual([]);
    expect((await hq.store.movements({ branch: 'NORTH' })).length).toBeGreaterThan(0);
  });
});
