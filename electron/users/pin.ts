import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * PINs are stored as scrypt(pin, per-user salt). A 4-digit PIN has few possibilities, so the hash
 * alone would not stop someone with the file; the cost parameters make each guess slow, and sign-in
 * locks a user for a while after repeated wrong PINs.
 */
const KEY_LENGTH = 32;
const COST = { N: 16_384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export function hashPin(pin: string, salt: string = randomBytes(16).toString('hex')): { salt: string; hash: string } {
  return { salt, hash: scryptSync(pin, salt, KEY_LENGTH, COST).toString('hex') };
}

export function pinMatches(pin: string, salt: string, hash: string): boolean {
  const expected = Buffer.from(hash, 'hex');
  const actual = scryptSync(pin, salt, KEY_LENGTH, COST);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
