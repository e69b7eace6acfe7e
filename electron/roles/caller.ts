/**
 * Who is calling the command layer. The app's transports (Electron IPC through the worker, the local
 * HTTP API of `stock-ledger app`, the end-to-end page binding) serve people at the till: `ui`, with the
 * clerk signed in on that window. The CLI needs the file itself and acts as the shop's operator: `cli`,
 * trusted, and what it does is marked as CLI in the command log and the trail. In-process scripts (tests,
 * the benchmark, seeding) are operators too (`script`), and nothing extra is written for them.
 */
export interface UiSession {
  /** The clerk signed in through this transport (users.signIn), or null. */
  userId: string | null;
}

export type Caller = { transport: 'ui'; session: UiSession } | { transport: 'cli' } | { transport: 'script' };

export const CLI_CALLER: Caller = { transport: 'cli' };
export const SCRIPT_CALLER: Caller = { transport: 'script' };

export function uiCaller(session: UiSession = { userId: null }): Caller {
  return { transport: 'ui', session };
}
