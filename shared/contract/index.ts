import type { z } from 'zod';
import { documentCommands, type DocumentResults } from './documents';
import { itemCommands, type ItemResults } from './items';
import { itemFacetCommands, type ItemFacetResults } from './itemFacets';
import { userCommands, type UserResults } from './users';
import { ledgerCommands, type LedgerResults } from './ledger';
import { reservationCommands, type ReservationResults } from './reservations';
import { stockCommands, type StockResults } from './stock';
import { stocktakeCommands, type StocktakeResults } from './stocktake';
import { syncCommands, type SyncResults } from './sync';
import { transferCommands, type TransferResults } from './transfers';
import { costCommands, type CostResults } from './costs';
import { setupCommands, type SetupResults } from './setup';
import { backupCommands, type BackupResults } from './backups';
import { strictContract } from '../strict/strictSchema';
import { supportCommands, type SupportResults } from './support';

/**
 * The command contract: every command's name and its runtime input schema. IPC, the CLI, tests and
 * sync all go through these names. Each concern contributes one group; add a group here.
 * Every schema is made strict here (an unknown key is refused, naming the nearest known one), so a
 * group added later is strict too.
 */
export const contract = strictContract({
  ...itemCommands,
  ...documentCommands,
  ...reservationCommands,
  ...stockCommands,
  ...stocktakeCommands,
  ...syncCommands,
  ...transferCommands,
  ...ledgerCommands,
  ...userCommands,
  ...itemFacetCommands,
  ...costCommands,
  ...setupCommands,
  ...backupCommands,
  ...supportCommands,
});

export type Contract = typeof contract;
export type CommandName = keyof Contract;
export type CommandInput<N extends CommandName> = z.input<Contract[N]>;
export type CommandPayload<N extends CommandName> = z.output<Contract[N]>;
export type CommandResults = ItemResults & DocumentResults & ReservationResults & StockResults & SyncResults & TransferResults & LedgerResults & UserResults & ItemFacetResults & StocktakeResults & CostResults & SetupResults & BackupResults & SupportResults;
export type CommandResult<N extends CommandName> = CommandResults[N];

export const COMMAND_NAMES = Object.keys(contract).sort() as CommandName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** The API the preload exposes as `window.stockLedger`: one async function per command. */
export type StockLedgerApi = {
  [N in CommandName]: (payload?: CommandInput<N>) => Promise<import('../errors').CommandOutcome<CommandResult<N>>>;
} & {
  /** Only in the desktop app (the preload): print or save as PDF through Electron (shared/print/desktopPrint.ts). */
  print?: import('../print/desktopPrint').DesktopPrint;
};

export * from './common';
export * from './documents';
export * from './items';
export * from './ledger';
export * from './reservations';
export * from './stock';
export * from './stocktake';
export * from './sync';
export * from './transfers';
export * from './users';
export * from './itemFacets';
export * from './costs';
export * from './setup';
export * from './approval';
export * from './backups';
export * from './support';
