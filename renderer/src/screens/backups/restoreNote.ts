/** A restore's outcome, kept across the sign-in that follows it (the screen is remounted after it). */
export interface RestoreNote { text: string }

let note: RestoreNote | null = null;
export const lastRestore = {
  set(n: RestoreNote): void { note = n; },
  take(): RestoreNote | null { const n = note; note = null; return n; },
};
