import { useState } from 'react';
import { create } from 'zustand';
import type { ManagerApproval } from '../../../shared/contract';
import { setApprovalProvider } from '../api';

/**
 * Manager override: when the ledger answers APPROVAL_REQUIRED, a manager approves on the spot with their
 * name and PIN, and the same command is sent again with the approval (which the ledger checks and records).
 */
interface ApprovalState {
  pending: { message: string; resolve(a: ManagerApproval | null): void } | null;
  ask(message: string): Promise<ManagerApproval | null>;
}

export const useApproval = create<ApprovalState>((set) => ({
  pending: null,
  ask: (message) => new Promise((resolve) => set({ pending: { message, resolve: (a) => { set({ pending: null }); resolve(a); } } })),
}));

setApprovalProvider((message) => useApproval.getState().ask(message));

export function ApprovalDialog() {
  const pending = useApproval((s) => s.pending);
  const [manager, setManager] = useState('');
  const [pin, setPin] = useState('');
  if (!pending) return null;
  const done = (a: ManagerApproval | null) => { setPin(''); pending.resolve(a); };
  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="Manager approval" data-testid="approval">
      <form className="panel modal" onSubmit={(e) => { e.preventDefault(); done({ manager, pin }); }} onKeyDown={(e) => { if (e.key === 'Escape') done(null); }}>
        <h2>Manager approval</h2>
        <div data-testid="approval-reason">{pending.message}</div>
        <label>Manager <input autoFocus data-testid="approval-manager" value={manager} onChange={(e) => setManager(e.target.value)} /></label>
        <label>PIN <input type="password" inputMode="numeric" className="pin" data-testid="approval-pin" value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="off" /></label>
        <div style={{ display: 'flex', gap: 8 }}>
          <button type="submit" className="btn primary" data-testid="approval-submit">Approve</button>
          <button type="button" className="btn" data-testid="approval-cancel" onClick={() => done(null)}>Cancel</button>
        </div>
      </form>
    </div>
  );
}
