import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Secrets HQ hands out and how it stores them: only sha256 hashes are kept, so a copy of HQ's
 * database gives no working token or code.
 */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

// Crockford-style alphabet: no I, L, O, U, so a code read aloud or typed from paper survives.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A one-time enrollment code, 15 characters (75 bits) in groups: "7KQ2M-9XH4T-BW3RC". */
export function newEnrollmentCode(): string {
  const chars = Array.from({ length: 15 }, () => ALPHABET[randomInt(ALPHABET.length)]!);
  return [chars.slice(0, 5), chars.slice(5, 10), chars.slice(10)].map((g) => g.join('')).join('-');
}

/** Case, spaces and dashes do not matter when a clerk types the code. */
export function normalizeEnrollmentCode(code: string): string {
  return code.toUpperCase().replace(/[^0-9A-Z]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export const enrollmentCodeHash = (code: string): string => sha256(`enroll:${normalizeEnrollmentCode(code)}`);

/** A device token: 32 random bytes, base64url. */
export const newDeviceToken = (): string => randomBytes(32).toString('base64url');
export const tokenHash = (token: string): string => sha256(`token:${token}`);

/**
 * The token of a device that enrols with a key: derived from its key and the code, so a retried enrolment
 * (the first answer was lost) gets the very same token, and only the holder of the key can compute it.
 */
export const deriveDeviceToken = (deviceKey: string, codeHash: string): string => createHmac('sha256', deviceKey).update(`stock-ledger token|${codeHash}`).digest('base64url');
export const deviceKeyHash = (deviceKey: string): string => sha256(`device-key:${deviceKey}`);

export const MIN_CODE_TTL_MS = 60_000;
export const MAX_CODE_TTL_MS = 90 * 86_400_000;

/**
 * `--ttl` of an enrolment code: a number with a unit (30m, 12h, 7d) or plain hours; from 1 minute to
 * 90 days. Answers milliseconds, or throws a sentence saying what is accepted.
 */
export function parseCodeTtl(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(m|min|h|d)?\s*$/i.exec(text);
  const unitMs: Record<string, number> = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };
  const ms = m ? Number(m[1]) * unitMs[(m[2] ?? 'h').toLowerCase()]! : NaN;
  if (!Number.isFinite(ms) || ms < MIN_CODE_TTL_MS || ms > MAX_CODE_TTL_MS) {
    throw new RangeError(`--ttl must be from 1 minute to 90 days, written like 30m, 12h or 7d (a plain number is hours), not "${text}".`);
  }
  return Math.round(ms);
}

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(sha256(given));
  const b = Buffer.from(sha256(expected));
  return timingSafeEqual(a, b);
}

/** Issues a one-time code for a branch; only its hash is stored. Default validity: 7 days. */
export async function issueEnrollmentCode(
  store: { addEnrollmentCode(input: { branch: string; codeHash: string; expiresAt: number }, now?: number): Promise<void> },
  branch: string,
  options: { ttlHours?: number; ttlMs?: number; now?: number } = {},
): Promise<{ code: string; branch: string; expiresAt: string }> {
  const now = options.now ?? Date.now();
  const code = newEnrollmentCode();
  const ttlMs = options.ttlMs ?? (options.ttlHours ?? 168) * 3600_000;
  if (!(ttlMs >= MIN_CODE_TTL_MS && ttlMs <= MAX_CODE_TTL_MS)) throw new RangeError('An enrolment code is valid from 1 minute to 90 days.');
  const expiresAt = now + ttlMs;
  await store.addEnrollmentCode({ branch, codeHash: enrollmentCodeHash(code), expiresAt }, now);
  return { code, branch, expiresAt: new Date(expiresAt).toISOString() };
}
