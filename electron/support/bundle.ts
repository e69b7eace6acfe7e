import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SupportAbout, SupportResults } from '../../shared/contract/support';
import type { CommandContext } from '../commands/context';
import { readSettings } from '../ledger/settings';
import { ledgerHandlers } from '../commands/ledger';
import { syncStatus } from '../sync/status';
import { zip, type ZipEntry } from './zip';

const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);

export function supportAbout(ctx: CommandContext): SupportAbout {
  const { ledger } = ctx;
  const settings = readSettings(ledger.db);
  const sync = syncStatus(ledger);
  return {
    appVersion: ctx.environment?.appVersion ?? null,
    dataFolder: dirname(ledger.file),
    ledgerFile: ledger.file,
    fileBytes: size(ledger.file) + size(`${ledger.file}-wal`),
    deviceId: ledger.deviceId,
    branchCode: settings.branchCode,
    branchName: settings.branchName,
    hqAddress: sync.serverUrl,
    lastSyncAt: sync.lastSuccessAt,
    logFolder: ctx.environment?.logFolder ?? null,
  };
}

/**
 * What support needs to help a shop without remote access: the About facts, settings and sync state
 * (the server address, never the device token: nothing is read from the token's storage), the cache
 * check and the chain verification, and the log files. Written as a zip into the data folder.
 */
export async function writeSupportBundle(ctx: CommandContext): Promise<SupportResults['support.bundle']> {
  const about = supportAbout(ctx);
  // Exactly what the ledger.check and ledger.verify commands answer.
  const check = await ledgerHandlers['ledger.check']({}, ctx);
  const verify = await ledgerHandlers['ledger.verify']({}, ctx);
  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  const entries: ZipEntry[] = [
    { name: 'about.json', data: json({ ...about, writtenAt: new Date(ctx.now()).toISOString(), platform: process.platform, node: process.versions.node, electron: process.versions.electron ?? null }) },
    { name: 'settings.json', data: json({ settings: readSettings(ctx.ledger.db), sync: syncStatus(ctx.ledger) }) },
    { name: 'ledger-check.json', data: json(check) },
    { name: 'ledger-verify.json', data: json(verify) },
  ];
  const logs = about.logFolder;
  if (logs && existsSync(logs)) {
    for (const f of readdirSync(logs).filter((n) => n.endsWith('.log')).sort()) entries.push({ name: `logs/${f}`, data: readFileSync(join(logs, f)) });
  }
  const folder = join(about.dataFolder, 'support');
  mkdirSync(folder, { recursive: true });
  const stamp = new Date(ctx.now()).toISOString().replace(/[:.]/g, '-');
  const file = join(folder, `stock-ledger-support-${about.branchCode}-${stamp}.zip`);
  const data = zip(entries);
  writeFileSync(file, data);
  return { file, bytes: data.length, entries: entries.map((e) => e.name), checkOk: check.ok, verifyOk: verify.ok };
}
