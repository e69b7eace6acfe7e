/** Typed error codes every command may answer with. One sentence in `message` says what to do. */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'INSUFFICIENT_STOCK',
  'CONFLICT',
  'ALREADY_REVERSED',
  'ALREADY_COMMITTED',
  'UNKNOWN_COMMAND',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'CLOCK_SKEW',
  'SEQUENCE_GAP',
  /** This PC's ledger no longer matches what HQ holds of it (restored backup, lost commit): sync stopped until sync.recover. */
  'DIVERGED',
  'UNSUPPORTED_PROTOCOL',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'OFFLINE',
  'SERVER_ERROR',
  // The ledger worker died while the command was in flight and was started again: it may or may not
  // have been recorded, so the clerk looks before repeating it.
  'LEDGER_RESTARTED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface CommandErrorData {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** Thrown inside handlers; the dispatcher turns it into `{ error }`. */
export class CommandError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'CommandError';
    this.code = code;
    this.details = details;
  }
  toJSON(): CommandErrorData {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export type CommandOutcome<T> = { ok: true; result: T } | { ok: false; error: CommandErrorData };
