import { empty } from './common';

/** The About / support screen: what support asks for on the phone, and a bundle to send them. */
export const supportCommands = {
  'support.about': empty,
  /** Writes a zip (logs, ledger.check and ledger.verify reports, settings; never the device token) into the data folder. */
  'support.bundle': empty,
};

export interface SupportAbout {
  appVersion: string | null;
  dataFolder: string;
  ledgerFile: string;
  /** The ledger file and its write-ahead log, in bytes. */
  fileBytes: number;
  deviceId: string;
  branchCode: string;
  branchName: string;
  hqAddress: string | null;
  lastSyncAt: string | null;
  logFolder: string | null;
}

export interface SupportResults {
  'support.about': SupportAbout;
  'support.bundle': { file: string; bytes: number; entries: string[]; checkOk: boolean; verifyOk: boolean };
}

