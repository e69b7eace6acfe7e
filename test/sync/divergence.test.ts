import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { branchPc, STORE_KINDS, TestHq, type Pc } from './hqHarness';
import { rollBackLedger, snapshotLedger } from './rollback';

const onHand = async (pc: Pc, sku: string) => (await pc.host.run('stock.get', { sku })).onHand;
const hqOnHand = async (hq: TestHq, branch: string, sku: string) => (await hq.store.stock(sku)).find((b) => b.branch === branch)!.onHand;
const sell = (pc: Pc, qty: number) => pc.host.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty }], actor: 'ann' });

describe.each(STORE_KINDS)('a PC whose ledger goes back in time (%s)', (kind) => {
  it('is caught (DIVERGED, sync stops) and recovered: HQ\'s rows come back, new rows reach HQ under a fresh chain, all equal and verified', async () => {
    const hq = await TestHq.start(kind);
    const till = await branchPc(hq, 'EAST', { skus: ['TEA'] });
    const other = await branchPc(hq, 'EAST');
    await till.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 5 }], actor: 'ann' });
    await till.host.run('sync.now', {});
    const copy = join(till.host.dir, 'copy.sqlite');
    await snapshotLedger(till, copy);
    await sell(till, 1);
    await till.host.run('sync.now', {});
    const oldDevice = till.host.ledger.deviceId;

    rollBackLedger(till, copy);
    await sell(till, 2);
    // HQ's row 2 of this PC is the sale of 1; the file's row 2 is the sale of 2.
    const refused = await till.host.call('sync.now', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'DIVERGED' } });
    expect((refused as { error: { message: string } }).error.message).toMatch(/went back in time.*Recover/);
    const status = await till.host.run('sync.status', {});
    expect(status.diverged).toMatchObject({ hqSeq: 2, localHead: 2, firstDifferentSeq: 2 });
    // It stays stopped: nothing of the file's row 2 reached HQ.
    expect(await till.host.call('sync.now', {})).toMatchObject({ ok: false, error: { code: 'DIVERGED' } });
    expect((await hq.store.movements({ deviceId: oldDevice })).map((m) => m.qty)).toEqual([5, 1]);

    const recovered = await till.host.run('sync.recover', { actor: 'manager' });
    expect(recovered).toMatchObject({ oldDeviceId: oldDevice, lastCommonSeq: 1, restored: 1, resent: 1, round: { pushed: 1 } });
    expect(recovered.newDeviceId).not.toBe(oldDevice);
    expect(till.host.ledger.deviceId).toBe(recovered.newDeviceId);
    await other.host.run('sync.now', {});

    // 5 received, 1 sold (lost by the file, back from HQ), 2 sold (recorded after the rollback): 2 everywhere.
    expect(await onHand(till, 'TEA')).toBe(2);
    expect(await hqOnHand(hq, 'EAST', 'TEA')).toBe(2);
    expect(await onHand(other, 'TEA')).toBe(2);
    const resent = (await hq.store.movements({ deviceId: recovered.newDeviceId }))[0]!;
    expect(resent).toMatchObject({ qty: 2, actor: 'ann', deviceSeq: 1 });
    expect(resent.note).toContain(`row 2 of device ${oldDevice}`);
    const s = await till.host.run('sync.status', {});
    expect(s).toMatchObject({ diverged: null, pending: 0, deviceId: recovered.newDeviceId });
    for (const pc of [till, other]) {
      expect(await pc.host.run('ledger.verify', {})).toMatchObject({ ok: true });
      expect(await pc.host.run('ledger.check', {})).toMatchObject({ ok: true });
    }
    expect((await hq.store.verifyChains()).ok).toBe(true);
    expect(await hq.store.forkState(oldDevice)).toEqual({ retiredInto: recovered.newDeviceId, forkedFrom: null });

    // Sync carries on both ways.
    await sell(till, 1);
    await other.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 10 }], actor: 'bob' });
    await till.host.run('sync.now', {});
    await other.host.run('sync.now', {});
    await till.host.run('sync.now', {});
    expect(await onHand(till, 'TEA')).toBe(11);
    expect(await onHand(other, 'TEA')).toBe(11);
    expect(await hqOnHand(hq, 'EAST', 'TEA')).toBe(11);
  });

  it('with more new rows than lost ones, none is skipped silently', async () => {
    const hq = await TestHq.start(kind);
    const till = await branchPc(hq, 'EAST', { skus: ['TEA'] });
    await till.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 100 }], actor: 'ann' });
    await till.host.run('sync.now', {});
    const copy = join(till.host.dir, 'copy.sqlite');
    await snapshotLedger(till, copy);
    await sell(till, 1);
    await till.host.run('sync.now', {});
    rollBackLedger(till, copy);
    for (let i = 0; i < 4; i++) await sell(till, 1);
    expect(await till.host.call('sync.now', {})).toMatchObject({ ok: false, error: { code: 'DIVERGED' } });
    // A clerk who is not a manager cannot recover once there are clerks.
    await till.host.run('users.upsert', { name: 'Mia', pin: '4321' });
    await till.host.run('users.upsert', { name: 'Carl', pin: '1234', role: 'clerk', actor: 'Mia' });
    expect(await till.host.call('sync.recover', { actor: 'Carl' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const r = await till.host.run('sync.recover', { actor: 'Mia' });
    expect(r).toMatchObject({ restored: 1, resent: 4, round: { pushed: 4, pending: 0 } });
    expect(await onHand(till, 'TEA')).toBe(95);
    expect(await hqOnHand(hq, 'EAST', 'TEA')).toBe(95);
    expect(await till.host.run('ledger.verify', {})).toMatchObject({ ok: true });
    expect((await hq.store.verifyChains()).ok).toBe(true);
    expect(await till.host.call('sync.recover', { actor: 'Mia' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});
