import type { Database } from 'better-sqlite3';
import type { SetupResults, SetupStatus } from '../../shared/contract/setup';
import type { CommandPayload } from '../../shared/contract';
import { CommandError } from '../../shared/errors';
import type { Ledger } from '../ledger/open';
import type { ProgressListener } from '../ledger/progress';
import { rebuildCaches } from '../ledger/rebuild';
import { readSettings, writeSettings } from '../ledger/settings';
import { writeTransaction } from '../ledger/write';
import type { SyncEngine } from '../sync/engine';
import { listUsers, upsertUser } from '../users/users';
import { movementCount, refuseBranchChange } from './branch';

function hasUsers(db: Database): boolean {
  return !listUsers(db, true).firstRun;
}

export function setupStatus(db: Database): SetupStatus {
  const settings = readSettings(db);
  const users = hasUsers(db);
  return { needed: settings.branchCode === null || !users, branchAssigned: settings.branchCode !== null, hasUsers: users, movements: movementCount(db), settings };
}

/**
 * Completes the first start. With `hq`, enrols first (HQ refuses → nothing here changes, and no refusal
 * uses up the code); otherwise assigns the branch typed. Then the currency, locale and first manager.
 */
export async function completeSetup(ledger: Ledger, p: CommandPayload<'setup.complete'>, now: number, engine: () => SyncEngine, progress: ProgressListener): Promise<SetupResults['setup.complete']> {
  const db = ledger.db;
  const before = readSettings(db);
  const firstRun = !hasUsers(db);
  if (before.branchCode !== null && !firstRun) {
    throw new CommandError('CONFLICT', `This shop is already set up as branch ${before.branchCode}. A manager changes its settings on the Clerks & settings screen (F10).`, { branch: before.branchCode });
  }
  if (firstRun && !p.manager) throw new CommandError('VALIDATION', 'Name the first manager and give them a PIN of 4 to 8 digits: they can add clerks and change settings later.', { field: 'manager' });
  if (p.branch) refuseBranchChange(db, p.branch.code);
  let enrolled = false;
  let zoneFromHq = false;
  if (p.hq) {
    const result = await engine().configure(p.hq.serverUrl, p.hq.enrollmentCode, p.hq.deviceName);
    enrolled = true;
    zoneFromHq = result.zoneFromHq;
  }
  const manager = writeTransaction(ledger, () => {
    writeSettings(db, {
      ...(p.branch ? { branchCode: p.branch.code, branchName: p.branch.name, timeZone: p.branch.timeZone } : {}),
      ...(p.hq && !zoneFromHq && p.timeZone ? { timeZone: p.timeZone } : {}),
      currency: p.currency,
      locale: p.locale,
    });
    return firstRun && p.manager ? upsertUser(ledger, { name: p.manager.name, pin: p.manager.pin, role: 'manager' }, now) : null;
  });
  const settings = readSettings(db);
  // Movements recorded before setup were put on days in the old zone; the new zone moves the boundaries.
  if (settings.timeZone !== before.timeZone && !zoneFromHq) rebuildCaches(ledger, progress);
  return { settings, manager, enrolled };
}
