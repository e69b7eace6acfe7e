import type { ComponentType } from 'react';
import { AboutScreen } from '../screens/about/AboutScreen';
import { BackupsScreen } from '../screens/backups/BackupsScreen';
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
import { ItemsScreen } from '../screens/items/ItemsScreen';
import { JournalScreen } from '../screens/journal/JournalScreen';

/**
 * The screen registry: the app shell builds its navigation bar and hotkeys from this list.
 * To add a screen: put it in renderer/src/screens/<concern>/ and add ONE entry here.
 *
 * Hotkeys in use: F1 stock, F2 documents, F3 holds, F9 ledger health, F10 clerks & settings,
 * Shift+F1 items, Shift+F2 journal, Shift+F6 sync.
 * Kept for other screens: F4 (stock take), F6 (transfers / sync), F7 (valuation).
 * Taken by the shell or screens: F8 (post a document), F12 (switch clerk). Avoid F5 and F11 (browser).
 *
 * A screen gets no props: it reads what it was opened with from `useNavigation` (app/navigation.ts)
 * and the signed-in clerk from `useSession` (app/session.ts); it talks to the ledger only via api.ts.
 */
export interface ScreenDef {
  id: string;
  title: string;
  /** A key name as in KeyboardEvent.key, e.g. 'F4', or 'Shift+F4'. */
  hotkey?: string;
  component: ComponentType;
  /** false: reached from another screen (e.g. the item detail), not shown in the navigation bar. */
  nav?: boolean;
  /** Shown in the navigation bar to a signed-in manager only (the ledger enforces the commands anyway). */
  managerOnly?: boolean;
}

export const screens: ScreenDef[] = [
  { id: 'stock', title: 'Stock', hotkey: 'F1', component: StockListScreen },
  { id: 'item', title: 'Item', component: ItemScreen, nav: false },
  { id: 'items', title: 'Items', hotkey: 'Shift+F1', component: ItemsScreen },
  { id: 'documents', title: 'Documents', hotkey: 'F2', component: DocumentsScreen },
  { id: 'journal', title: 'Journal', hotkey: 'Shift+F2', component: JournalScreen },
  { id: 'reservations', title: 'Holds', hotkey: 'F3', component: ReservationsScreen },
  { id: 'stocktake', title: 'Stock take', hotkey: 'F4', component: StocktakeScreen },
  { id: 'transfers', title: 'Transfers', hotkey: 'F6', component: TransfersScreen },
  { id: 'valuation', title: 'Valuation', hotkey: 'F7', component: ValuationScreen },
  { id: 'sync', title: 'Sync', hotkey: 'Shift+F6', component: SyncScreen },
  { id: 'health', title: 'Ledger health', hotkey: 'F9', component: HealthScreen },
  { id: 'clerks', title: 'Clerks & settings', hotkey: 'F10', component: ClerksScreen },
  { id: 'backups', title: 'Backups', component: BackupsScreen, managerOnly: true },
  { id: 'about', title: 'About', component: AboutScreen },
];

/** Keys that are not screens, for the key list (the "?" overlay). */
export const otherKeys: Array<{ keys: string; what: string }> = [
  { keys: 'F8 or Ctrl+Enter', what: 'Post the document being written' },
  { keys: 'Alt+1 … Alt+7', what: 'Document type (receipt, sale, return, …) on the Documents screen' },
  { keys: 'Esc', what: 'Clear the search box, close a dialog' },
  { keys: 'Enter', what: 'In a scan box: add the scanned or typed item' },
  { keys: 'Tab / Shift+Tab', what: 'Next / previous field or button' },
  { keys: 'F12', what: 'Switch clerk' },
  { keys: '?', what: 'This list' },
];
