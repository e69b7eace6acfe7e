import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { appendReplicated } from '../../electron/ledger/append';
import { movementFromRow, type MovementDbRow } from '../../electron/ledger/rows';
import { storedLink } from '../../electron/ledger/linkStorage';
import { writeTransaction } from '../../electron/ledger/write';
import { GENESIS_HASH, hashMovement } from '../../shared/movements/chain';
import { seedItems, tempHost } from '../helpers/tempLedger';
import { FakeDevice } from '../server/helpers/hq';

/**
 * A row's previous link is stored once (version 141): as an empty BLOB where the device's row before it
 * is in the file with exactly that hash, read back from there by the movements view.
 */
type Stored = { device_seq: number; prev: Buffer | string; text: string; before: string | null };
const storedLinks = (db: Database.Database, deviceId: string) => db.prepare(`
  SELECT m.device_seq, r.prev_hash AS prev, m.prev_hash AS text,
    (SELECT b.hash FROM movements b WHERE b.device = m.device AND b.device_seq = m.device_seq - 1) AS before
  FROM movements m JOIN movement_rows r ON r.seq = m.seq WHERE m.device_id = ? ORDER BY m.device_seq`).all(deviceId) as Stored[];

describe('the previous link stored once', () => {
  it('a device\'s own rows store it only in their first row, and read back the previous row\'s hash', async () => {
    const host = tempHost();
    await seedItems(host, ['A', 'B']);
    await host.run('documents.record', { type: 'receive', lines: [{ sku: 'A', qty: 5 }, { sku: 'B', qty: 3 }], actor: 'ann' });
    await host.run('documents.record', { type: 'sale', lines: [{ sku: 'A', qty: 1 }], actor: 'ann' });
    const rows = storedLinks(host.ledger.db, host.ledger.deviceId);
    expect(rows.map((r) => r.device_seq)).toEqual([1, 2, 3]);
    expect(rows[0]!.prev).toEqual(storedLink(GENESIS_HASH));
    expect(rows[0]!.text).toBe(GENESIS_HASH);
    for (const r of rows.slice(1)) {
      expect(Buffer.isBuffer(r.prev) && r.prev.length).toBe(0);
      expect(r.text).toBe(r.before);
    }
    expect(await host.run('ledger.verify')).toMatchObject({ ok: true, movements: 3 });
  });

  it('a pulled row stores it whole when the row before is missing here or has another hash, and every row reads back as sent', () => {
    const host = tempHost();
    const other = new FakeDevice('pc-other', 'UNASSIGNED');
    const sent = other.many(5);
    const forged = { ...other.next(), prevHash: 'f'.repeat(64) };
    forged.hash = hashMovement(forged);
    // Row 3 is not here (as when HQ quarantined it): row 4's previous row is missing.
    writeTransaction(host.ledger, () => appendReplicated(host.ledger, [sent[0]!, sent[1]!, sent[3]!, sent[4]!, forged]));
    const rows = storedLinks(host.ledger.db, 'pc-other');
    const whole = rows.filter((r) => !(Buffer.isBuffer(r.prev) && r.prev.length === 0)).map((r) => r.device_seq);
    expect(whole).toEqual([1, 4, 6]);
    const byDeviceSeq = new Map([...sent, forged].map((m) => [m.deviceSeq, m]));
    const back = host.ledger.db.prepare(`SELECT * FROM movements WHERE device_id = 'pc-other' ORDER BY device_seq`).all() as MovementDbRow[];
    expect(back).toHaveLength(5);
    for (const r of back) expect(movementFromRow(r)).toMatchObject(byDeviceSeq.get(r.device_seq)!);
  });

  it('replacing the row before one that shares its link is found at the next row, and the sentence says so', async () => {
    const host = tempHost();
    await seedItems(host, ['A']);
    for (let i = 0; i < 3; i++) await host.run('documents.record', { type: 'receive', lines: [{ sku: 'A', qty: 1 + i }], actor: 'ann' });
    // Row 2 replaced with a consistent hash of its own (a plain link: no device secret on this file).
    const db = new Database(host.file);
    try {
      const second = movementFromRow(db.prepare(`SELECT * FROM movements WHERE seq = 2`).get() as MovementDbRow);
      const forged = { ...second, qty: 20, onHandDelta: 20 };
      db.exec(`DROP TRIGGER movements_no_update`);
      db.prepare(`UPDATE movement_rows SET qty = 20, on_hand_delta = 20, hash = ? WHERE seq = 2`).run(storedLink(hashMovement(forged)));
    } finally {
      db.close();
    }
    const r = await host.run('ledger.verify');
    expect(r).toMatchObject({ ok: false, firstBad: { seq: 3, problem: expect.stringMatching(/the row, or the one before it, was edited/) } });
  });
});
