import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

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

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(sha256(given));
  const b = Buffer.from(sha256(expected));
  return timingSafeEqual(a, b);
}

/** Issues a one-time code for a branch; only its hash is stored. Default validity: 7 days. */
export async function issueEnrollmentCode(
  store: { addEnrollmentCode(input: { branch: string; codeHash: string; expiresAt: number }, now?: number): Promise<void> },
  branch: string,
  options: { ttlHours?: number; now?: number } = {},
): Promise<{ code: string; branch: string; expiresAt: string }> {
  const now = options.now ?? Date.now();
  const code = newEnrollmentCode();
  const expiresAt = now + (options.ttlHours ?? 168) * 3600_000;
  await store.addEnrollmentCode({ branch, codeHash: enrollmentCodeHash(code), expiresAt }, now);
  return { code, branch, expiresAt: new Date(expiresAt).toISOString() };
}
