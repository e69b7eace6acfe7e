// stock-ledger-hq: HQ's admin command line and server launcher. Works on the same store as a running
// HQ (SQLite: WAL + busy timeout; PostgreSQL: DATABASE_URL), so an admin can act while HQ serves.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { issueEnrollmentCode, parseCodeTtl } from './auth';
import { isValidTimeZone } from '../shared/domain/time';
import { ago, printJson, table } from './cli/output';
import { HqError } from './errors';
import { HQ_SQLITE_FILE, openStore } from './store/open';
import type { HqStore } from './store/store';

const USAGE = `stock-ledger-hq [--data DIR] <command> [args]

  serve [--port N] [--host H] [--body-limit BYTES] [--verbose]   run HQ (127.0.0.1:8787 by default)
        [--cert PEM --key PEM] [--trust-proxy] [--updates DIR]    own TLS; behind a reverse proxy; serve app updates at /updates/
  operator add NAME --role admin|viewer | operator list | operator disable NAME | operator passwd NAME | operator signout NAME
                                           HQ console operators (password read from stdin twice)
  branch add CODE --name NAME [--zone Europe/Berlin] | branch list | branch zone CODE ZONE
  enroll CODE [--ttl 30m|12h|7d]           prints a one-time enrollment code for branch CODE (valid 7 days; 1 minute to 90 days)
  enrolments [--refused] [--limit N]       enrolment attempts, newest first, refusals with the reason the PC was given
  items add SKU --name NAME [--category C] [--brand B] [--barcode X [--barcode Y ...]] [--unit U]
                                           add or replace an item; it gets exactly the --barcode codes given
                                           (the first is the primary; none given = no barcode)
  items list [--review]                    HQ's catalogue (--review: items learned from branches)
  devices list | devices revoke DEVICE_ID  enrolled PCs; revoking refuses their token at once
  sync-state                               per device: last seen, last sequence, backlog, clock skew
  status [BRANCH]                          per-branch status (devices, movements, quarantine, negative stock, transfers)
  stock SKU                                each branch's on-hand, reserved and in-transit for an item
  transfers [--all] [--by-item]            transfers in transit (--all: every transfer; --by-item: per item)
  quarantine [list] [--device ID]          rows HQ quarantined, with the reason, the row as received and the decision
  quarantine resolve ID --accept|--reject --note TEXT [--by NAME]
                                           accept: the row as sent joins the branch's movements (it must pass the
                                           branch's rules); reject: it never counts (a stored row gets HQ's reversal)
  parked [--branch CODE]                   what PCs could not store from their pulls, with the reason
  negative                                 branch/item pairs whose on-hand is below zero
  conflicts [--branch CODE]                offline conflicts settled by a compensation (two PCs reversed/received/closed the same thing)
  verify                                   recompute every device's hash chain
  backup FILE                              consistent copy of the SQLite store, taken while HQ serves
  restore FILE                             put a backup in place (HQ stopped) and renew the epoch
  epoch [--renew]                          HQ's epoch; --renew after restoring a backup (HQ stopped): every PC re-sends and re-pulls

Options: --data DIR (default $HQ_DATA_DIR or ./hq-data; the SQLite store is DIR/${HQ_SQLITE_FILE}), --json.
PostgreSQL instead of SQLite: DATABASE_URL=postgres://… (optional HQ_DB_SCHEMA, HQ_DB_APP_ROLE).
Admin HTTP routes (/v1/stock/:sku, /v1/branches/:code/status) need HQ_ADMIN_TOKEN set when serving.
Exit codes: 0 done, 2 refused (the error is printed as {"error": {...}} on stdout), 1 usage.`;

class UsageError extends Error {}
const COMMANDS = new Set(['operator', 'serve', 'branch', 'branches', 'enroll', 'enrolments', 'enrollments', 'items', 'devices', 'sync-state', 'status', 'stock', 'transfers', 'quarantine', 'parked', 'negative', 'conflicts', 'verify', 'epoch', 'backup', 'restore']);

async function main(argv: string[]): Promise<number> {
  const { values: o, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      data: { type: 'string' }, json: { type: 'boolean' }, port: { type: 'string' }, host: { type: 'string' },
      'body-limit': { type: 'string' }, verbose: { type: 'boolean' }, name: { type: 'string' }, ttl: { type: 'string' },
      category: { type: 'string' }, brand: { type: 'string' }, barcode: { type: 'string', multiple: true }, unit: { type: 'string' },
      review: { type: 'boolean' }, all: { type: 'boolean' }, 'by-item': { type: 'boolean' }, device: { type: 'string' }, renew: { type: 'boolean' }, branch: { type: 'string' }, zone: { type: 'string' }, refused: { type: 'boolean' }, limit: { type: 'string' },
      accept: { type: 'boolean' }, reject: { type: 'boolean' }, note: { type: 'string' }, by: { type: 'string' },
      role: { type: 'string' }, cert: { type: 'string' }, key: { type: 'string' }, 'trust-proxy': { type: 'boolean' }, updates: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...args] = positionals;
  if (!command || o.help) {
    process.stdout.write(USAGE + '\n');
    return command || o.help ? 0 : 1;
  }
  if (!COMMANDS.has(command)) throw new UsageError(`Unknown command "${command}".`);
  const dataDir = resolve(o.data ?? process.env.HQ_DATA_DIR ?? 'hq-data');
  const databaseUrl = process.env.DATABASE_URL || undefined;
  if (command === 'backup' || command === 'restore') {
    if (databaseUrl) throw new UsageError(`With PostgreSQL use pg_dump / pg_restore, then "stock-ledger-hq epoch --renew" after a restore.`);
    const { backupSqlite, restoreSqlite } = await import('./cli/backup');
    const file = resolve(need(args[0], `the backup file: ${command} FILE`));
    const r = command === 'backup' ? await backupSqlite(dataDir, file) : restoreSqlite(dataDir, file);
    if (o.json) printJson(r);
    else process.stdout.write(command === 'backup' ? `backed up HQ to ${file}\n` : `restored HQ from ${file}; new epoch ${(r as { epoch: string }).epoch}: every PC re-sends what HQ lost\n`);
    return 0;
  }
  const store = await openStore({ dataDir, databaseUrl, pgSchema: process.env.HQ_DB_SCHEMA || undefined, pgAppRole: process.env.HQ_DB_APP_ROLE || undefined });
  const describe = databaseUrl ? `PostgreSQL${process.env.HQ_DB_SCHEMA ? ` (schema ${process.env.HQ_DB_SCHEMA})` : ''}` : `SQLite ${resolve(dataDir, HQ_SQLITE_FILE)}`;
  if (command === 'serve') {
    const port = Number(o.port ?? process.env.PORT ?? 8787);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${o.port}".`);
    // Fastify loads only for `serve`: admin commands start faster.
    const { serve } = await import('./cli/serve');
    if (Boolean(o.cert) !== Boolean(o.key)) throw new UsageError('HQ\'s own TLS needs both --cert and --key (PEM files).');
    await serve(store, {
      host: o.host ?? '127.0.0.1', port, bodyLimit: o['body-limit'] ? Number(o['body-limit']) : undefined, verbose: Boolean(o.verbose), describe,
      tls: o.cert && o.key ? { cert: resolve(o.cert), key: resolve(o.key) } : undefined,
      trustProxy: Boolean(o['trust-proxy']) || process.env.HQ_TRUST_PROXY === '1',
      updatesDir: o.updates ? resolve(o.updates) : process.env.HQ_UPDATES_DIR || undefined,
    });
    return 0;
  }
  try {
    if (command === 'operator') {
      const { operatorCommand } = await import('./cli/operators');
      return await operatorCommand(store, args, { role: o.role, json: o.json });
    }
    return await run(store, command, args, o);
  } finally {
    await store.close();
  }
}

type Opts = Record<string, string | string[] | boolean | undefined>;
const need = (value: string | undefined, what: string): string => {
  if (!value || !value.trim()) throw new UsageError(`Missing ${what}.`);
  return value.trim();
};

async function run(store: HqStore, command: string, args: string[], o: Opts): Promise<number> {
  const json = Boolean(o.json);
  const out = (value: unknown, human: () => void) => (json ? printJson(value) : human());
  switch (`${command} ${args[0] ?? ''}`.trim()) {
    case 'branch add': {
      const code = need(args[1], 'the branch code: branch add CODE --name NAME');
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(code)) throw new UsageError('A branch code is 1–32 letters, digits, - or _.');
      const zone = o.zone as string | undefined;
      if (zone !== undefined && !isValidTimeZone(zone)) throw new UsageError(`--zone must be an IANA time zone such as Europe/Berlin, not "${zone}".`);
      const b = await store.addBranch({ code, name: need(o.name as string, '--name NAME'), timeZone: zone ?? null });
      out(b, () => process.stdout.write(`added branch ${b.code} (${b.name}${b.timeZone ? `, ${b.timeZone}` : ''})\n`));
      return 0;
    }
    case 'branch zone': {
      const code = need(args[1], 'the branch code: branch zone CODE ZONE');
      const zone = need(args[2], 'the time zone: branch zone CODE Europe/Berlin');
      if (!isValidTimeZone(zone)) throw new UsageError(`The time zone must be an IANA name such as Europe/Berlin, not "${zone}".`);
      if (!(await store.listBranches()).some((b) => b.code === code)) throw new HqError(404, 'NOT_FOUND', `There is no branch ${code}; see stock-ledger-hq branch list.`);
      await store.setBranchTimeZone(code, zone);
      out({ code, timeZone: zone }, () => process.stdout.write(`branch ${code} is in ${zone}; PCs set up by enrolment take it\n`));
      return 0;
    }
    case 'enrolments':
    case 'enrollments': {
      const limit = o.limit === undefined ? 200 : Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError(`--limit must be a whole number from 1 to 10000, not "${o.limit}".`);
      const rows = await store.listEnrollments({ refusedOnly: Boolean(o.refused), limit });
      out(rows, () => table(rows as never, ['at', 'outcome', 'branch', 'deviceId', 'deviceName', 'client', 'requestId', 'reason'], o.refused ? 'no refused enrolments' : 'no enrolment attempts'));
      return 0;
    }
    case 'branch list':
    case 'branches': {
      const branches = await store.listBranches();
      out(branches, () => table(branches as never, ['code', 'name', 'timeZone', 'createdAt']));
      return 0;
    }
    case 'items add': {
      const item = await store.upsertItem({ sku: need(args[1], 'the SKU: items add SKU --name NAME'), name: need(o.name as string, '--name NAME'), category: (o.category as string) ?? null, brand: (o.brand as string) ?? null, barcodes: (o.barcode as string[] | undefined) ?? [], unit: (o.unit as string) ?? null });
      out(item, () => process.stdout.write(`saved ${item.sku} (${item.name})${item.barcodes.length ? `, barcodes ${item.barcodes.join(', ')}` : ''}; branches receive it at their next sync\n`));
      return 0;
    }
    case 'items list': {
      const items = await store.listItems({ review: Boolean(o.review) });
      out(items, () => table(items.map((i) => ({ ...i, barcodes: i.barcodes.join(' '), review: i.needsReview ? `learned from ${i.learnedFrom}` : '' })) as never, ['sku', 'name', 'category', 'brand', 'barcodes', 'unit', 'review']));
      return 0;
    }
    case 'devices list':
    case 'devices': {
      const devices = await store.listDevices();
      out(devices, () => table(devices.map((d) => ({ ...d, state: d.revokedAt ? `revoked ${d.revokedAt}` : 'active', seen: ago(d.lastSeenAt) })) as never, ['deviceId', 'branch', 'name', 'state', 'seen', 'lastSeq']));
      return 0;
    }
    case 'devices revoke': {
      const id = need(args[1], 'the device id: devices revoke DEVICE_ID');
      if (!(await store.revokeDevice(id))) throw new HqError(404, 'NOT_FOUND', `No active device ${id}; see stock-ledger-hq devices list.`);
      out({ revoked: id }, () => process.stdout.write(`revoked ${id}: its token is refused from now on\n`));
      return 0;
    }
    case 'sync-state': {
      const devices = await store.listDevices();
      out(devices.map(({ deviceId, branch, lastSeenAt, lastPushAt, lastSeq, backlog, clockSkewMs, movements, quarantined, revokedAt }) => ({ deviceId, branch, lastSeenAt, lastPushAt, lastSeq, backlog, clockSkewMs, movements, quarantined, revokedAt })),
        () => table(devices.map((d) => ({ ...d, seen: ago(d.lastSeenAt), pushed: ago(d.lastPushAt), skew: d.clockSkewMs === null ? '' : `${Math.round(d.clockSkewMs / 1000)} s` })) as never, ['deviceId', 'branch', 'seen', 'pushed', 'lastSeq', 'backlog', 'skew', 'quarantined']));
      return 0;
    }
    default:
      return report(store, command, args, o);
  }
}

async function report(store: HqStore, command: string, args: string[], o: Opts): Promise<number> {
  const json = Boolean(o.json);
  switch (command) {
    case 'enroll': {
      let ttlMs: number | undefined;
      try {
        ttlMs = o.ttl === undefined ? undefined : parseCodeTtl(String(o.ttl));
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      const r = await issueEnrollmentCode(store, need(args[0], 'the branch code: enroll CODE'), { ttlMs });
      if (json) printJson(r);
      else {
        process.stdout.write(`${r.code}\n`);
        process.stderr.write(`one-time enrollment code for branch ${r.branch}, valid until ${r.expiresAt}\n`);
      }
      return 0;
    }
    case 'status': {
      const codes = args[0] ? [args[0]] : (await store.listBranches()).map((b) => b.code);
      const all = [];
      for (const code of codes) {
        const s = await store.branchStatus(code);
        if (!s) throw new HqError(404, 'NOT_FOUND', `There is no branch ${code}; see stock-ledger-hq branch list.`);
        all.push(s);
      }
      if (json) printJson(args[0] ? all[0] : all);
      else table(all.map((s) => ({ branch: s.branch.code, devices: s.devices.active, seen: ago(s.devices.lastSeenAt), backlog: s.devices.backlog, movements: s.movements, quarantined: s.quarantined, negative: s.negativeStock.length, inTransitOut: s.transfers.inTransitOut, inTransitIn: s.transfers.inTransitIn })), ['branch', 'devices', 'seen', 'backlog', 'movements', 'quarantined', 'negative', 'inTransitOut', 'inTransitIn']);
      return 0;
    }
    case 'stock': {
      const sku = need(args[0], 'the SKU: stock SKU');
      const r = { sku, item: await store.getItem(sku), branches: await store.stock(sku) };
      if (json) printJson(r);
      else {
        process.stdout.write(`${sku}${r.item ? ` ${r.item.name}` : ' (not in HQ\'s catalogue)'}\n`);
        table(r.branches as never, ['branch', 'name', 'onHand', 'reserved', 'available', 'inTransit', 'inTransitOut']);
      }
      return 0;
    }
    case 'transfers': {
      if (o['by-item']) {
        const r = await store.inTransitByItem();
        if (json) printJson(r);
        else table(r as never, ['sku', 'fromBranch', 'toBranch', 'qty', 'transfers'], 'nothing in transit');
        return 0;
      }
      const r = await store.transfers({ inTransitOnly: !o.all });
      if (json) printJson(r);
      else table(r.map((t) => ({ id: t.id, from: t.fromBranch, to: t.toBranch, sentAt: t.sentAt, status: t.status, lines: t.lines.map((l) => `${l.sku}×${l.qty}`).join(' '), discrepancy: t.discrepancies.map((d) => `${d.sku} ${d.difference > 0 ? '+' : ''}${d.difference}`).join(' '), flag: t.receivedTwice ? 'received on 2 PCs (see conflicts)' : '' })), ['id', 'from', 'to', 'sentAt', 'status', 'lines', 'discrepancy', 'flag'], o.all ? 'no transfers' : 'nothing in transit');
      return 0;
    }
    case 'quarantine': {
      if (args[0] === 'resolve') {
        const id = Number(need(args[1], 'the quarantine id: quarantine resolve ID --accept|--reject --note TEXT'));
        if (!Number.isSafeInteger(id) || id < 1) throw new UsageError(`The quarantine id is a number from "stock-ledger-hq quarantine list", not "${args[1]}".`);
        if (Boolean(o.accept) === Boolean(o.reject)) throw new UsageError('Say --accept or --reject (one of them).');
        const r = await store.resolveQuarantine({ id, decision: o.accept ? 'accepted' : 'rejected', note: need(o.note as string, '--note TEXT: why'), actor: (o.by as string) ?? process.env.USER ?? 'hq' });
        if (json) printJson(r);
        else process.stdout.write(`quarantined row ${id} ${r.decision}${r.movementId ? `: movement ${r.movementId} joined the branch's ledger` : ''}${r.reversalId ? `, reversed by ${r.reversalId}` : ''}; the branch's PCs follow at their next sync\n`);
        return 0;
      }
      if (args[0] && args[0] !== 'list') throw new UsageError(`Unknown command "quarantine ${args[0]}".`);
      const r = await store.quarantine({ deviceId: o.device as string | undefined });
      if (json) printJson(r);
      else table(r.map((q) => ({ ...q, decision: q.resolution ? `${q.resolution.decision}: ${q.resolution.note}` : 'open' })) as never, ['id', 'branch', 'deviceId', 'deviceSeq', 'movementId', 'receivedAt', 'reason', 'decision'], 'nothing quarantined');
      return 0;
    }
    case 'parked': {
      const r = await store.parkedReports({ branch: o.branch as string | undefined });
      if (json) printJson(r);
      else table(r.map((p) => ({ ...p, state: p.applied ? 'applied later' : 'parked' })) as never, ['branch', 'deviceId', 'kind', 'key', 'state', 'at', 'reason'], 'nothing parked');
      return 0;
    }
    case 'conflicts': {
      const r = await store.conflicts({ branch: o.branch as string | undefined });
      if (json) printJson(r);
      else table(r.map((c) => ({ at: c.receivedAt, branch: c.branch, sku: c.sku, rule: c.rule, cancelled: `${c.cancelled.kind} ${c.cancelled.qty} by ${c.cancelled.actor}`, device: c.cancelled.deviceId, document: `${c.cancelled.docType} ${c.cancelled.docId}` })),
        ['at', 'branch', 'sku', 'rule', 'cancelled', 'device', 'document'], 'no offline conflicts');
      return 0;
    }
    case 'negative': {
      const r = await store.negativeStock();
      if (json) printJson(r);
      else table(r as never, ['branch', 'sku', 'onHand', 'since'], 'no negative stock');
      return 0;
    }
    case 'verify': {
      const r = await store.verifyChains();
      if (json) printJson(r);
      else process.stdout.write(r.ok ? `ok: ${r.rows} rows of ${r.devices} devices chain correctly\n` : `${r.problems.length} problems:\n${r.problems.map((p) => `  ${p.deviceId} #${p.deviceSeq}: ${p.problem}`).join('\n')}\n`);
      return r.ok ? 0 : 3;
    }
    case 'epoch': {
      const epoch = o.renew ? await store.renewEpoch() : store.epoch;
      if (json) printJson({ epoch });
      else process.stdout.write(`${epoch}\n`);
      return 0;
    }
    default:
      throw new UsageError(`Unknown command "${[command, ...args.slice(0, 1)].join(' ')}".`);
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith?.('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
      process.exitCode = 1;
    } else if (err instanceof HqError) {
      printJson(err.toBody());
      process.exitCode = 2;
    } else {
      process.stderr.write(`stock-ledger-hq: ${(err as Error).stack ?? err}\n`);
      process.exitCode = 1;
    }
  },
);
