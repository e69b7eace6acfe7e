import type { ErrorCode } from '../shared/errors';

/**
 * A refusal HQ answers with: an HTTP status, a code from the shared error codes, and one sentence
 * saying what was wrong and what to do. Every HTTP error body is `{ error: { code, message, details? } }`.
 * Thrown by the store (inside a transaction, so a refused push stores nothing) and by the routes.
 */
export class HqError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    /** Seconds, for 429 and 503. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'HqError';
  }

  toBody(): { error: { code: string; message: string; details?: Record<string, unknown> } } {
    return { error: this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details } };
  }
}
