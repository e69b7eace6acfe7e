import { create } from 'zustand';
import { call, onLedgerWrite } from '../api';
import type { CommandResult } from '../../../shared/contract';
import { setDisplaySettings } from '../ui/format';

type Status = CommandResult<'app.status'>;

/** Branch settings (time zone for showing dates) and the status-bar facts, fetched through the contract. */
interface BranchState {
  /** False until the settings have loaded: screens wait, so nothing is drawn in the wrong currency. */
  loaded: boolean;
  timeZone: string;
  currency: string;
  locale: string;
  branchCode: string;
  branchName: string;
  status: Status | null;
  statusError: string | null;
  loadSettings(): Promise<void>;
  refreshStatus(): Promise<void>;
}

export const useBranch = create<BranchState>((set) => ({
  loaded: false,
  timeZone: 'UTC',
  currency: 'EUR',
  locale: 'en-GB',
  branchCode: '',
  branchName: '',
  status: null,
  statusError: null,
  loadSettings: async () => {
    const s = await call('settings.get', {});
    setDisplaySettings({ locale: s.locale, currency: s.currency, timeZone: s.timeZone });
    set({ loaded: true, timeZone: s.timeZone, currency: s.currency, locale: s.locale, branchCode: s.branchCode ?? '', branchName: s.branchName });
  },
  refreshStatus: async () => {
    try {
      set({ status: await call('app.status', {}), statusError: null });
    } catch (err) {
      set({ statusError: (err as Error).message });
    }
  },
}));

// The status bar follows every post, not only its poll: a clerk sees the count move as they work.
onLedgerWrite(() => void useBranch.getState().refreshStatus());

export const useTimeZone = () => useBranch((s) => s.timeZone);
