/**
 * Who is calling the command layer. The app's transports (Electron IPC through the worker, the local
 * HTTP API of `stock-ledger app`, the end-to-end page binding) serve people at the till: `ui`, with the
 * clerk signed in on that window. The CLI and in-process scripts need the file itself and act as the
 * shop's operator: `cli`, trusted, marked as such in the command log.
 */
export interface UiSession {
  /** The clerk signed in through this transport (users.signIn), or null. */
  userId: string | null;
}

export type Caller = { transport: 'ui'; session: UiSession } | { transport: 'cli' };

export const CLI_CALLER: Caller = { transport: 'cli' };

export function uiCaller(session: UiSession = { userId: null }): Caller {
  return { transport: 'ui', session };
}
