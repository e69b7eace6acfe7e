/**
 * How a row's hash-chain links (`hash`, `prev_hash`) are stored in `movement_rows`: as the bytes they
 * spell, not as hex text. A plain SHA-256 link ("<64 hex>") is 32 bytes; a sealed link
 * ("k1:<64 hex>", HMAC-SHA-256) is the byte 0x01 and its 32 bytes. That halves the two widest columns of
 * the row. Anything else (a value edited in behind the app's back) is stored exactly as it came, so
 * storing never changes what `verify` will find. The `movements` view turns them back into the text
 * every reader and the canonical form use (LINK_TEXT_SQL below is the same rule in SQL).
 */
import { SEAL_PREFIX } from '../../shared/movements/chain';

const PLAIN = /^[0-9a-f]{64}$/;
const SEALED_BYTE = 0x01;

/** The stored form of a link. */
export function storedLink(link: string): Buffer | string {
  if (link.length === 64 && PLAIN.test(link)) return Buffer.from(link, 'hex');
  if (link.length === 67 && link.startsWith(SEAL_PREFIX) && PLAIN.test(link.slice(3))) {
    const bytes = Buffer.allocUnsafe(33);
    bytes[0] = SEALED_BYTE;
    bytes.write(link.slice(3), 1, 'hex');
    return bytes;
  }
  return link;
}

/**
 * The stored prev_hash of a row whose device's previous row is in this file with exactly that hash:
 * the link is not stored twice (the movements view reads it from that row; leanRows.ts, version 141).
 */
export const SAME_AS_PREVIOUS_ROW = Buffer.alloc(0);

/** The text of a stored link (what was given to storedLink). */
export function linkText(stored: unknown): string {
  if (!Buffer.isBuffer(stored)) return stored as string;
  if (stored.length === 32) return stored.toString('hex');
  if (stored.length === 33 && stored[0] === SEALED_BYTE) return SEAL_PREFIX + stored.toString('hex', 1);
  return stored as unknown as string; // not a link the app wrote: passed on as it is, and verify will say so
}

/** linkText in SQL, for the `movements` view and the copy check (`col` is a column name). */
export const linkTextSql = (col: string) => `CASE
    WHEN typeof(${col}) <> 'blob' THEN ${col}
    WHEN length(${col}) = 32 THEN lower(hex(${col}))
    WHEN length(${col}) = 33 AND substr(${col}, 1, 1) = x'01' THEN '${SEAL_PREFIX}' || lower(hex(substr(${col}, 2)))
    ELSE ${col} END`;

/** storedLink in SQL, for the one-time copy of the text-layout table. */
export const storedLinkSql = (col: string) => `CASE
    WHEN typeof(${col}) = 'text' AND length(${col}) = 64 AND lower(${col}) = ${col} AND unhex(${col}) IS NOT NULL THEN unhex(${col})
    WHEN typeof(${col}) = 'text' AND length(${col}) = 67 AND substr(${col}, 1, 3) = '${SEAL_PREFIX}' AND lower(${col}) = ${col}
      AND unhex(substr(${col}, 4)) IS NOT NULL THEN unhex('01' || substr(${col}, 4))
    ELSE ${col} END`;
