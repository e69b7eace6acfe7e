import { displaySettings } from '../../ui/format';

/** Date and time to the second in the branch's zone: two backups of the same minute must be told apart. */
export function fmtWhen(iso: string): string {
  const d = displaySettings();
  return new Intl.DateTimeFormat(d.locale, { timeZone: d.timeZone, dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
}

export function fmtBytes(n: number): string {
  if (n < 1024 * 1024) return `${Math.max(1, Math.round(n / 1024)).toLocaleString('en-GB')} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;
  return `${(n / 1024 ** 3).toLocaleString('en-GB', { maximumFractionDigits: 2 })} GB`;
}
