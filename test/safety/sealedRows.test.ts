import Database from 'better-sqlite3';
import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashMovement } from '../../shared/movements/chain';
import { openStore } from '../../server/store/open';
import { branchPc, STORE_KINDS, TestHq } from '../sync/hqHarness';

/**
 * What a clerk can do with the sqlite3 shell: drop the append-only triggers, change a row, and
 * recompute every SHA-256 after it (the public canonical form), so the plain chain links perfectly.
 */
function rehashFrom(file: string, deviceId: string, edit: (db: Database.Database) => void, rehash = true): void {
  const db = new Database(file);
  db.exec('DROP TRIGGER IF EXISTS movements_no_update; DROP TRIGGER IF EXISTS movements_no_delete;');
  edit(db);
  if (!rehash) return void db.close();
  const rows = db.prepare(`SELECT * FROM movements WHERE device_id = ? ORDER BY device_seq`).all(deviceId) as Array<Record<string, any>>;
  let prev = '0'.repeat(64);
  for (const r of rows) {
    const m = {
      id: r.id, deviceId: r.device_id, deviceSeq: r.device_seq, branch: r.branch, sku: r.sku, kind: r.kind, qty: r.qty, onHandDelta: r.on_hand_delta,
      reservedDelta: r.reserved_delta, unitCost: r.unit_cost, docType: r.doc_type, docId: r.doc_id, docLine: r.doc_line, reverses: r.reverses, note: r.note,
      actor: r.actor, occurredAt: new Date(r.occurred_at).toISOString(), recordedAt: new Date(r.recorded_at).toISOString(), prevHash: prev,
    };
    const hash = hashMovement(m);
    db.prepare(`UPDATE movement_rows SET prev_hash = ?, hash = ? WHERE seq = ?`).run(prev, hash, r.seq); // as text, as a shell user would
    prev = hash;
  }
  db.close();
}

describe.each(STORE_KINDS)('rows sealed with the device key (%s HQ)', (kind) => {
  async function enrolledPc() {
    const hq = await TestHq.start(kind);
    const pc = await branchPc(hq, 'NORTH', { skus: ['TEA', 'MUG'] });
    await pc.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 10 }], actor: 'ann' });
    for (let i = 0; i < 3; i++) await pc.host.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 1 }], actor: 'ann' });
    expect(await pc.host.run('ledger.verify')).toMatchObject({ ok: true });
    return { hq, pc, deviceId: pc.host.ledger.deviceId };
  }

  it('an unsynced sale edited and rehashed fails verify on the PC, and HQ refuses it on push', async () => {
    const { hq, pc, deviceId } = await enrolledPc();
    pc.host.close();
    rehashFrom(pc.host.file, deviceId, (db) => db.prepare(`UPDATE movement_rows SET qty = 0, on_hand_delta = 0 WHERE device = (SELECT code FROM devices WHERE device_id = ?) AND device_seq = 3`).run(deviceId));
    const reopened = (await import('../../electron/host/inProcessHost')).LedgerHost;
    const host = new reopened(pc.host.file);
    try {
      const v = await host.run('ledger.verify');
      expect(v.ok).toBe(false);
      expect(v.firstBad).toMatchObject({ deviceSeq: 1 });
      await host.call('sync.now', {});
      expect(await hq.store.deviceAckedSeq(deviceId)).toBeGreaterThan(0);
      const quarantined = await hq.store.quarantine({ deviceId });
      expect(quarantined.length).toBeGreaterThan(0);
      expect(quarantined[0]!.reason).toMatch(/hash does not match/);
      expect((await hq.store.movements({ deviceId })).length).toBe(0);
    } finally {
      host.close();
    }
  });

  it('removing the newest unsynced rows, or forging one, fails verify on the PC', async () => {
    const { pc, deviceId } = await enrolledPc();
    pc.host.close();
    // Deleting the tail needs no rehash at all: the rows left still link perfectly.
    rehashFrom(pc.host.file, deviceId, (db) => db.prepare(`DELETE FROM movement_rows WHERE device = (SELECT code FROM devices WHERE device_id = ?) AND device_seq >= 3`).run(deviceId), false);
    const { LedgerHost } = await import('../../electron/host/inProcessHost');
    let host = new LedgerHost(pc.host.file);
    const v = await host.run('ledger.verify');
    expect(v.ok).toBe(false);
    expect(v.firstBad?.problem).toMatch(/newest rows were removed/);
    host.close();
    // A forged receipt of 500 appended with a correct SHA-256 link.
    rehashFrom(pc.host.file, deviceId, (db) => {
      const last = db.prepare(`SELECT * FROM movements WHERE device_id = ? ORDER BY device_seq DESC LIMIT 1`).get(deviceId) as Record<string, any>;
      db.prepare(`INSERT INTO movement_rows (id, device, device_seq, branch, sku, kind, qty, on_hand_delta, reserved_delta, unit_cost, doc_type, doc_id, doc_line, reverses, note, actor, occurred_at, recorded_at, learned_at, prev_hash, hash)
        VALUES ('forged', (SELECT code FROM devices WHERE device_id = ?), ?, ?, 'TEA', 'receive', 500, 500, 0, NULL, 'receive', 'x', 0, NULL, NULL, 'ann', ?, ?, ?, '', '')`).run(deviceId, last.device_seq + 1, last.branch, last.occurred_at, last.recorded_at, last.learned_at);
    });
    host = new LedgerHost(pc.host.file);
    try {
      expect((await host.run('ledger.verify')).ok).toBe(false);
    } finally {
      host.close();
    }
  });

  it('a synced row edited and rehashed in HQ\'s own database fails HQ\'s verify', async () => {
    const { hq, pc, deviceId } = await enrolledPc();
    await pc.host.run('sync.now', {});
    expect((await hq.store.movements({ deviceId })).length).toBe(4);
    expect((await hq.store.verifyChains()).ok).toBe(true);
    const file = hq.sqliteFile;
    if (!file) return; // the PostgreSQL store runs the same shared verify code; the file edit needs SQLite
    await hq.stop();
    const db = new Database(file);
    db.exec(`DROP TRIGGER IF EXISTS movements_no_update`);
    db.prepare(`UPDATE movements SET qty = 0, on_hand_delta = 0 WHERE device_id = ? AND device_seq = 2`).run(deviceId);
    let prev = '0'.repeat(64);
    for (const r of db.prepare(`SELECT * FROM movements WHERE device_id = ? ORDER BY device_seq`).all(deviceId) as Array<Record<string, any>>) {
      const hash = hashMovement({
        id: r.id, deviceId: r.device_id, deviceSeq: r.device_seq, branch: r.branch, sku: r.sku, kind: r.kind, qty: r.qty, onHandDelta: r.on_hand_delta,
        reservedDelta: r.reserved_delta, unitCost: r.unit_cost, docType: r.doc_type, docId: r.doc_id, docLine: r.doc_line, reverses: r.reverses, note: r.note,
        actor: r.actor, occurredAt: r.occurred_at, recordedAt: r.recorded_at, prevHash: prev,
      });
      db.prepare(`UPDATE movements SET prev_hash = ?, hash = ? WHERE server_seq = ?`).run(prev, hash, r.server_seq);
      prev = hash;
    }
    db.close();
    const store = await openStore({ dataDir: dirname(file) });
    try {
      const report = await store.verifyChains();
      expect(report.ok).toBe(false);
      expect(report.problems[0]).toMatchObject({ deviceId, deviceSeq: 1 });
    } finally {
      await store.close();
    }
  });

  it('keeps the token and the key out of the ledger file, in a file only its owner can read', async () => {
    const { pc } = await enrolledPc();
    const secrets = JSON.parse(readFileSync(`${pc.host.file}.secrets`, 'utf8')) as { token: string; sealKey: string };
    pc.host.ledger.db.pragma('wal_checkpoint(TRUNCATE)');
    const ledgerBytes = readFileSync(pc.host.file);
    expect(ledgerBytes.includes(Buffer.from(secrets.token))).toBe(false);
    expect(ledgerBytes.includes(Buffer.from(secrets.sealKey))).toBe(false);
    expect(statSync(`${pc.host.file}.secrets`).mode & 0o777).toBe(0o600);
    expect(await pc.host.run('sync.now', {})).toBeTruthy(); // and sync still works with it
  });
});
