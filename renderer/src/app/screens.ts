import type { ComponentType } from 'react';
import { AboutScreen } from '../screens/about/AboutScreen';
import { ClerksScreen } from '../screens/clerks/ClerksScreen';
import { DocumentsScreen } from '../screens/documents/DocumentsScreen';
import { HealthScreen } from '../screens/health/HealthScreen';
import { ItemScreen } from '../screens/item/ItemScreen';
import { ReservationsScreen } from '../screens/reservations/ReservationsScreen';
import { StockListScreen } from '../screens/stock/StockListScreen';
import { StocktakeScreen } from '../screens/stocktake/StocktakeScreen';
import { SyncScreen } from '../screens/sync/SyncScreen';
import { TransfersScreen } from '../screens/transfers/TransfersScreen';
import { ValuationScreen } from '../screens/valuation/ValuationScreen';

/**
 * The screen registry: the app shell builds its navigation bar and hotkeys from this list.
 * To add a screen: put it in renderer/src/screens/<concern>/ and add ONE entry here.
 *
 * Hotkeys in use: F1 stock, F2 documents, F3 holds, F9 ledger health, F10 clerks & settings.
 * Kept for other screens: F4 (stock take), F6 (transfers / sync), F7 (valuation).
 * Taken by the shell or screens: F8 (post a document), F12 (switch clerk). Avoid F5 and F11 (browser).
 *
 * A screen gets no props: it reads what it was opened with from `useNavigation` (app/navigation.ts)
 * and the signed-in clerk from `useSession` (app/session.ts); it talks to the ledger only via api.ts.
 */
export interface ScreenDef {
  id: string;
  title: string;
  /** A key name as in KeyboardEvent.key, e.g. 'F4'. */
  hotkey?: string;
  component: ComponentType;
  /** false: reached from another screen (e.g. the item detail), not shown in the navigation bar. */
  nav?: boolean;
}

export const screens: ScreenDef[] = [
  { id: 'stock', title: 'Stock', hotkey: 'F1', component: StockListScreen },
  { id: 'item', title: 'Item', component: ItemScreen, nav: false },
  { id: 'documents', title: 'Documents', hotkey: 'F2', component: DocumentsScreen },
  { id: 'reservations', title: 'Holds', hotkey: 'F3', component: ReservationsScreen },
  { id: 'stocktake', title: 'Stock take', hotkey: 'F4', component: StocktakeScreen },
  { id: 'transfers', title: 'Transfers', hotkey: 'F6', component: TransfersScreen },
  { id: 'valuation', title: 'Valuation', hotkey: 'F7', component: ValuationScreen },
  { id: 'sync', title: 'Sync', component: SyncScreen },
  { id: 'health', title: 'Ledger health', hotkey: 'F9', component: HealthScreen },
  { id: 'clerks', title: 'Clerks & settings', hotkey: 'F10', component: ClerksScreen },
  { id: 'about', title: 'About', component: AboutScreen },
];
