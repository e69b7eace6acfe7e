/**
 * The console's only door to HQ: same-origin JSON under /console/api, the session cookie sent by the
 * browser, and the session's CSRF token on every write.
 */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: Record<string, unknown>) {
    super(message);
  }
}

let csrf = '';
export const setCsrf = (token: string): void => { csrf = token; };
let onSignedOut: () => void = () => undefined;
export const whenSignedOut = (fn: () => void): void => { onSignedOut = fn; };

export async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  let res: Response;
  try {
    res = await fetch(`/console/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'OFFLINE', 'HQ did not answer; check the connection and try again.');
  }
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const e = data?.error ?? {};
    if (res.status === 401 && path !== '/login') onSignedOut();
    throw new ApiError(res.status, e.code ?? 'ERROR', e.message ?? `HQ answered ${res.status}.`, e.details);
  }
  return data as T;
}

export const get = <T>(path: string): Promise<T> => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown): Promise<T> => api<T>('POST', path, body ?? {});
