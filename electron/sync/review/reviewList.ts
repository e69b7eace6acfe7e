import type { Database } from 'better-sqlite3';
import type { SyncParked } from '../../../shared/contract/sync';
import { prepared } from '../../ledger/prepared';
import { parkedEntries } from './parked';

const sql = (db: Database) => ({
  own: db.prepare(`SELECT device_seq AS deviceSeq, id, reason, status, decision_note AS note FROM sync_quarantine ORDER BY device_seq`),
});

/** sync.parked: the PC's review list (parked pull entries) and its own rows' fate at HQ. */
export function reviewList(db: Database): SyncParked {
  const { open, rows } = parkedEntries(db);
  return { open, rows, quarantined: prepared(db, sql).own.all() as SyncParked['quarantined'] };
}
