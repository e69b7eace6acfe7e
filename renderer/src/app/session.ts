import { create } from 'zustand';
import type { Clerk } from '../../../shared/contract/users';

/**
 * The clerk signed in at this till. Every movement's actor is this clerk's name: screens read it here
 * and never offer a free-text "who" field.
 */
interface SessionState {
  clerk: Clerk | null;
  /** True while the sign-in screen is over the app (first start, or "switch clerk"). */
  switching: boolean;
  signedIn(clerk: Clerk): void;
  switchClerk(): void;
  cancelSwitch(): void;
  /** The ledger forgot who is signed in (a restored backup reopened it): everyone signs in again. */
  signedOut(): void;
}

export const useSession = create<SessionState>((set) => ({
  clerk: null,
  switching: true,
  signedIn: (clerk) => set({ clerk, switching: false }),
  switchClerk: () => set({ switching: true }),
  cancelSwitch: () => set((s) => ({ switching: s.clerk === null })),
  signedOut: () => set({ clerk: null, switching: true }),
}));

/** The name recorded as the actor of what this clerk does. */
export function currentActor(): string {
  const clerk = useSession.getState().clerk;
  if (!clerk) throw new Error('No clerk is signed in. Press F12 and sign in first.');
  return clerk.name;
}
