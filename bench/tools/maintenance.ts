// node dist/bench/tools/maintenance.js --file LEDGER [--rounds N] [--only rebuild,core,core1,verify,check]
// Times the whole-file commands on a kept ledger (genLedger.js, or `npm run bench -- --keep`), as the
// bench's maintenance section does, as many times as asked, so a change can be measured on the same
// file again and again; prints JSON with wall and process CPU time and the load average.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { foldLedgerOnTwoCores } from '../../electron/ledger/foldOnTwoCores';
import { readSettings } from '../../electron/ledger/settings';
import { writeTransaction } from '../../electron/ledger/write';

class RolledBack extends Error {}
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { file: { type: 'string' }, rounds: { type: 'string', default: '1' }, only: { type: 'string', default: 'rebuild,core,verify' } } });
  if (!values.file) throw new Error('--file LEDGER is required');
  // verify's helper thread is looked for beside the running bundle; this one is in dist/bench/tools.
  process.env.STOCK_LEDGER_VERIFY_WORKER ??= join(__dirname, '..', '..', 'electron', 'verifyWorker.js');
  const host = new LedgerHost(values.file);
  const { db } = host.ledger;
  const coreFold = (threads: number) => {
    try {
      writeTransaction(host.ledger, () => {
        for (const t of ['balances', 'snapshots_occurred', 'snapshots_learned']) db.exec(`DELETE FROM ${t}`);
        foldLedgerOnTwoCores(host.ledger, '', readSettings(db).timeZone, () => {}, 'rebuild', { threads });
        throw new RolledBack();
      });
    } catch (err) {
      if (!(err instanceof RolledBack)) throw err;
    }
  };
  const tasks: Record<string, () => Promise<unknown>> = {
    rebuild: async () => { const r = await host.call('ledger.rebuild', {}); if (!r.ok) throw new Error(r.error.message); },
    check: async () => { const r = await host.call('ledger.check', {}); if (!r.ok || (r.result as { ok: boolean }).ok !== true) throw new Error('check found drift'); },
    verify: async () => { const r = await host.call('ledger.verify', {}); if (!r.ok || (r.result as { ok: boolean }).ok !== true) throw new Error('verify failed'); },
    // The core caches alone (no hooks), rolled back: the bench's "of which" figures (two cores, one thread).
    core: async () => coreFold(2),
    core1: async () => coreFold(1),
  };
  const names = values.only.split(',');
  const runs: Record<string, Array<{ wallMs: number; cpuMs: number }>> = {};
  const loadStart = loadavg();
  try {
    for (let i = 0; i < Number(values.rounds); i++) {
      for (const name of names) {
        const task = tasks[name];
        if (!task) throw new Error(`unknown task ${name}: ${Object.keys(tasks).join(', ')}`);
        db.pragma('wal_checkpoint(TRUNCATE)');
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        await task();
        const cpu = process.cpuUsage(c0);
        (runs[name] ??= []).push({ wallMs: Math.round(performance.now() - t0), cpuMs: Math.round((cpu.user + cpu.system) / 1000) });
      }
    }
  } finally {
    host.close();
  }
  process.stdout.write(`${JSON.stringify({ file: values.file, loadStart, loadEnd: loadavg(), runs })}\n`);
}

main().catch((err) => { console.error(err); process.exit(1); });
