import Database from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { enrollmentCodeHash, issueEnrollmentCode, newDeviceToken, tokenHash } from '../../server/auth';
import { openStore } from '../../server/store/open';
import { openTestStore, STORE_KINDS } from './helpers/hq';
import { snapshot, storeDevice } from './helpers/seed';

describe.each(STORE_KINDS)('HQ store (%s)', (kind) => {
  it('mints an epoch once and keeps it when reopened', async () => {
    const store = await openTestStore(kind);
    const other = await openTestStore(kind);
    expect(store.epoch).toMatch(/^[0-9a-f-]{36}$/);
    expect(other.epoch).not.toBe(store.epoch);
    const again = kind === 'sqlite'
      ? await openStore({ dataDir: store.dataDir })
      : await openStore({ databaseUrl: process.env.TEST_DATABASE_URL, pgSchema: store.pgSchema, pgAppRole: store.pgAppRole });
    expect(again.epoch).toBe(store.epoch);
    await again.close();
  });

  it('stores pushed rows verbatim, acknowledges the highest sequence, and hands them to the other devices of the branch only', async () => {
    const store = await openTestStore(kind);
    const a = await storeDevice(store, 'NORTH');
    const b = await storeDevice(store, 'NORTH');
    const south = await storeDevice(store, 'SOUTH');
    const rows = a.many(3, (i) => ({ sku: `TEA-${i}`, occurredAt: '2026-03-14T10:30:00.000Z' }));
    const res = await a.push({ movements: rows });
    expect(res).toEqual({ ackedSeq: 3, accepted: 3, duplicates: 0, quarantined: [] });
    const stored = await store.movements();
    expect(stored.map(({ serverSeq: _s, receivedAt: _r, ...m }) => m)).toEqual(rows);
    expect(stored.every((m) => m.receivedAt.endsWith('Z'))).toBe(true);
    expect((await store.pull({ branch: 'NORTH', deviceId: b.deviceId, cursor: 0, limit: 100 })).movements).toEqual(rows);
    expect((await store.pull({ branch: 'NORTH', deviceId: a.deviceId, cursor: 0, limit: 100 })).movements).toEqual([]);
    expect((await store.pull({ branch: 'SOUTH', deviceId: south.deviceId, cursor: 0, limit: 100 })).movements).toEqual([]);
    expect(await store.deviceAckedSeq(a.deviceId)).toBe(3);
  });

  it('acknowledges a re-sent batch without storing anything twice', async () => {
    const store = await openTestStore(kind);
    const a = await storeDevice(store, 'NORTH');
    const rows = a.many(4);
    await a.push({ movements: rows.slice(0, 3) });
    const res = await a.push({ movements: rows });
    expect(res).toMatchObject({ ackedSeq: 4, accepted: 1, duplicates: 3 });
    expect(await store.movements()).toHaveLength(4);
  });

  it('refuses the same sequence with a different payload (409) and keeps the first version', async () => {
    const store = await openTestStore(kind);
    const a = await storeDevice(store, 'NORTH');
    const [first] = a.many(1);
    await a.push({ movements: [first!] });
    const before = await snapshot(store);
    const rewritten = { ...first!, qty: 5, onHandDelta: 5 };
    const extra = a.next();
    await expect(a.push({ movements: [rewritten, extra] })).rejects.toMatchObject({ status: 409, code: 'CONFLICT', details: { deviceSeq: 1 } });
    expect(await snapshot(store)).toBe(before);
  });

  it('refuses a gap in the sequence with the sequence it expects, storing nothing from the batch', async () => {
    const store = await openTestStore(kind);
    const a = await storeDevice(store, 'NORTH');
    const rows = a.many(5);
    await a.push({ movements: rows.slice(0, 2) });
    const before = await snapshot(store);
    await expect(a.push({ movements: rows.slice(3) })).rejects.toMatchObject({ status: 409, code: 'SEQUENCE_GAP', details: { expectedSeq: 3 } });
    expect(await snapshot(store)).toBe(before);
  });

  it('refuses rows of another branch (403) and stores nothing', async () => {
    const store = await openTestStore(kind);
    const a = await storeDevice(store, 'NORTH');
    const own = a.next();
    const foreign = a.next({ branch: 'SOUTH' });
    const before = await snapshot(store);
    await expect(a.push({ movements: [own, foreign] })).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(await snapshot(store)).toBe(before);
  });

  it('quarantines a malformed row without blocking the rows behind it, and reports it', async () => {
    const store = await openTestStore(kind);
    const a = await storeDevice(store, 'NORTH');
    const rows = a.many(5, (i) => ({ sku: `S${i}` }));
    const tampered = { ...rows[1]!, qty: 99 }; // hash no longer matches
    const broken = { deviceSeq: 4, id: 'not-a-movement', kind: 'teleport' };
    const res = await a.push({ movements: [rows[0], tampered, rows[2], broken, rows[4]] });
    expect(res.ackedSeq).toBe(5);
    expect(res.accepted).toBe(3);
    expect(res.quarantined.map((q) => [q.deviceSeq, q.id])).toEqual([[2, rows[1]!.id], [4, 'not-a-movement']]);
    expect(res.quarantined[0]!.reason).toMatch(/hash does not match/);
    expect((await store.movements()).map((m) => m.deviceSeq)).toEqual([1, 3, 5]);
    const q = await store.quarantine();
    expect(q.map((e) => e.deviceSeq)).toEqual([2, 4]);
    expect(JSON.parse(q[0]!.payload)).toEqual(tampered);
    // Re-sending everything is acknowledged; nothing new is stored or quarantined.
    expect(await a.push({ movements: [rows[0], tampered, rows[2], broken, rows[4]] })).toMatchObject({ ackedSeq: 5, accepted: 0, duplicates: 5 });
    expect(await store.quarantine()).toHaveLength(2);
    expect((await store.verifyChains()).ok).toBe(true);
  });

  it('quarantines a row dated more than a day ahead of HQ\'s clock, with the reason', async () => {
    const store = await openTestStore(kind);
    const a = await storeDevice(store, 'NORTH');
    const now = Date.parse('2026-05-01T12:00:00.000Z');
    const rows = [a.next({ occurredAt: '2026-05-03T12:00:00.000Z' }), a.next({ occurredAt: '2026-05-02T06:00:00.000Z' })];
    const res = await a.push({ movements: rows }, now);
    expect(res.quarantined).toHaveLength(1);
    expect(res.quarantined[0]!.reason).toMatch(/2026-05-03T12:00:00.000Z is more than 24 hours ahead of HQ's clock/);
    expect(res).toMatchObject({ ackedSeq: 2, accepted: 1 });
  });

  it('learns an unknown item from a branch and flags it for review until HQ confirms it', async () => {
    const store = await openTestStore(kind);
    const a = await storeDevice(store, 'NORTH');
    await store.upsertItem({ sku: 'KNOWN', name: 'HQ name' });
    await a.push({ movements: [a.next({ sku: 'NEW-1' }), a.next({ sku: 'KNOWN' })], items: [{ sku: 'NEW-1', name: 'Branch name' }, { sku: 'KNOWN', name: 'Branch rename' }] });
    const items = await store.listItems();
    expect(items.map((i) => [i.sku, i.name, i.needsReview, i.learnedFrom])).toEqual([['KNOWN', 'HQ name', false, null], ['NEW-1', 'Branch name', true, 'NORTH']]);
    expect((await store.listItems({ review: true })).map((i) => i.sku)).toEqual(['NEW-1']);
    await store.upsertItem({ sku: 'NEW-1', name: 'Confirmed name', unit: 'box' });
    expect(await store.getItem('NEW-1')).toMatchObject({ name: 'Confirmed name', unit: 'box', needsReview: false });
  });

  it('records negative stock after two PCs sold the same unit instead of refusing it', async () => {
    const store = await openTestStore(kind);
    const a = await storeDevice(store, 'NORTH');
    const b = await storeDevice(store, 'NORTH');
    await a.push({ movements: [a.next({ sku: 'LAST', kind: 'receive', qty: 1 }), a.next({ sku: 'LAST', kind: 'sale', qty: 1 })] });
    const res = await b.push({ movements: [b.next({ sku: 'LAST', kind: 'sale', qty: 1 })] });
    expect(res.accepted).toBe(1);
    expect(await store.negativeStock()).toEqual([expect.objectContaining({ branch: 'NORTH', sku: 'LAST', onHand: -1 })]);
    expect((await store.stock('LAST')).find((s) => s.branch === 'NORTH')).toMatchObject({ onHand: -1 });
    expect((await store.branchStatus('NORTH'))!.negativeStock).toHaveLength(1);
  });

  it('tracks a transfer in transit, then its short receipt as a discrepancy both branches can pull', async () => {
    const store = await openTestStore(kind);
    const a = await storeDevice(store, 'NORTH');
    const b = await storeDevice(store, 'SOUTH');
    const transfer = { id: 'T-1', fromBranch: 'NORTH', toBranch: 'SOUTH', lines: [{ sku: 'TEA', qty: 10, unitCost: 250 }], sentAt: '2026-03-14T10:00:00.000Z', actor: 'ann', note: null };
    await a.push({ movements: [a.next({ sku: 'TEA', qty: 10 }), a.next({ sku: 'TEA', kind: 'transfer_out', qty: 10, docType: 'transfer', docId: 'T-1' })], transfers: [transfer] });
    expect(await store.stock('TEA')).toEqual([
      expect.objectContaining({ branch: 'NORTH', onHand: 0, inTransit: 0, inTransitOut: 10 }),
      expect.objectContaining({ branch: 'SOUTH', onHand: 0, inTransit: 10, inTransitOut: 0 }),
    ]);
    expect(await store.inTransitByItem()).toEqual([{ sku: 'TEA', fromBranch: 'NORTH', toBranch: 'SOUTH', qty: 10, transfers: 1 }]);
    const inbound = await store.pull({ branch: 'SOUTH', deviceId: b.deviceId, cursor: 0, limit: 100 });
    expect(inbound.transfers).toEqual([transfer]);
    expect(inbound.movements).toEqual([]);
    const receipt = { transferId: 'T-1', branch: 'SOUTH', lines: [{ sku: 'TEA', sent: 10, received: 8, note: 'two broken' }], receivedAt: '2026-03-15T09:00:00.000Z', actor: 'bob' };
    await b.push({ movements: [b.next({ sku: 'TEA', kind: 'transfer_in', qty: 8, docType: 'transfer', docId: 'T-1' })], transferReceipts: [receipt] });
    const [view] = await store.transfers();
    expect(view).toMatchObject({ status: 'received_with_discrepancy', discrepancies: [{ sku: 'TEA', sent: 10, received: 8, difference: -2, note: 'two broken' }] });
    expect(await store.transfers({ inTransitOnly: true })).toEqual([]);
    const back = await store.pull({ branch: 'NORTH', deviceId: a.deviceId, cursor: 0, limit: 100 });
    expect(back.transferReceipts).toEqual([receipt]);
    // Receiving twice with different counts is a conflict; the same receipt again is fine.
    await expect(b.push({ transferReceipts: [{ ...receipt, lines: [{ ...receipt.lines[0]!, received: 10 }] }] })).rejects.toMatchObject({ status: 409 });
    await expect(b.push({ transferReceipts: [receipt] })).resolves.toMatchObject({ accepted: 0 });
  });

  it('pages a pull by cursor without skipping or repeating a change', async () => {
    const store = await openTestStore(kind);
    const a = await storeDevice(store, 'NORTH');
    const b = await storeDevice(store, 'NORTH');
    for (let i = 0; i < 5; i++) await store.upsertItem({ sku: `I${i}`, name: `Item ${i}` });
    await a.push({ movements: a.many(23, (i) => ({ sku: `I${i % 5}` })) });
    await store.upsertItem({ sku: 'I0', name: 'Renamed' });
    const seen: string[] = [];
    let cursor = 0;
    let pages = 0;
    for (;;) {
      const page = await store.pull({ branch: 'NORTH', deviceId: b.deviceId, cursor, limit: 4 });
      seen.push(...page.movements.map((m) => `m${m.deviceSeq}`), ...page.items.map((i) => `${i.sku}:${i.name}`));
      expect(page.cursor).toBeGreaterThanOrEqual(cursor);
      cursor = page.cursor;
      pages++;
      if (!page.hasMore) break;
    }
    expect(pages).toBe(7);
    expect(seen.filter((s) => s.startsWith('m'))).toEqual(Array.from({ length: 23 }, (_, i) => `m${i + 1}`));
    expect(seen.filter((s) => s.startsWith('I'))).toEqual(['I1:Item 1', 'I2:Item 2', 'I3:Item 3', 'I4:Item 4', 'I0:Renamed']);
    const after = await store.pull({ branch: 'NORTH', deviceId: b.deviceId, cursor, limit: 4 });
    expect(after).toMatchObject({ cursor, hasMore: false, movements: [], items: [] });
  });

  it('starts a pull over from the beginning when the cursor is beyond HQ (restored from a backup), and can renew the epoch', async () => {
    const store = await openTestStore(kind);
    const a = await storeDevice(store, 'NORTH');
    const b = await storeDevice(store, 'NORTH');
    const rows = a.many(3);
    await a.push({ movements: rows });
    const head = (await store.pull({ branch: 'NORTH', deviceId: b.deviceId, cursor: 0, limit: 100 })).cursor;
    const restored = await store.pull({ branch: 'NORTH', deviceId: b.deviceId, cursor: head + 500, limit: 100 });
    expect(restored.movements).toEqual(rows);
    expect(restored.cursor).toBe(head);
    const before = store.epoch;
    const renewed = await store.renewEpoch();
    expect(renewed).not.toBe(before);
    expect(store.epoch).toBe(renewed);
  });

  it('redeems an enrollment code once, refuses expired codes, and revokes a device at once', async () => {
    const store = await openTestStore(kind);
    await store.addBranch({ code: 'NORTH', name: 'North' });
    await expect(store.addBranch({ code: 'NORTH', name: 'Again' })).rejects.toMatchObject({ status: 409 });
    await expect(issueEnrollmentCode(store, 'NOWHERE')).rejects.toMatchObject({ status: 404 });
    const { code } = await issueEnrollmentCode(store, 'NORTH');
    const token = newDeviceToken();
    const enrolled = await store.enrollDevice({ codeHash: enrollmentCodeHash(code.toLowerCase()), deviceId: 'pc-1', deviceName: 'Till 1', tokenHash: tokenHash(token) });
    expect(enrolled.branch).toMatchObject({ code: 'NORTH', name: 'North' });
    await expect(store.enrollDevice({ codeHash: enrollmentCodeHash(code), deviceId: 'pc-2', deviceName: null, tokenHash: tokenHash(newDeviceToken()) })).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/already used/) });
    const old = await issueEnrollmentCode(store, 'NORTH', { now: Date.now() - 200 * 3600_000 });
    await expect(store.enrollDevice({ codeHash: enrollmentCodeHash(old.code), deviceId: 'pc-3', deviceName: null, tokenHash: 'x' })).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/expired/) });
    expect(await store.deviceByTokenHash(tokenHash(token))).toEqual({ deviceId: 'pc-1', branch: 'NORTH', revokedAt: null });
    expect(await store.revokeDevice('pc-1')).toBe(true);
    expect((await store.deviceByTokenHash(tokenHash(token)))!.revokedAt).not.toBeNull();
    expect((await store.listDevices())[0]).toMatchObject({ deviceId: 'pc-1', name: 'Till 1', lastSeq: 0 });
  });

  it('keeps HQ\'s movements append-only in the database itself', async () => {
    const store = await openTestStore(kind);
    const a = await storeDevice(store, 'NORTH');
    await a.push({ movements: a.many(2) });
    if (kind === 'sqlite') {
      const db = new Database(join(store.dataDir!, 'hq.sqlite'));
      expect(() => db.prepare('UPDATE movements SET qty = 100').run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM movements').run()).toThrow(/append-only/);
      db.close();
    } else {
      const url = process.env.TEST_DATABASE_URL!;
      const asApp = new pg.Client({ connectionString: url, options: `-c search_path=${store.pgSchema} -c role=${store.pgAppRole}` });
      const asOwner = new pg.Client({ connectionString: url, options: `-c search_path=${store.pgSchema}` });
      await asApp.connect();
      await asOwner.connect();
      try {
        await expect(asApp.query('UPDATE movements SET qty = 100')).rejects.toThrow(/permission denied/);
        await expect(asApp.query('DELETE FROM movements')).rejects.toThrow(/permission denied/);
        await expect(asOwner.query('UPDATE movements SET qty = 100')).rejects.toThrow(/append-only/);
        await expect(asOwner.query('DELETE FROM movements')).rejects.toThrow(/append-only/);
        await expect(asOwner.query('TRUNCATE movements')).rejects.toThrow(/append-only/);
      } finally {
        await asApp.end();
        await asOwner.end();
      }
    }
    expect(await store.movements()).toHaveLength(2);
    expect((await store.verifyChains())).toMatchObject({ ok: true, rows: 2, devices: 1 });
  });
});
