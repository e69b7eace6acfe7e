import type { z } from 'zod';

/**
 * Validation issues as a clerk reads them: which field (by the name the screen uses, "the quantity on
 * line 2" rather than "lines.1.qty"), what is wrong with it, and what to do. The contract's own messages
 * ("a PIN is 4 to 8 digits") are kept; zod's generic ones are put in plain words. The structured issues
 * still travel in the error's details for scripts.
 */

const LABELS: Record<string, string> = {
  pin: 'the PIN', newPin: 'the new PIN', sku: 'the SKU', skus: 'the SKUs', qty: 'the quantity', lines: 'the lines',
  note: 'the note', reason: 'the reason', name: 'the name', actor: 'the clerk', approver: 'the approving manager',
  barcode: 'the barcode', barcodes: 'the barcodes', category: 'the category', brand: 'the brand', unit: 'the unit',
  defaultCost: 'the default cost', unitCost: 'the unit cost', price: 'the price', sellingPrice: 'the selling price',
  reorderLevel: 'the reorder level', toBranch: '“To branch”', fromBranch: '“From branch”', occurredAt: 'the date and time',
  supplier: 'the supplier', supplierRef: 'the delivery-note number', customer: 'the customer', currency: 'the currency',
  locale: 'the language and number format', timeZone: 'the time zone', branchCode: 'the branch code', branchName: 'the branch name',
  serverUrl: 'the HQ address', enrollmentCode: 'the enrollment code', role: 'the role', from: 'the start date', to: 'the end date',
  limit: 'the number of rows', offset: 'the starting row', search: 'the search', type: 'the document type', id: 'the document number',
  expiresAt: 'the expiry date', days: 'the number of days',
};

/** `unitCost` → "the unit cost" for a field without its own label. */
function words(key: string): string {
  return `the ${key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()}`;
}

/** ['lines', 1, 'qty'] → "the quantity on line 2"; ['pin'] → "the PIN". */
export function fieldLabel(path: ReadonlyArray<PropertyKey>): string {
  const parts = path.map((p) => (typeof p === 'symbol' ? p.toString() : p));
  const last = parts[parts.length - 1];
  if (last === undefined) return 'the request';
  const where: string[] = [];
  // Each index says which entry of the list before it: "line 2", "count 3".
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (typeof p === 'number' && i > 0) {
      const list = String(parts[i - 1]);
      const noun = list === 'lines' ? 'line' : list.endsWith('s') ? list.slice(0, -1) : list;
      where.push(`${noun} ${p + 1}`);
    }
  }
  const field = typeof last === 'number'
    ? where.pop() ?? `entry ${last + 1}`
    : LABELS[last] ?? words(String(last));
  return where.length ? `${field} on ${where.join(', ')}` : field;
}

/** What is wrong, in words: zod's generic sentences rephrased, the contract's own kept. */
function problem(issue: z.core.$ZodIssue): string {
  const i = issue as z.core.$ZodIssue & { origin?: string; minimum?: number | bigint; maximum?: number | bigint; expected?: string; format?: string };
  if (i.code === 'invalid_type' && /received undefined/.test(i.message)) return 'it is missing';
  if (i.code === 'invalid_type' && /^Invalid input/.test(i.message)) {
    if (i.expected === 'number' || i.expected === 'int') return 'it must be a number';
    if (i.expected === 'string') return 'it must be text';
    if (i.expected === 'array') return 'it must be a list';
    if (i.expected === 'boolean') return 'it must be yes or no (true or false)';
    return `it has the wrong kind of value (${i.message})`;
  }
  if (i.code === 'too_small' && /^(Too small|Invalid)/i.test(i.message)) {
    if (i.origin === 'string') return Number(i.minimum) <= 1 ? 'it cannot be empty' : `it needs at least ${i.minimum} characters`;
    if (i.origin === 'array' || i.origin === 'set') return Number(i.minimum) <= 1 ? 'it needs at least one entry' : `it needs at least ${i.minimum} entries`;
    return `it must be at least ${i.minimum}`;
  }
  if (i.code === 'too_big' && /^(Too big|Invalid)/i.test(i.message)) {
    if (i.origin === 'string') return `it is too long (at most ${i.maximum} characters)`;
    if (i.origin === 'array' || i.origin === 'set') return `it has too many entries (at most ${i.maximum})`;
    return `it must be at most ${i.maximum}`;
  }
  if (i.code === 'not_multiple_of' && /^Invalid/.test(i.message)) return 'it must be a whole number';
  if (i.code === 'invalid_value' && /^Invalid/.test(i.message)) return `it is not one of the allowed values (${i.message.replace(/^Invalid (option|input): expected one of /, '')})`;
  return i.message;
}

/** One sentence per issue list: "Check the PIN: a PIN is 4 to 8 digits. Nothing was changed; correct it and try again." */
export function describeIssues(issues: ReadonlyArray<z.core.$ZodIssue>): string {
  // zod's own "Unrecognized key" (the contract's strictness pass words most of them, with a near name).
  const generic = (i: z.core.$ZodIssue) => i.code === 'unrecognized_keys' && /^Unrecognized key/.test(i.message);
  const unknown = issues.flatMap((i) => (i.code === 'unrecognized_keys' && generic(i) ? i.keys.map((k) => [...i.path, k].map(String).join('.')) : []));
  const known = issues.filter((i) => !generic(i));
  const parts = known.slice(0, 5).map((i) => {
    const what = problem(i);
    return { label: i.path.length ? fieldLabel(i.path) : what.startsWith('it ') ? 'the request' : null, what };
  });
  const more = known.length > 5 ? ` (and ${known.length - 5} more)` : '';
  const sentences: string[] = [];
  if (parts.length === 1) {
    const p = parts[0]!;
    sentences.push(p.label ? `Check ${p.label}: ${p.what}.` : `${capital(p.what)}.`);
  } else if (parts.length > 1) {
    sentences.push(`Check these: ${parts.map((p) => (p.label ? `${p.label} (${p.what})` : p.what)).join('; ')}${more}.`);
  }
  if (unknown.length) sentences.push(`This does not take ${unknown.map((k) => `“${k}”`).join(', ')}: leave ${unknown.length === 1 ? 'it' : 'them'} out.`);
  sentences.push(`Nothing was changed; correct ${parts.length + unknown.length > 1 ? 'them' : 'it'} and try again.`);
  return sentences.join(' ');
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
