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
export function dataPaths(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, userData: string): DataPaths {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const override = env.STOCK_LEDGER_DB?.trim();
  const dataFolder = override ? p.dirname(p.resolve(override))
    : platform === 'win32' ? p.join(env.ProgramData ?? env.ALLUSERSPROFILE ?? 'C:\\ProgramData', 'Stock Ledger')
    : userData;
  return {
    dataFolder,
    ledgerFile: override ? p.resolve(override) : p.join(dataFolder, 'stock-ledger.sqlite'),
    logFolder: p.join(dataFolder, 'logs'),
    crashFolder: p.join(dataFolder, 'crashes'),
  };
}
