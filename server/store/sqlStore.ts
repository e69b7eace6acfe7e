import { randomUUID } from 'node:crypto';
import { GENESIS_HASH } from '../../shared/movements/chain';
import { HqError } from '../errors';
import { runPull } from '../sync/runPull';
import { runPush } from '../sync/runPush';
import { makePullTx } from './common/pullTx';
import { makePushTx } from './common/pushTx';
import * as reports from './common/reports';
import { conflictList } from './common/conflictReports';
import * as recovery from './common/recovery';
import { MOVEMENT_SELECT, toMovement } from './common/rows';
import { num, str, type Backend, type Row } from './sql';
import type { Branch, CatalogueInput, HqItem, HqStore, StoredMovement } from './store';

const iso = (ms: number) => new Date(ms).toISOString();
const toItem = (r: Row): HqItem => ({
  sku: String(r.sku), name: String(r.name), category: str(r.category), brand: str(r.brand), barcode: str(r.barcode), unit: str(r.unit),
  needsReview: num(r.needs_review) === 1, learnedFrom: str(r.learned_from), updatedAt: String(r.updated_at),
});

/** The one HqStore, over either backend (SQLite file or PostgreSQL pool). */
export class SqlHqStore implements HqStore {
  readonly kind: 'sqlite' | 'postgres';
  constructor(private readonly backend: Backend, public epoch: string) {
    this.kind = backend.dialect;
  }

  close(): Promise<void> { return this.backend.close(); }

  async renewEpoch(): Promise<string> {
    const epoch = randomUUID();
    await this.backend.write((c) => c.run(`UPDATE meta SET value = ? WHERE key = 'epoch'`, [epoch]));
    this.epoch = epoch;
    return epoch;
  }

  async addBranch(branch: { code: string; name: string }, now = Date.now()): Promise<Branch> {
    const createdAt = iso(now);
    return this.backend.write(async (c) => {
      const [existing] = await c.all(`SELECT code FROM branches WHERE code = ?`, [branch.code]);
      if (existing) throw new HqError(409, 'CONFLICT', `Branch ${branch.code} already exists; choose another code.`, { code: branch.code });
      await c.run(`INSERT INTO branches (code, name, created_at) VALUES (?, ?, ?)`, [branch.code, branch.name, createdAt]);
      return { code: branch.code, name: branch.name, createdAt };
    }, { exclusive: false });
  }

  listBranches(): Promise<Branch[]> {
    return this.backend.read(async (c) => (await c.all(`SELECT code, name, created_at FROM branches ORDER BY code`)).map((r) => ({ code: String(r.code), name: String(r.name), createdAt: String(r.created_at) })));
  }

  async addEnrollmentCode(input: { branch: string; codeHash: string; expiresAt: number }, now = Date.now()): Promise<void> {
    await this.backend.write(async (c) => {
      const [b] = await c.all(`SELECT code FROM branches WHERE code = ?`, [input.branch]);
      if (!b) throw new HqError(404, 'NOT_FOUND', `There is no branch ${input.branch}; add it first (stock-ledger-hq branch add ${input.branch} --name NAME).`);
      await c.run(`INSERT INTO enrollment_codes (code_hash, branch, created_at, expires_at) VALUES (?, ?, ?, ?)`, [input.codeHash, input.branch, iso(now), input.expiresAt]);
    }, { exclusive: false });
  }

  async enrollDevice(input: { codeHash: string; deviceId: string; deviceName: string | null; tokenHash: string; seal?: { key: string; from: number } }, now = Date.now()): Promise<{ branch: Branch; seal: { key: string; from: number } | null }> {
    return this.backend.write(async (c) => {
      const [code] = await c.all(`SELECT e.branch, e.expires_at, e.used_at, b.name, b.created_at FROM enrollment_codes e JOIN branches b ON b.code = e.branch WHERE e.code_hash = ?`, [input.codeHash]);
      if (!code) throw new HqError(401, 'UNAUTHORIZED', 'HQ does not know this enrollment code; check it for typos or ask HQ for a new one.');
      if (code.used_at) throw new HqError(401, 'UNAUTHORIZED', `This enrollment code was already used (${String(code.used_at)}); each code connects one PC. Ask HQ for a new one.`);
      if (num(code.expires_at) < now) throw new HqError(401, 'UNAUTHORIZED', `This enrollment code expired at ${iso(num(code.expires_at))}; ask HQ for a new one.`);
      const branch = String(code.branch);
      const [device] = await c.all(`SELECT branch FROM devices WHERE device_id = ?`, [input.deviceId]);
      if (device && device.branch !== branch) {
        throw new HqError(409, 'CONFLICT', `This PC (device ${input.deviceId}) already belongs to branch ${String(device.branch)}; its ledger cannot join branch ${branch}. Use a code for ${String(device.branch)}.`, { branch: device.branch });
      }
      if (device) {
        // Re-enrolling (a lost token, a revoked PC put back into service): a new token, same history.
        await c.run(`UPDATE devices SET token_hash = ?, name = COALESCE(?, name), revoked_at = NULL, last_seen_at = ? WHERE device_id = ?`, [input.tokenHash, input.deviceName, iso(now), input.deviceId]);
      } else {
        await c.run(`INSERT INTO devices (device_id, branch, name, token_hash, enrolled_at, last_seen_at, last_seq, last_hash) VALUES (?, ?, ?, ?, ?, ?, 0, ?)`,
          [input.deviceId, branch, input.deviceName, input.tokenHash, iso(now), iso(now), GENESIS_HASH]);
      }
      await c.run(`UPDATE enrollment_codes SET used_at = ?, used_by = ? WHERE code_hash = ?`, [iso(now), input.deviceId, input.codeHash]);
      // A device keeps the key it was first issued (its sealed rows need it); a re-enrolled PC gets it back.
      if (input.seal) await c.run(`INSERT INTO device_seals (device_id, seal_key, seal_from, issued_at) VALUES (?, ?, ?, ?) ON CONFLICT (device_id) DO NOTHING`, [input.deviceId, input.seal.key, input.seal.from, iso(now)]);
      const [seal] = await c.all(`SELECT seal_key, seal_from FROM device_seals WHERE device_id = ?`, [input.deviceId]);
      return { branch: { code: branch, name: String(code.name), createdAt: String(code.created_at) }, seal: seal ? { key: String(seal.seal_key), from: num(seal.seal_from) } : null };
    }, { exclusive: false });
  }

  async deviceByTokenHash(tokenHash: string) {
    return this.backend.read(async (c) => {
      const [d] = await c.all(`SELECT device_id, branch, revoked_at FROM devices WHERE token_hash = ?`, [tokenHash]);
      return d ? { deviceId: String(d.device_id), branch: String(d.branch), revokedAt: str(d.revoked_at) } : null;
    });
  }

  async touchDevice(deviceId: string, now = Date.now()): Promise<void> {
    await this.backend.write((c) => c.run(`UPDATE devices SET last_seen_at = ? WHERE device_id = ?`, [iso(now), deviceId]), { exclusive: false });
  }

  async revokeDevice(deviceId: string, now = Date.now()): Promise<boolean> {
    return this.backend.write(async (c) => (await c.run(`UPDATE devices SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL`, [iso(now), deviceId])) > 0, { exclusive: false });
  }

  listDevices() { return this.backend.read(reports.devicesList); }

  async deviceAckedSeq(deviceId: string): Promise<number> {
    return this.backend.read(async (c) => num((await c.all(`SELECT last_seq FROM devices WHERE device_id = ?`, [deviceId]))[0]?.last_seq));
  }

  async upsertItem(item: CatalogueInput, now = Date.now()): Promise<HqItem> {
    return this.backend.write(async (c) => {
      const [seq] = await c.nextSeqs(1);
      const [r] = await c.all(`INSERT INTO items (sku, server_seq, name, category, brand, barcode, unit, needs_review, learned_from, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, ?)
        ON CONFLICT (sku) DO UPDATE SET server_seq = excluded.server_seq, name = excluded.name, category = excluded.category, brand = excluded.brand,
          barcode = excluded.barcode, unit = excluded.unit, needs_review = 0, updated_at = excluded.updated_at
        RETURNING *`, [item.sku, seq, item.name, item.category ?? null, item.brand ?? null, item.barcode ?? null, item.unit ?? null, iso(now), iso(now)]);
      return toItem(r!);
    });
  }

  listItems(filter: { review?: boolean } = {}): Promise<HqItem[]> {
    return this.backend.read(async (c) => (await c.all(`SELECT * FROM items WHERE needs_review >= ? ORDER BY sku`, [filter.review ? 1 : 0])).map(toItem));
  }

  getItem(sku: string): Promise<HqItem | null> {
    return this.backend.read(async (c) => {
      const [r] = await c.all(`SELECT * FROM items WHERE sku = ?`, [sku]);
      return r ? toItem(r) : null;
    });
  }

  push(input: Parameters<HqStore['push']>[0]) { return this.backend.write((c) => runPush(makePushTx(c), input)); }
  pull(input: Parameters<HqStore['pull']>[0]) { return this.backend.read((c) => runPull(makePullTx(c), input)); }

  stock(sku: string) { return this.backend.read((c) => reports.stockOf(c, sku)); }
  branchStatus(code: string) { return this.backend.read((c) => reports.branchStatus(c, code)); }
  transfers(filter: { inTransitOnly?: boolean } = {}) { return this.backend.read((c) => reports.transfersView(c, filter)); }
  inTransitByItem() { return this.backend.read(reports.inTransitByItem); }
  quarantine(filter: { deviceId?: string } = {}) { return this.backend.read((c) => reports.quarantineList(c, filter)); }
  negativeStock() { return this.backend.read((c) => reports.negativeStock(c)); }
  verifyChains() { return this.backend.read(reports.verifyChains); }
  chainHead(deviceId: string) { return this.backend.read((c) => recovery.chainHeadOf(c, deviceId)); }
  forkState(deviceId: string) { return this.backend.read((c) => recovery.forkStateOf(c, deviceId)); }
  deviceRows(deviceId: string, after: number, limit: number) { return this.backend.read((c) => recovery.deviceRows(c, deviceId, after, limit)); }
  forkDevice(input: { deviceId: string; newDeviceId: string; tokenHash: string; lastCommonSeq: number }, now = Date.now()) {
    return this.backend.write((c) => recovery.forkDevice(c, { ...input, now: iso(now) }), { exclusive: false });
  }
  conflicts(filter: { branch?: string } = {}) { return this.backend.read((c) => conflictList(c, filter)); }

  movements(filter: { branch?: string; deviceId?: string; afterServerSeq?: number; limit?: number } = {}): Promise<StoredMovement[]> {
    return this.backend.read(async (c) => {
      const rows = await c.all(`SELECT ${MOVEMENT_SELECT} FROM movements WHERE server_seq > ? AND (CAST(? AS TEXT) IS NULL OR branch = ?) AND (CAST(? AS TEXT) IS NULL OR device_id = ?)
        ORDER BY server_seq LIMIT ?`, [filter.afterServerSeq ?? 0, filter.branch ?? null, filter.branch ?? null, filter.deviceId ?? null, filter.deviceId ?? null, filter.limit ?? 1_000_000_000]);
      return rows.map((r) => ({ ...toMovement(r), serverSeq: num(r.server_seq), receivedAt: String(r.received_at) }));
    });
  }
}
