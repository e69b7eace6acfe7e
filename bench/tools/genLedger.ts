// node dist/bench/tools/genLedger.js --scale 0.3 --out /path/branch.sqlite
// Generates the benchmark's ledger (same generator, seed and clock as bench/run.ts) and keeps the file,
// so whole-file work (rebuild, check, verify) can be measured on it again and again (maintenanceAB.ts).
import { parseArgs } from 'node:util';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { ensureCosted } from '../../electron/costs/catchUp';
import { generateLedger, type SimClock } from '../generate';
import { mulberry32 } from '../prng';

const DAY_MS = 86_400_000;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: '0.3' }, out: { type: 'string' }, seed: { type: 'string', default: '20260314' } } });
  if (!values.out) throw new Error('--out FILE is required');
  const scale = Number(values.scale);
  const clock: SimClock = { now: null };
  const host = new LedgerHost(values.out, { now: () => clock.now ?? Date.now() });
  try {
    await host.run('settings.set', { branchCode: 'BENCH', branchName: 'Benchmark branch', timeZone: 'Europe/Berlin' });
    const start = Math.floor((Date.now() - 366 * DAY_MS) / DAY_MS) * DAY_MS;
    let last = 0;
    const gen = await generateLedger(host, clock, {
      items: Math.max(50, Math.round(40_000 * scale)), movements: Math.max(2000, Math.round(5_000_000 * scale)),
      batch: 50_000, random: mulberry32(Number(values.seed)), start,
      progress: (task, done, total) => { if (Date.now() - last > 10_000) { last = Date.now(); process.stderr.write(`${task} ${done}/${total}\n`); } },
    });
    clock.now = null;
    ensureCosted(host.ledger);
    host.ledger.db.pragma('wal_checkpoint(TRUNCATE)');
    process.stderr.write(`generated ${gen.movements} movements in ${values.out}\n`);
  } finally {
    host.close();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
