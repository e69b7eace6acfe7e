import { randomUUID } from 'node:crypto';
import { GENESIS_HASH } from '../../shared/movements/chain';
import { itemSchema } from '../../shared/contract/items';
import { describeValue } from '../../shared/text/safeText';
import { HqError } from '../errors';
import { resolveQuarantine, type QuarantineDecision } from '../sync/resolveQuarantine';
import type { ParkedReport } from '../../shared/sync/protocol';
import { parkedReports, recordParked } from './common/parked';
import { runPull } from '../sync/runPull';
import { runPush } from '../sync/runPush';
import { makePullTx } from './common/pullTx';
import { makePushTx } from './common/pushTx';
import { allBarcodes, barcodesOf, checkedBarcodes, storeBarcodes } from './common/itemBarcodes';
import * as reports from './common/reports';
import { conflictList } from './common/conflictReports';
import * as recovery from './common/recovery';
import { MOVEMENT_SELECT, toMovement } from './common/rows';
import { num, str, type Backend, type Row } from './sql';
import type { Branch, CatalogueInput, EnrollInput, EnrollmentLogEntry, HqItem, HqStore, StoredMovement } from './store';

const iso = (ms: number) => new Date(ms).toISOString();
const toItem = (r: Row, barcodes: string[]): HqItem => ({
  sku: String(r.sku), name: String(r.name), category: str(r.category), brand: str(r.brand), barcode: str(r.barcode), barcodes, unit: str(r.unit),
  needsReview: num(r.needs_review) === 1, learnedFrom: str(r.learned_from), updatedAt: String(r.updated_at),
});

/** The one HqStore, over either backend (SQLite file or PostgreSQL pool). */
export class SqlHqStore implements HqStore {
  readonly kind: 'sqlite' | 'postgres';
  constructor(readonly backend: Backend, public epoch: string) {
    this.kind = backend.dialect;
  }

  close(): Promise<void> { return this.backend.close(); }

  async renewEpoch(): Promise<string> {
    const epoch = randomUUID();
    await this.backend.write((c) => c.run(`UPDATE meta SET value = ? WHERE key = 'epoch'`, [epoch]));
    this.epoch = epoch;
    return epoch;
  }

  async addBranch(branch: { code: string; name: string; timeZone?: string | null }, now = Date.now()): Promise<Branch> {
    const createdAt = iso(now);
    return this.backend.write(async (c) => {
      const [existing] = await c.all(`SELECT code FROM branches WHERE code = ?`, [branch.code]);
      if (existing) throw new HqError(409, 'CONFLICT', `Branch ${branch.code} already exists; choose another code.`, { code: branch.code });
      await c.run(`INSERT INTO branches (code, name, created_at, time_zone) VALUES (?, ?, ?, ?)`, [branch.code, branch.name, createdAt, branch.timeZone ?? null]);
      return { code: branch.code, name: branch.name, createdAt, timeZone: branch.timeZone ?? null };
    }, { exclusive: false });
  }

  listBranches(): Promise<Branch[]> {
    return this.backend.read(async (c) => (await c.all(`SELECT code, name, created_at, time_zone FROM branches ORDER BY code`)).map((r) => ({ code: String(r.code), name: String(r.name), createdAt: String(r.created_at), timeZone: str(r.time_zone) })));
  }

  async addEnrollmentCode(input: { branch: string; codeHash: string; expiresAt: number }, now = Date.now()): Promise<void> {
    await this.backend.write(async (c) => {
      const [b] = await c.all(`SELECT code FROM branches WHERE code = ?`, [input.branch]);
      if (!b) throw new HqError(404, 'NOT_FOUND', `There is no branch ${input.branch}; add it first (stock-ledger-hq branch add ${input.branch} --name NAME).`);
      await c.run(`INSERT INTO enrollment_codes (code_hash, branch, created_at, expires_at) VALUES (?, ?, ?, ?)`, [input.codeHash, input.branch, iso(now), input.expiresAt]);
    }, { exclusive: false });
  }

  /**
   * Checks everything before it uses the code, so no refusal consumes it: the code (known, unexpired,
   * unused, or used by this very device with this very key: a retry gets the same answer), the PC's
   * own branch, and the device id's key. Then marks the code used and enrols (or re-enrols) the device.
   */
  async enrollDevice(input: EnrollInput, now = Date.now()): Promise<{ branch: Branch; retried: boolean; seal: { key: string; from: number } | null }> {
    return this.backend.write(async (c) => {
      const [code] = await c.all(`SELECT e.branch, e.expires_at, e.used_at, e.used_by, b.name, b.created_at, b.time_zone FROM enrollment_codes e JOIN branches b ON b.code = e.branch WHERE e.code_hash = ?`, [input.codeHash]);
      if (!code) throw new HqError(401, 'UNAUTHORIZED', 'HQ does not know this enrollment code; check it for typos or ask HQ for a new one.');
      const branch = String(code.branch);
      const answer = { code: branch, name: String(code.name), createdAt: String(code.created_at), timeZone: str(code.time_zone) };
      const [device] = await c.all(`SELECT branch, key_hash, token_hash, revoked_at FROM devices WHERE device_id = ?`, [input.deviceId]);
      const sealOf = async () => {
        const [seal] = await c.all(`SELECT seal_key, seal_from FROM device_seals WHERE device_id = ?`, [input.deviceId]);
        return seal ? { key: String(seal.seal_key), from: num(seal.seal_from) } : null;
      };
      // A PC whose enrolment answer was lost may have recorded rows unsealed since (it had no key): when HQ
      // holds none of the device's rows from the stored start on, the start moves up to what the PC proposes
      // now. A PC that already seals proposes its own start, so this never moves under sealed rows.
      const moveSealStart = async () => {
        if (!input.seal) return;
        await c.run(`UPDATE device_seals SET seal_from = ? WHERE device_id = ? AND seal_from < ?
          AND COALESCE((SELECT last_seq FROM devices WHERE device_id = ?), 0) < seal_from`, [input.seal.from, input.deviceId, input.seal.from, input.deviceId]);
      };
      if (code.used_at) {
        const sameDevice = code.used_by === input.deviceId && device && input.keyHash && device.key_hash === input.keyHash && device.token_hash === input.tokenHash && !device.revoked_at;
        if (sameDevice) {
          // Rows the PC recorded without a branch while the answer was lost belong to the branch too.
          const pre = input.preBranchThroughSeq ?? 0;
          await c.run(`UPDATE devices SET pre_branch_through_seq = ? WHERE device_id = ? AND pre_branch_through_seq < ? AND last_seq < ?`, [pre, input.deviceId, pre, pre]);
          await moveSealStart();
          return { branch: answer, retried: true, seal: await sealOf() };
        }
        throw new HqError(401, 'UNAUTHORIZED', `This enrollment code was already used (${String(code.used_at)}); each code connects one PC. Ask HQ for a new one.`, { branch });
      }
      if (num(code.expires_at) < now) throw new HqError(401, 'UNAUTHORIZED', `This enrollment code expired at ${iso(num(code.expires_at))}; ask HQ for a new one.`, { branch });
      if (input.expectBranch && input.expectBranch !== branch) {
        throw new HqError(409, 'CONFLICT', `This PC is set up as branch ${input.expectBranch}, but the code is for branch ${branch}. Ask HQ for a code for ${input.expectBranch} (the code you used is still valid for a PC of ${branch}).`, { branch, expectBranch: input.expectBranch });
      }
      if (device && device.branch !== branch) {
        throw new HqError(409, 'CONFLICT', `This PC (device ${input.deviceId}) already belongs to branch ${String(device.branch)}; its ledger cannot join branch ${branch}. Use a code for ${String(device.branch)} (this code is still valid for another PC).`, { branch: device.branch });
      }
      if (device && device.key_hash && device.key_hash !== input.keyHash && !device.revoked_at) {
        throw new HqError(409, 'CONFLICT', `Device id ${input.deviceId} is already enrolled by another PC, which keeps it; this PC cannot take it over. If that PC was replaced, revoke the device at HQ (stock-ledger-hq devices revoke ${input.deviceId}) and enrol again.`, { deviceId: input.deviceId });
      }
      const pre = input.preBranchThroughSeq ?? 0;
      if (device) {
        // Re-enrolling (a lost token, a revoked PC put back into service): a new token, same history.
        await c.run(`UPDATE devices SET token_hash = ?, key_hash = COALESCE(?, key_hash), name = COALESCE(?, name), revoked_at = NULL, last_seen_at = ?,
          pre_branch_through_seq = CASE WHEN pre_branch_through_seq > ? THEN pre_branch_through_seq ELSE ? END WHERE device_id = ?`,
        [input.tokenHash, input.keyHash ?? null, input.deviceName, iso(now), pre, pre, input.deviceId]);
      } else {
        await c.run(`INSERT INTO devices (device_id, branch, name, token_hash, key_hash, pre_branch_through_seq, enrolled_at, last_seen_at, last_seq, last_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
          [input.deviceId, branch, input.deviceName, input.tokenHash, input.keyHash ?? null, pre, iso(now), iso(now), GENESIS_HASH]);
      }
      await c.run(`UPDATE enrollment_codes SET used_at = ?, used_by = ? WHERE code_hash = ?`, [iso(now), input.deviceId, input.codeHash]);
      // A device keeps the key it was first issued (its sealed rows need it); a re-enrolled PC gets it back.
      if (input.seal) await c.run(`INSERT INTO device_seals (device_id, seal_key, seal_from, issued_at) VALUES (?, ?, ?, ?) ON CONFLICT (device_id) DO NOTHING`, [input.deviceId, input.seal.key, input.seal.from, iso(now)]);
      await moveSealStart();
      return { branch: answer, retried: false, seal: await sealOf() };
    }, { exclusive: false });
  }

  async logEnrollment(entry: Omit<EnrollmentLogEntry, 'id' | 'at'>, now = Date.now()): Promise<void> {
    await this.backend.write((c) => c.run(`INSERT INTO enrollment_log (at, outcome, branch, device_id, device_name, reason, request_id, client) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [iso(now), entry.outcome, entry.branch, entry.deviceId, entry.deviceName, entry.reason, entry.requestId, entry.client]), { exclusive: false });
  }

  listEnrollments(filter: { refusedOnly?: boolean; limit?: number } = {}): Promise<EnrollmentLogEntry[]> {
    return this.backend.read(async (c) => (await c.all(`SELECT * FROM enrollment_log WHERE (? = 0 OR outcome = 'refused') ORDER BY id DESC LIMIT ?`, [filter.refusedOnly ? 1 : 0, filter.limit ?? 200]))
      .map((r) => ({ id: num(r.id), at: String(r.at), outcome: String(r.outcome) as EnrollmentLogEntry['outcome'], branch: str(r.branch), deviceId: str(r.device_id), deviceName: str(r.device_name), reason: str(r.reason), requestId: str(r.request_id), client: str(r.client) })));
  }

  async setBranchTimeZone(code: string, timeZone: string | null): Promise<void> {
    await this.backend.write((c) => c.run(`UPDATE branches SET time_zone = ? WHERE code = ?`, [timeZone, code]), { exclusive: false });
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

  async upsertItem(input: CatalogueInput, now = Date.now()): Promise<HqItem> {
    // HQ's catalogue holds only what every branch can store: the branch's own item contract.
    const parsed = itemSchema.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      throw new HqError(400, 'VALIDATION', `Item ${describeValue(input?.sku)} cannot be saved: ${issues.map((i) => `${i.path || 'item'}: ${i.message}`).join('; ')}. A branch could not store it; correct it and save again.`, { issues });
    }
    const item = parsed.data;
    return this.backend.write(async (c) => {
      const barcodes = await checkedBarcodes(c, item);
      const [seq] = await c.nextSeqs(1);
      const [r] = await c.all(`INSERT INTO items (sku, server_seq, name, category, brand, barcode, unit, needs_review, learned_from, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, ?)
        ON CONFLICT (sku) DO UPDATE SET server_seq = excluded.server_seq, name = excluded.name, category = excluded.category, brand = excluded.brand,
          barcode = excluded.barcode, unit = excluded.unit, needs_review = 0, updated_at = excluded.updated_at
        RETURNING *`, [item.sku, seq, item.name, item.category ?? null, item.brand ?? null, barcodes[0] ?? null, item.unit ?? null, iso(now), iso(now)]);
      await storeBarcodes(c, item.sku, barcodes);
      return toItem(r!, barcodes);
    });
  }

  listItems(filter: { review?: boolean } = {}): Promise<HqItem[]> {
    return this.backend.read(async (c) => {
      const rows = await c.all(`SELECT * FROM items WHERE needs_review >= ? ORDER BY sku`, [filter.review ? 1 : 0]);
      const codes = await allBarcodes(c);
      return rows.map((r) => toItem(r, codes.get(String(r.sku)) ?? []));
    });
  }

  getItem(sku: string): Promise<HqItem | null> {
    return this.backend.read(async (c) => {
      const [r] = await c.all(`SELECT * FROM items WHERE sku = ?`, [sku]);
      return r ? toItem(r, (await barcodesOf(c, [sku])).get(sku)!) : null;
    });
  }

  push(input: Parameters<HqStore['push']>[0]) { return this.backend.write((c) => runPush(makePushTx(c), input)); }
  pull(input: Parameters<HqStore['pull']>[0]) { return this.backend.read((c) => runPull(makePullTx(c), input)); }

  stock(sku: string) { return this.backend.read((c) => reports.stockOf(c, sku)); }
  branchStatus(code: string) { return this.backend.read((c) => reports.branchStatus(c, code)); }
  transfers(filter: { inTransitOnly?: boolean } = {}) { return this.backend.read((c) => reports.transfersView(c, filter)); }
  inTransitByItem() { return this.backend.read(reports.inTransitByItem); }
  quarantine(filter: { deviceId?: string } = {}) { return this.backend.read((c) => reports.quarantineList(c, filter)); }
  resolveQuarantine(decision: QuarantineDecision, now = Date.now()) { return this.backend.write((c) => resolveQuarantine(c, decision, now)); }
  recordParked(device: { deviceId: string; branch: string }, entries: ParkedReport[], now = Date.now()) { return this.backend.write((c) => recordParked(c, device, entries, now), { exclusive: false }); }
  parkedReports(filter: { branch?: string } = {}) { return this.backend.read((c) => parkedReports(c, filter)); }
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
