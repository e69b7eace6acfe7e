import type { CommandName } from '../../shared/contract';
import { documentHandlers } from './documents';
import type { Handlers } from './handler';
import { itemHandlers } from './items';
import { ledgerHandlers } from './ledger';
import { reservationHandlers } from './reservations';
import { stockHandlers } from './stock';
import { syncHandlers } from './sync';
import { transferHandlers } from './transfers';
import { stocktakeHandlers } from './stocktake';
import { userHandlers } from './users';
import { itemFacetHandlers } from './itemFacets';
import { costHandlers } from './costs';
import { setupHandlers } from './setup';
import { backupHandlers } from './backups';
import { supportHandlers } from './support';

/** One handler per contract command; the type makes a missing or misspelt one a compile error. */
export const handlers: Handlers<CommandName> = {
  ...itemHandlers,
  ...documentHandlers,
  ...reservationHandlers,
  ...stockHandlers,
  ...syncHandlers,
  ...transferHandlers,
  ...stocktakeHandlers,
  ...ledgerHandlers,
  ...userHandlers,
  ...itemFacetHandlers,
  ...costHandlers,
  ...setupHandlers,
  ...backupHandlers,
  ...supportHandlers,
};
