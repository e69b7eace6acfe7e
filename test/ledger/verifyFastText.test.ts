import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { seedItems, tempHost } from '../helpers/tempLedger';

/**
 * ledger.verify reads a row's canonical text as SQLite's JSON of its first 16 values (electron/ledger/
 * verify.ts). These pin that the shortcut never changes an answer: text JSON.stringify escapes, a
 * REAL in an integer column, and a BLOB in a text column give what the full read gives.
 */
async function ledgerWithNotes() {
  const host = tempHost();
  await seedItems(host, ['A', 'Ü-ß "quoted" \\ back']);
  const notes = ['line one\nline two', 'tab\there', 'quote " and backslash \\ and slash /', 'emoji 📦 and ümlaut', 'carriage\r\nreturn', '\u2028 separators \u2029'];
  await host.run('documents.import', { id: 'odd-text', lines: notes.map((note) => ({ type: 'adjustment' as const, sku: 'Ü-ß "quoted" \\ back', qty: 2, note })), actor: 'Zoë "the" \\ clerk' });
  await host.run('documents.record', { type: 'receive', lines: [{ sku: 'A', qty: 10, unitCost: 1_000_000_000_000 }], actor: 'ann' });
  return host;
}

/** Edits the file behind the app's back (the append-only trigger dropped), as a tamperer would. */
function tamper(file: string, sql: string): void {
  const db = new Database(file);
  try { db.exec(`DROP TRIGGER IF EXISTS movements_no_update; ${sql}`); } finally { db.close(); }
}

describe('verify reads the canonical text fast without changing an answer', () => {
  it('rows with quotes, backslashes, line breaks, tabs, separators and non-ASCII text verify', async () => {
    const host = await ledgerWithNotes();
    const r = await host.run('ledger.verify');
    expect(r).toMatchObject({ ok: true, movements: 7, firstBad: null });
  });

  it('a quantity rewritten as a fraction (a REAL in an INTEGER column) is reported at its row', async () => {
    const host = await ledgerWithNotes();
    tamper(host.file, `UPDATE movements SET qty = 2.5 WHERE seq = 3`);
    const db = new Database(host.file, { readonly: true });
    expect(db.prepare(`SELECT typeof(qty) FROM movements WHERE seq = 3`).pluck().get()).toBe('real');
    db.close();
    const r = await host.run('ledger.verify');
    expect(r).toMatchObject({ ok: false, movements: 7, firstBad: { seq: 3 } });
  });

  it('a changed note is reported at its row; a BLOB in a text column is reported, not a crash', async () => {
    const host = await ledgerWithNotes();
    tamper(host.file, `UPDATE movements SET note = 'line one\nline 2' WHERE seq = 1`);
    const r1 = await host.run('ledger.verify');
    expect(r1.ok).toBe(false);
    expect(r1.firstBad).toMatchObject({ seq: 1, problem: expect.stringMatching(/no longer matches/) });
    tamper(host.file, `UPDATE movements SET actor = CAST('ann' AS BLOB) WHERE seq = 7`);
    const r2 = await host.run('ledger.verify');
    expect(r2.ok).toBe(false);
    expect(r2.movements).toBe(7);
    expect(r2.firstBad).toMatchObject({ seq: 1 });
  });
});
