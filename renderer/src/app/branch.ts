import { create } from 'zustand';
import { call, onLedgerWrite } from '../api';
import type { CommandResult } from '../../../shared/contract';

type Status = CommandResult<'app.status'>;

/** Branch settings (time zone for showing dates) and the status-bar facts, fetched through the contract. */
interface BranchState {
  timeZone: string;
  branchCode: string;
  branchName: string;
  status: Status | null;
  statusError: string | null;
  loadSettings(): Promise<void>;
  refreshStatus(): Promise<void>;
}

export const useBranch = create<BranchState>((set) => ({
  timeZone: 'UTC',
  branchCode: '',
  branchName: '',
  status: null,
  statusError: null,
  loadSettings: async () => {
    const s = await call('settings.get', {});
    set({ timeZone: s.timeZone, branchCode: s.branchCode ?? '', branchName: s.branchName });
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
