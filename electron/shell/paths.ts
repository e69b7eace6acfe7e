import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface DataPaths {
  /** The folder holding the ledger, logs and crash dumps: shown on the About screen. */
  dataFolder: string;
  ledgerFile: string;
  logFolder: string;
  crashFolder: string;
}

/**
 * Where the ledger lives. On Windows one machine-wide folder (%ProgramData%\Stock Ledger, created by
 * the installer and writable by every local user), so two clerks' accounts on one till share one ledger
 * and one device id; elsewhere the app's user data folder. STOCK_LEDGER_DB names the ledger file instead
 * (a different disk, a test); the logs then sit beside it.
 */
export function dataPaths(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, userData: string, readSetting: (file: string) => string | null = readText): DataPaths {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const standard = platform === 'win32' ? p.join(env.ProgramData ?? env.ALLUSERSPROFILE ?? 'C:\\ProgramData', 'Stock Ledger') : userData;
  // The setting: `ledger-location.json` in the standard folder, {"ledgerFile": "D:\\Ledger\\shop.sqlite"}, for
  // a till whose ledger lives on another disk. The environment variable wins over it.
  const override = env.STOCK_LEDGER_DB?.trim() || ledgerFileSetting(readSetting(p.join(standard, LOCATION_SETTING)));
  const dataFolder = override ? p.dirname(p.resolve(override)) : standard;
  return {
    dataFolder,
    ledgerFile: override ? p.resolve(override) : p.join(dataFolder, 'stock-ledger.sqlite'),
    logFolder: p.join(dataFolder, 'logs'),
    crashFolder: p.join(dataFolder, 'crashes'),
  };
}

export const LOCATION_SETTING = 'ledger-location.json';

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** The setting's ledger file, or nothing when the file is absent or not what it should be (then the default holds). */
function ledgerFileSetting(text: string | null): string | undefined {
  if (!text) return undefined;
  try {
    const v = (JSON.parse(text) as { ledgerFile?: unknown }).ledgerFile;
    return typeof v === 'string' && v.trim() ? v.trim() : undefined;
  } catch {
    return undefined;
  }
}
