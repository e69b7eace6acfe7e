import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import { describeIssues, fieldLabel } from '../../shared/contract/describeIssues';

function issuesOf(name: keyof typeof contract, payload: unknown) {
  const r = (contract[name] as { safeParse(v: unknown): { success: boolean; error?: { issues: never[] } } }).safeParse(payload);
  expect(r.success).toBe(false);
  return r.error!.issues;
}

describe('validation errors in a clerk\'s words', () => {
  it('names the field the way the screen does and keeps the contract\'s own sentence', () => {
    expect(fieldLabel(['pin'])).toBe('the PIN');
    expect(fieldLabel(['lines', 1, 'qty'])).toBe('the quantity on line 2');
    expect(fieldLabel(['lines', 0, 'unitCost'])).toBe('the unit cost on line 1');
    expect(fieldLabel(['somethingNew'])).toBe('the something new');
    const text = describeIssues(issuesOf('users.upsert', { name: 'Ben Osei', pin: '12', role: 'clerk', actor: 'Dora' }));
    expect(text).toBe('Check the PIN: a PIN is 4 to 8 digits. Nothing was changed; correct it and try again.');
    expect(text).not.toMatch(/request is not valid/);
  });

  it('puts zod\'s generic sentences in plain words and tells a script which field to leave out', () => {
    const missing = describeIssues(issuesOf('stock.get', {}));
    expect(missing).toBe('Check the SKU: it is missing. Nothing was changed; correct it and try again.');
    const extra = describeIssues([{ code: 'unrecognized_keys', keys: ['colour'], path: [], message: 'Unrecognized key: "colour"', input: {} } as never]);
    expect(extra).toBe('This does not take “colour”: leave it out. Nothing was changed; correct it and try again.');
    const tooLong = describeIssues(issuesOf('users.upsert', { name: 'x'.repeat(500), pin: '1234', role: 'clerk', actor: 'Dora' }));
    expect(tooLong).toMatch(/^Check the name: /);
  });
});
