import type { z } from 'zod';
import { version as APP_VERSION } from '../../package.json';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../shared/sync/protocol';

/**
 * A failed exchange with HQ, classified for the scheduler (retry or not, how long to wait) and
 * worded for the clerk. `status` 0 means HQ was not reached or its answer was cut off.
 */
export class HqError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
    readonly details: Record<string, unknown> = {},
    /** HQ's own sentence, when HQ answered with one. */
    readonly serverMessage: string | null = null,
  ) {
    super(message);
    this.name = 'HqError';
  }
}

export interface HttpOptions {
  /** Per request; a request that takes longer is abandoned and retried later. */
  timeoutMs: number;
  now: () => number;
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function plainWords(status: number, code: string, serverMessage: string, serverUrl: string): { message: string; retryable: boolean } {
  if (status === 401) return { message: `HQ does not accept this PC's access any more (${serverMessage}). Ask HQ for a new enrollment code and connect again on the sync screen.`, retryable: false };
  if (status === 403) return { message: `HQ refused: ${serverMessage}`, retryable: false };
  if (status === 413) return { message: 'HQ found a batch too large; sending smaller batches.', retryable: true };
  if (status === 426) return { message: `This app is too old for HQ (${serverMessage}). Update the app; sales keep working meanwhile.`, retryable: false };
  if (status === 429) return { message: `HQ asked this PC to slow down (${serverMessage}). Sync will retry by itself.`, retryable: true };
  if (status >= 500) return { message: `HQ at ${serverUrl} is having trouble (${serverMessage}). Sync will retry by itself; sales keep working.`, retryable: true };
  return { message: `HQ refused the request: ${serverMessage}`, retryable: code === 'SEQUENCE_GAP' };
}

/** One JSON exchange with HQ: protocol header, bearer token, a timeout, errors classified. */
export async function hqRequest<T>(
  serverUrl: string,
  method: 'GET' | 'POST',
  path: string,
  schema: z.ZodType<T>,
  options: HttpOptions & { token?: string; body?: unknown },
): Promise<{ body: T; sentAt: number; receivedAt: number }> {
  // The app's version travels with every request, so HQ's console shows which PCs still need an update.
  const headers: Record<string, string> = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), accept: 'application/json', 'x-stock-ledger-app-version': APP_VERSION };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let payload: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(options.body);
  }
  const sentAt = options.now();
  const signal = AbortSignal.timeout(options.timeoutMs);
  let res: Response;
  let text: string;
  try {
    try {
      res = await fetch(serverUrl + path, { method, headers, body: payload, signal });
      text = await res.text();
    } catch (err) {
      // A pooled keep-alive connection HQ closed meanwhile (restart, idle timeout) fails at once:
      // one immediate retry on a fresh connection. Safe for every route: push is idempotent.
      if (!isCutConnection(err) || signal.aborted) throw err;
      res = await fetch(serverUrl + path, { method, headers, body: payload, signal });
      text = await res.text();
    }
  } catch (err) {
    throw networkError(err, serverUrl, options.timeoutMs);
  }
  const receivedAt = options.now();
  let json: unknown;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    // A cut-off or garbled answer: as if HQ had not answered at all (the request may have landed).
    throw new HqError(0, 'OFFLINE', `HQ's answer arrived incomplete (HTTP ${res.status}). Sync will retry by itself.`, true);
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error;
    const code = err?.code ?? (res.status >= 500 ? 'SERVER_ERROR' : `HTTP_${res.status}`);
    const words = plainWords(res.status, code, err?.message ?? `HTTP ${res.status}`, serverUrl);
    throw new HqError(res.status, code, words.message, words.retryable, parseRetryAfter(res.headers.get('retry-after'), receivedAt), err?.details ?? {}, err?.message ?? null);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new HqError(res.status, 'SERVER_ERROR', `HQ answered in a shape this app does not understand (${parsed.error.issues[0]?.message ?? 'invalid'} at ${parsed.error.issues[0]?.path.join('.') ?? ''}). Check that app and HQ versions match.`, true);
  }
  return { body: parsed.data, sentAt, receivedAt };
}

function isCutConnection(err: unknown): boolean {
  const code = (err as { cause?: { code?: string } }).cause?.code;
  return code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE';
}

function networkError(err: unknown, serverUrl: string, timeoutMs: number): HqError {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') {
    return new HqError(0, 'OFFLINE', `HQ at ${serverUrl} did not answer within ${Math.round(timeoutMs / 1000)} s. Sync will retry by itself; sales keep working offline.`, true);
  }
  const why = e.cause?.code === 'ECONNREFUSED' ? 'connection refused'
    : e.cause?.code === 'ENOTFOUND' ? 'unknown host name'
      : e.cause?.code === 'ECONNRESET' || e.cause?.code === 'UND_ERR_SOCKET' ? 'the connection was cut'
        : e.cause?.message ?? e.message;
  return new HqError(0, 'OFFLINE', `HQ at ${serverUrl} cannot be reached (${why}). Sync will retry by itself; sales keep working offline.`, true);
}
