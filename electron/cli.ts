// stock-ledger: the command layer, headless. `call` speaks the contract in JSON; the friendly
// subcommands cover daily work. Works on the same file while the app has it open (WAL + locks).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { COMMAND_NAMES } from '../shared/contract';
import { CommandError, type CommandOutcome } from '../shared/errors';
import { appCommand } from './cli/app';
import { exportMovements, fileStream } from './cli/export';
import { importMovementsCsv } from './csv/movementsImport';
import { importCatalogueCsv } from './csv/catalogueImport';
import { importCountsCsv } from './csv/countsImport';
import { progressLine } from './cli/progressLine';
import { runWithBoundedHeap, wantsBoundedHeap } from './cli/boundedHeap';
import { LedgerHost } from './host/inProcessHost';
import { backupTo } from './safety/backup';
import { restoreLedger } from './safety/restore';

const USAGE = `stock-ledger [--db FILE] <command> [args]

  app [--port N] [--no-open] [--host ADDR]   serve the app's screens and the command API on this PC
                               (http://127.0.0.1:PORT/?token=…; Ctrl-C closes the ledger)

  call COMMAND 'JSON'          run any command of the contract; prints its JSON result
  commands                     list the contract's command names
  stock [SEARCH]               stock list (on hand, reserved, available)
  trail SKU [--limit N]        an item's movements with the running balance
  receive SKU QTY [--cost C]   record a purchase receipt (cost in minor units)
  sell SKU QTY                 record a sale
  import FILE.csv [--type T] [--batch N] [--source NAME]
                               import movement lines (header: sku,qty[,type,unit_cost,occurred_at,note,name,...];
                               comma, semicolon or tab). The whole file is checked first: nothing is written
                               unless every row is right. Re-running it (or a corrected copy) adds each row
                               once; --source names a repeat delivery whose rows are new.
  import-items FILE.csv         add or update catalogue items (header: sku,name[,category,brand,barcode,barcodes,unit]; barcodes: A|B)
  stocktake-import SESSION FILE.csv       load counts (header: sku,qty[,mode]; mode set (default) or add)
  export [--out FILE] [--sku SKU]          movements as CSV (BOM, branch-local times, decimal + minor-unit costs)
  verify | check | rebuild     hash chains / cache drift / recompute caches
  backup [--out FILE]          an online copy of the ledger (default: the backup folder, rotated)
  restore FILE                 put a backup in place of the ledger (close the app first); the current file is kept as a backup
  restore-from-hq --server URL --code CODE   a replacement PC: enrol a NEW ledger file and rebuild it from HQ's copy
  stocktake-csv SESSION [--out FILE]      a stock take's variance report as CSV

Options: --db FILE (default $STOCK_LEDGER_DB or ./stock-ledger.sqlite), --actor NAME (default $USER),
--json (machine-readable output), --id DOCID (idempotency key for receive/sell).
Exit codes: 0 done, 2 refused (the error is printed as {"error": {...}} on stdout), 1 usage.`;

function print(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

function table(rows: Array<Record<string, unknown>>, columns: string[]): void {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (vals: string[]) => vals.map((v, i) => (typeof rows[0]?.[columns[i]!] === 'number' ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ');
  process.stdout.write(line(columns) + '\n' + rows.map((r) => line(columns.map((c) => String(r[c] ?? '')))).join('\n') + '\n');
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string' }, actor: { type: 'string' }, json: { type: 'boolean' }, cost: { type: 'string' },
      limit: { type: 'string' }, type: { type: 'string' }, batch: { type: 'string' }, out: { type: 'string' },
      sku: { type: 'string' }, id: { type: 'string' }, source: { type: 'string' }, server: { type: 'string' }, code: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      port: { type: 'string' }, host: { type: 'string' }, 'no-open': { type: 'boolean' },
    },
  });
  const [command, ...args] = positionals;
  if (!command || values.help) {
    process.stdout.write(USAGE + '\n');
    return command || values.help ? 0 : 1;
  }
  if (command === 'restore') {
    // Not through a host: the ledger file is replaced, so nothing may hold it open.
    const bar = progressLine();
    try {
      if (!args[0]) throw new CommandError('VALIDATION', 'Name the backup to restore: stock-ledger restore FILE');
      const result = restoreLedger(values.db ?? process.env.STOCK_LEDGER_DB ?? 'stock-ledger.sqlite', args[0], Date.now(), undefined, (e) => bar.update(e));
      bar.done();
      print(result);
      return 0;
    } catch (err) {
      bar.done();
      if (err instanceof CommandError) { print({ error: err.toJSON() }); return 2; }
      throw err;
    }
  }
  if (command === 'commands') {
    process.stdout.write(COMMAND_NAMES.join('\n') + '\n');
    return 0;
  }
  if (command === 'app') {
    return appCommand({ db: values.db ?? process.env.STOCK_LEDGER_DB ?? 'stock-ledger.sqlite', port: values.port, host: values.host, open: !values['no-open'] });
  }
  const bar = progressLine();
  const host = new LedgerHost(values.db ?? process.env.STOCK_LEDGER_DB ?? 'stock-ledger.sqlite', { onProgress: (e) => bar.update(e), operator: 'cli' });
  const actor = values.actor ?? process.env.USER ?? 'cli';
  const answer = (outcome: CommandOutcome<unknown>, human?: (r: never) => void): number => {
    if (!outcome.ok) {
      print({ error: outcome.error });
      return 2;
    }
    if (human && !values.json) human(outcome.result as never);
    else print(outcome.result);
    return 0;
  };
  try {
    switch (command) {
      case 'call': {
        const [name, json] = args;
        let payload: unknown;
        try {
          payload = json === undefined ? undefined : JSON.parse(json);
        } catch (err) {
          return answer({ ok: false, error: { code: 'VALIDATION', message: `The payload is not valid JSON (${(err as Error).message}). Quote it: '{"sku":"A1"}'.` } });
        }
        return answer(await host.call(name ?? '', payload));
      }
      case 'stock':
        return answer(await host.call('stock.list', { search: args[0], limit: Number(values.limit ?? 50) }), (r: { rows: Array<Record<string, unknown>>; total: number }) => {
          table(r.rows, ['sku', 'name', 'onHand', 'reserved', 'available']);
          process.stdout.write(`${r.rows.length} of ${r.total} items\n`);
        });
      case 'trail':
        return answer(await host.call('stock.trail', { sku: args[0], limit: Number(values.limit ?? 50) }), (r: { rows: Array<Record<string, unknown>> }) =>
          table(r.rows.map((m) => ({ ...m, when: String(m.occurredAt).replace('T', ' ').slice(0, 19), actor: `${String(m.actor)}${m.via === 'cli' ? ' (CLI)' : ''}${m.approvedBy ? `, approved by ${String(m.approvedBy)}` : ''}` })), ['seq', 'when', 'kindLabel', 'qty', 'onHandAfter', 'reservedAfter', 'docType', 'actor', 'note']));
      case 'receive':
      case 'sell': {
        const [sku, qty] = args;
        const line = { sku, qty: Number(qty), ...(values.cost !== undefined ? { unitCost: Number(values.cost) } : {}) };
        return answer(await host.call('documents.record', { type: command === 'sell' ? 'sale' : 'receive', id: values.id, lines: [line], actor }));
      }
      case 'import': {
        if (!args[0]) throw new CommandError('VALIDATION', 'Name the CSV file to import: stock-ledger import FILE.csv');
        const result = await importMovementsCsv(host, args[0], { type: (values.type ?? 'receive') as never, actor, batch: Number(values.batch ?? 2000), source: values.source, onProgress: (e) => bar.update(e) });
        bar.done();
        print(result);
        return 0;
      }
      case 'import-items': {
        if (!args[0]) throw new CommandError('VALIDATION', 'Name the CSV file to import: stock-ledger import-items FILE.csv');
        print(await importCatalogueCsv(host, args[0], { onProgress: (e) => bar.update(e) }));
        bar.done();
        return 0;
      }
      case 'stocktake-import': {
        if (!args[0] || !args[1]) throw new CommandError('VALIDATION', 'Name the stock take and the file: stock-ledger stocktake-import SESSION FILE.csv');
        print(await importCountsCsv(host, args[0], args[1], { actor }));
        return 0;
      }
      case 'stocktake-csv': {
        const outcome = await host.call('stocktake.exportCsv', { sessionId: args[0] ?? '' });
        if (!outcome.ok) return answer(outcome);
        const { csv, rows } = outcome.result as { csv: string; rows: number };
        if (values.out) writeFileSync(values.out, csv);
        else process.stdout.write(csv);
        if (values.out) process.stderr.write(`wrote ${rows} rows to ${values.out}\n`);
        return 0;
      }
      case 'export': {
        const out = values.out ? fileStream(values.out) : process.stdout;
        const n = await exportMovements(host.ledger.db, out, values.sku);
        if (values.out) {
          await new Promise<void>((r) => out.end(() => r()));
          process.stderr.write(`exported ${n} movements to ${values.out}\n`);
        }
        return 0;
      }
      case 'backup': {
        if (values.out) print(await backupTo(host.ledger, values.out, (e) => bar.update(e)));
        else return answer(await host.call('backups.create', {}));
        bar.done();
        return 0;
      }
      case 'restore-from-hq': {
        if (!values.server || !values.code) throw new CommandError('VALIDATION', 'Give HQ\'s address and an enrollment code for the branch: stock-ledger restore-from-hq --server URL --code CODE');
        const own = await host.run('ledger.verify');
        if (own.movements > 0) throw new CommandError('CONFLICT', `This ledger file already has ${own.movements} movements; rebuild from HQ into a new file (--db NEW.sqlite).`);
        const configured = await host.call('sync.configure', { serverUrl: values.server, enrollmentCode: values.code });
        if (!configured.ok) return answer(configured);
        const round = await host.call('sync.now', {});
        bar.done();
        if (!round.ok) return answer(round);
        return answer(await host.call('ledger.verify', {}));
      }
      case 'verify':
      case 'check':
      case 'rebuild': {
        const outcome = await host.call(`ledger.${command}`, {});
        bar.done();
        const code = answer(outcome);
        const r = outcome.ok ? (outcome.result as { ok?: boolean }) : null;
        return code !== 0 ? code : r && r.ok === false ? 3 : 0;
      }
      default:
        process.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
        return 1;
    }
  } catch (err) {
    if (err instanceof CommandError) {
      print({ error: err.toJSON() });
      return 2;
    }
    throw err;
  } finally {
    host.close();
  }
}

const argv = process.argv.slice(2);
if (wantsBoundedHeap(argv, process.execArgv, process.env)) {
  void runWithBoundedHeap(process.argv[1]!, argv).then((code) => { process.exitCode = code; });
} else {
  main(argv).then((code) => { process.exitCode = code; }, (err: Error) => {
    process.stderr.write(`stock-ledger: ${err.message}\n`);
    process.exitCode = 1;
  });
}
