import { textProblem } from '../text/safeText';
import { deltasFor, MOVEMENT_KINDS, reversalDeltas, type KindRule, type MovementKind } from './kinds';
import type { Movement } from './row';

/**
 * THE movement validator (DESIGN.md "One validator"): the rules a row must satisfy to be stored in any
 * ledger, branch or HQ. The branch runs it on every row it appends (so a clerk's input that breaks it
 * is a VALIDATION error at record time), HQ runs it on every pushed row (a row that breaks it is
 * quarantined with the reason), and a PC runs it on every pulled row (a row that breaks it is parked).
 * So HQ accepts exactly the rows a branch could have written, and no PC is ever handed a row it cannot store.
 *
 * Pure: the caller looks up the row a reversal compensates (in its own store) and passes it in.
 */

/** Quantities and money stay far inside int64 and JS safe integers, so no SUM over a ledger can overflow. */
export const LIMITS = {
  qty: 1_000_000_000,
  unitCost: 1_000_000_000_000,
  docLine: 1_000_000_000,
  sku: 64,
  id: 100,
  deviceId: 100,
  branch: 32,
  docType: 40,
  docId: 100,
  actor: 100,
  note: 2000,
} as const;

/** Exactly what the branch writes: `Date#toISOString()`, UTC with milliseconds (2026-03-14T10:30:00.000Z). */
/** A row's link: plain SHA-256, or keyed with the device's seal (`k1:` + HMAC-SHA-256, see chain.ts). */
const LINK = /^(k1:)?[0-9a-f]{64}$/;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
// YYYY-MM-DDTHH:MM:SS.sssZ: positions of the digits and of the fixed characters.
const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];
const FIXED: Array<[number, string]> = [[4, '-'], [7, '-'], [10, 'T'], [13, ':'], [16, ':'], [19, '.'], [23, 'Z']];

/**
 * Exactly what `new Date(ms).toISOString()` writes for a year 0–9999 (UTC, milliseconds, Z), checked by
 * arithmetic rather than by parsing: this runs on every row a ledger appends.
 */
export function isCanonicalTime(s: unknown): s is string {
  if (typeof s !== 'string' || s.length !== 24) return false;
  for (const [i, c] of FIXED) if (s[i] !== c) return false;
  for (const i of DIGITS) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const n = (from: number, len: number) => {
    let v = 0;
    for (let i = from; i < from + len; i++) v = v * 10 + s.charCodeAt(i) - 48;
    return v;
  };
  const y = n(0, 4);
  const mo = n(5, 2);
  const d = n(8, 2);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = mo === 2 && leap ? 29 : MONTH_DAYS[mo - 1];
  return days !== undefined && d >= 1 && d <= days && n(11, 2) < 24 && n(14, 2) < 60 && n(17, 2) < 60;
}

/** What a reversal's validity depends on: the row it reverses, as the validating store holds it (or null). */
export interface ValidationContext {
  reversed?: Pick<Movement, 'id' | 'branch' | 'sku' | 'qty' | 'onHandDelta' | 'reservedDelta' | 'kind'> | null;
}

type Loose = Record<string, unknown>;

function text(r: Loose, field: string, max: number, o: { nullable?: boolean; multiline?: boolean; trimmed?: boolean } = {}): string | null {
  const v = r[field];
  if (v === null && o.nullable) return null;
  if (typeof v !== 'string') return `${field} must be ${o.nullable ? 'text or null' : 'text'}`;
  if (!o.nullable && v.length === 0) return `${field} is empty`;
  if (v.length > max) return `${field} is ${v.length.toLocaleString('en')} characters long; at most ${max} are allowed`;
  const bad = textProblem(v, o.multiline);
  if (bad) return `${field} ${bad}`;
  if (o.trimmed && v.trim() !== v) return `${field} ${JSON.stringify(v)} starts or ends with a space`;
  return null;
}

function int(r: Loose, field: string, min: number, max: number, o: { nullable?: boolean } = {}): string | null {
  const v = r[field];
  if (v === null && o.nullable) return null;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) return `${field} must be a whole number${o.nullable ? ' or null' : ''}`;
  if (v < min || v > max) return `${field} ${v} is outside ${min.toLocaleString('en')}…${max.toLocaleString('en')}`;
  return null;
}

/** Why this row cannot be stored in a ledger, or null when it can. Checks shape, limits, kind rules and reversal link. */
export function movementProblem(raw: unknown, ctx: ValidationContext = {}): string | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return 'it is not a movement object';
  const r = raw as Loose;
  const shape =
    text(r, 'id', LIMITS.id, { trimmed: true })
    ?? text(r, 'deviceId', LIMITS.deviceId, { trimmed: true })
    ?? int(r, 'deviceSeq', 1, Number.MAX_SAFE_INTEGER)
    ?? text(r, 'branch', LIMITS.branch, { trimmed: true })
    ?? text(r, 'sku', LIMITS.sku, { trimmed: true })
    ?? (typeof r.kind === 'string' && Object.hasOwn(MOVEMENT_KINDS, r.kind) ? null : `kind ${JSON.stringify(r.kind)} is not a movement kind`)
    ?? int(r, 'qty', -LIMITS.qty, LIMITS.qty)
    ?? int(r, 'onHandDelta', -LIMITS.qty, LIMITS.qty)
    ?? int(r, 'reservedDelta', -LIMITS.qty, LIMITS.qty)
    ?? int(r, 'unitCost', 0, LIMITS.unitCost, { nullable: true })
    ?? text(r, 'docType', LIMITS.docType, { trimmed: true })
    ?? text(r, 'docId', LIMITS.docId, { trimmed: true })
    ?? int(r, 'docLine', 0, LIMITS.docLine)
    ?? text(r, 'reverses', LIMITS.id, { nullable: true, trimmed: true })
    ?? text(r, 'note', LIMITS.note, { nullable: true, multiline: true })
    ?? text(r, 'actor', LIMITS.actor, { trimmed: true })
    ?? (isCanonicalTime(r.occurredAt) ? null : `occurredAt ${JSON.stringify(r.occurredAt)} is not a time as the branch writes it (UTC with milliseconds, like 2026-03-14T10:30:00.000Z)`)
    ?? (isCanonicalTime(r.recordedAt) ? null : `recordedAt ${JSON.stringify(r.recordedAt)} is not a time as the branch writes it (UTC with milliseconds, like 2026-03-14T10:30:00.000Z)`)
    ?? (typeof r.prevHash === 'string' && LINK.test(r.prevHash) ? null : 'prevHash must be 64 lower-case hex digits (k1: before a sealed link)')
    ?? (typeof r.hash === 'string' && LINK.test(r.hash) ? null : 'hash must be 64 lower-case hex digits (k1: before a sealed link)');
  if (shape) return shape;
  return kindProblem(r as unknown as Movement, ctx);
}

function kindProblem(m: Movement, ctx: ValidationContext): string | null {
  const rule: KindRule = MOVEMENT_KINDS[m.kind as MovementKind];
  if (m.qty === 0) return 'qty is 0; a movement moves something';
  if (!rule.signedQty && m.qty < 0) return `qty ${m.qty} is negative; a ${m.kind} takes a positive quantity (its direction comes from the kind)`;
  if (rule.noteRequired && (m.note === null || m.note.trim() === '')) return `a ${m.kind} needs a note saying why`;
  if (m.kind !== 'reversal') {
    if (m.reverses !== null) return `only a reversal may point at another row (reverses), not a ${m.kind}`;
    const d = deltasFor(m.kind as MovementKind, m.qty);
    if (d.onHand !== m.onHandDelta || d.reserved !== m.reservedDelta) {
      return `its deltas (on hand ${m.onHandDelta}, reserved ${m.reservedDelta}) contradict a ${m.kind} of ${m.qty} (on hand ${d.onHand}, reserved ${d.reserved})`;
    }
    return null;
  }
  if (m.reverses === null) return 'a reversal must say which row it reverses (reverses is null)';
  if (m.reverses === m.id) return 'a reversal cannot reverse itself';
  const o = ctx.reversed;
  if (!o) return `it reverses row ${m.reverses}, which this ledger does not hold`;
  if (o.id !== m.reverses) return `it reverses row ${m.reverses}, but was checked against row ${o.id}`;
  if (o.branch !== m.branch) return `it reverses row ${m.reverses} of branch ${o.branch}, not of its own branch ${m.branch}`;
  if (o.sku !== m.sku) return `it reverses a row of item ${o.sku} but is recorded on item ${m.sku}`;
  const d = reversalDeltas({ onHand: o.onHandDelta, reserved: o.reservedDelta });
  if (m.qty !== -o.qty + 0 || m.onHandDelta !== d.onHand || m.reservedDelta !== d.reserved) {
    return `it does not exactly negate the row it reverses (that row: qty ${o.qty}, on hand ${o.onHandDelta}, reserved ${o.reservedDelta}; this one: qty ${m.qty}, on hand ${m.onHandDelta}, reserved ${m.reservedDelta})`;
  }
  return null;
}
