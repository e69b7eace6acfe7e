/** How long ago an ISO time was, in words an operator reads at a glance. */
export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const s = Math.round((now - Date.parse(iso)) / 1000);
  if (s < 0) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

export const when = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '—');

export function skew(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  if (Math.abs(s) < 5) return 'in step';
  return `${s > 0 ? '+' : '−'}${Math.abs(s) >= 120 ? `${Math.round(Math.abs(s) / 60)} min` : `${Math.abs(s)} s`}`;
}

export const signed = (n: number): string => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');
