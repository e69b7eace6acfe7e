import type { ProgressEvent } from '../ledger/progress';
import { UPGRADE_URL } from './appProtocol';
import { followUpgrade, type UpgradeStatus } from './upgradePage';

/** What main does with its one window (Electron's BrowserWindow behind it; a fake in tests). */
export interface WindowControl {
  exists(): boolean;
  open(url: string): void;
  navigate(url: string): void;
}

/**
 * The window while the app starts. A normal start opens no window until the ledger is open, as
 * before. A schema upgrade that reports progress first brings up the upgrade page at once (a clerk
 * facing minutes of nothing restarts the PC mid-upgrade); when the ledger is open, or could not be,
 * that same window goes to the app or to the start-up error page.
 */
export class StartupWindow {
  /** The upgrade's latest progress, for the upgrade page; null when the ledger opened without one. */
  upgrade: UpgradeStatus | null = null;
  private settled = false;

  constructor(private readonly window: WindowControl, private readonly now: () => number = Date.now) {}

  /** A progress event from the worker. After start-up, progress belongs to the app's own screens. */
  progress(event: ProgressEvent): void {
    if (this.settled) return;
    this.upgrade = followUpgrade(this.upgrade, event, this.now());
    if (this.upgrade && !this.window.exists()) this.window.open(UPGRADE_URL);
  }

  /**
   * Closing the window now would stop the upgrade: SQLite rolls it back and it starts again, backup and
   * all, at the next start. Compacting comes after the upgrade is saved, so closing then loses nothing.
   */
  get closingStopsUpgrade(): boolean {
    return !this.settled && this.upgrade?.phase === 'upgrade';
  }

  /** The ledger is open (the app's URL) or could not be opened (the error page's): show it. */
  settle(url: string): void {
    this.settled = true;
    if (this.window.exists()) this.window.navigate(url);
    else this.window.open(url);
  }
}

/**
 * What main asks before a window is closed mid-upgrade (Electron's message box; the first button, the
 * default, keeps it running).
 */
export const CLOSE_DURING_UPGRADE = {
  type: 'warning' as const,
  title: 'Stock Ledger is updating the ledger file',
  message: 'Keep Stock Ledger open until the update is done.',
  detail: 'If you close it now, the update stops and starts again from the beginning the next time Stock Ledger opens. Nothing in the ledger is lost either way.',
  buttons: ['Keep updating', 'Close anyway'],
  defaultId: 0,
  cancelId: 0,
};

/** The message box's answer (the index of the button pressed): close only on "Close anyway". */
export const closeAnyway = (answer: number): boolean => CLOSE_DURING_UPGRADE.buttons[answer] === 'Close anyway';
