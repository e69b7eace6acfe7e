import type { CommandOutcome, ErrorCode } from '../../shared/errors';

/**
 * The HTTP status of a command's outcome. The body is exactly what IPC answers; the status lets a
 * script (`curl --fail-with-body`) tell refusals apart without parsing: bad input 400, no such thing
 * 404, refused by the ledger's state 409, not allowed 403, the app's own fault 500.
 */
const STATUS: Partial<Record<ErrorCode, number>> = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  UNKNOWN_COMMAND: 404,
  UNAUTHORIZED: 403,
  FORBIDDEN: 403,
  PAYLOAD_TOO_LARGE: 413,
  INTERNAL: 500,
};

export function statusOf(outcome: CommandOutcome<unknown>): number {
  if (outcome.ok) return 200;
  return STATUS[outcome.error.code] ?? 409;
}
