import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { seedItems, tempHost } from '../helpers/tempLedger';
import { hashMovement } from '../../shared/movements/chain';
import { movementFromRow, type MovementDbRow } from '../../electron/ledger/rows';
import { storedLink } from '../../electron/ledger/linkStorage';

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
    tamper(host.file, `UPDATE movement_rows SET qty = 2.5 WHERE seq = 3`);
    const db = new Database(host.file, { readonly: true });
    expect(db.prepare(`SELECT typeof(qty) FROM movements WHERE seq = 3`).pluck().get()).toBe('real');
    db.close();
    const r = await host.run('ledger.verify');
    expect(r).toMatchObject({ ok: false, movements: 7, firstBad: { seq: 3 } });
  });

  it('a row rehashed onto another previous link is reported as not linking, not as edited content', async () => {
    const host = await ledgerWithNotes();
    // Row 2 removed in spirit: row 3 now names row 1 as its previous link, and its own hash is recomputed
    // over that, so it hashes correctly; only its link to the row before it in the file is wrong.
    const db = new Database(host.file);
    try {
      const [first, third] = [1, 3].map((seq) => db.prepare(`SELECT * FROM movements WHERE seq = ?`).get(seq) as MovementDbRow);
      const moved = { ...movementFromRow(third!), prevHash: first!.hash };
      db.exec(`DROP TRIGGER movements_no_update`);
      db.prepare(`UPDATE movement_rows SET prev_hash = ?, hash = ? WHERE seq = 3`).run(storedLink(first!.hash), storedLink(hashMovement(moved)));
    } finally {
      db.close();
    }
    const r = await host.run('ledger.verify');
    expect(r).toMatchObject({ ok: false, firstBad: { seq: 3, problem: expect.stringMatching(/does not link to the previous row/) } });
  });

  it('a changed note is reported at its row; a BLOB in a text column is reported, not a crash', async () => {
    const host = await ledgerWithNotes();
    tamper(host.file, `UPDATE movement_rows SET note = 'line one\nline 2' WHERE seq = 1`);
    const r1 = await host.run('ledger.verify');
    expect(r1.ok).toBe(false);
    expect(r1.firstBad).toMatchObject({ seq: 1, problem: expect.stringMatching(/no longer matches/) });
    tamper(host.file, `UPDATE movement_rows SET actor = CAST('ann' AS BLOB) WHERE seq = 7`);
    const r2 = await host.run('ledger.verify');
    expect(r2.ok).toBe(false);
    expect(r2.movements).toBe(7);
    expect(r2.firstBad).toMatchObject({ seq: 1 });
  });
});
