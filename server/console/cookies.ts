/** The console's session cookie, read and written without a cookie library (one cookie, fixed attributes). */
export const SESSION_COOKIE = 'hq_console';

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) {
      const value = part.slice(i + 1).trim();
      return /^[A-Za-z0-9_-]{1,200}$/.test(value) ? value : null;
    }
  }
  return null;
}

/** HttpOnly (no script reads it), SameSite=Strict (no other site sends it), Secure when HQ is reached over TLS. */
export function sessionCookie(value: string, options: { maxAgeSeconds: number; secure: boolean }): string {
  return [`${SESSION_COOKIE}=${value}`, 'Path=/console', 'HttpOnly', 'SameSite=Strict', `Max-Age=${options.maxAgeSeconds}`, ...(options.secure ? ['Secure'] : [])].join('; ');
}

export const clearedSessionCookie = (secure: boolean): string => sessionCookie('', { maxAgeSeconds: 0, secure });
