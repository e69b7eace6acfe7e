/**
 * Text every door accepts: no control characters (U+0000 cannot even be stored by PostgreSQL, and the
 * others are invisible on screen and in CSV) and no lone UTF-16 surrogates (they cannot be encoded as
 * UTF-8, so a row holding one hashes differently after any round trip through a file or a database).
 * Multi-line free text (notes) may contain line breaks and tabs; names and codes may not.
 * Pure: used by the command contract (branch), the movement validator (branch and HQ) and HQ's catalogue.
 */

// C0 controls, DEL and C1 controls; the multi-line variant lets \t \n \r through.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_EXCEPT_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

// Any character that needs a closer look (controls, surrogates, even paired ones): most text has none.
const SUSPECT = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/;

/** Why `s` is not acceptable text, or null. `multiline` allows tabs and line breaks (notes). */
export function textProblem(s: string, multiline = false): string | null {
  if (!SUSPECT.test(s)) return null;
  const bad = (multiline ? CONTROL_EXCEPT_BREAKS : CONTROL).exec(s);
  if (bad) return `contains the control character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at position ${bad.index + 1}`;
  const lone = LONE_SURROGATE.exec(s);
  if (lone) return `contains an unpaired UTF-16 surrogate (U+${lone[0].charCodeAt(0).toString(16).toUpperCase()}) at position ${lone.index + 1}, which is not valid Unicode text`;
  return null;
}

export const isSafeText = (s: string): boolean => textProblem(s) === null;
export const isSafeMultilineText = (s: string): boolean => textProblem(s, true) === null;

/** A short, printable rendering of an untrusted value for a reason sentence (never echoes control characters). */
export function describeValue(v: unknown, max = 40): string {
  if (typeof v !== 'string') return JSON.stringify(v)?.slice(0, max) ?? String(v);
  const shown = JSON.stringify(v.length > max ? `${v.slice(0, max)}…` : v);
  // JSON.stringify escapes C0 controls; lone surrogates too (well-formed JSON.stringify, Node 12+).
  return shown.replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
