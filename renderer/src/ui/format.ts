/**
 * Display helpers only: numbers, money and times as the clerk reads them, in the branch's locale,
 * currency and time zone (settings `locale`, `currency`, `timeZone`; `setDisplaySettings` is called
 * when they load). No stock rule lives here. Every negative number is written with one minus sign (−).
 */
export interface DisplaySettings { locale: string; currency: string; timeZone: string }

let display: DisplaySettings = { locale: 'en-GB', currency: 'EUR', timeZone: 'UTC' };
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

export function setDisplaySettings(next: DisplaySettings): void {
  display = { ...next };
  cache.clear();
}
export const displaySettings = (): DisplaySettings => display;

function numberFormat(kind: 'int' | 'money' | 'amount'): Intl.NumberFormat {
  const key = `n|${kind}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = kind === 'int' ? new Intl.NumberFormat(display.locale, { maximumFractionDigits: 0 })
      : kind === 'money' ? new Intl.NumberFormat(display.locale, { style: 'currency', currency: display.currency })
      : new Intl.NumberFormat(display.locale, { minimumFractionDigits: minorDigits(), maximumFractionDigits: minorDigits() });
    cache.set(key, f);
  }
  return f;
}

/** Digits after the decimal point of the branch currency (2 for EUR, 0 for JPY). */
export function minorDigits(): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency: display.currency }).resolvedOptions().maximumFractionDigits ?? 2;
}
const minorScale = () => 10 ** minorDigits();

/** One minus sign everywhere: locales write "-" (hyphen-minus) or "−"; the screen always shows "−". */
const oneMinus = (s: string) => s.replace(/[-\u2212]/g, '−');

export function fmtQty(n: number): string {
  return oneMinus(numberFormat('int').format(n));
}

/** A change: always signed, so a statement line reads "+24" or "−3". */
export function fmtDelta(n: number): string {
  if (n === 0) return '0';
  return n > 0 ? `+${numberFormat('int').format(n)}` : oneMinus(numberFormat('int').format(n));
}

/** Minor units as money in the branch currency and locale: "€1,358.51" (en-GB), "1.358,51 €" (de-DE). */
export function fmtMoney(minor: number | null): string {
  return minor === null ? '' : oneMinus(numberFormat('money').format(minor / minorScale()));
}

/** An amount without the currency sign, for a form field the clerk edits ("3.50" / "3,50"). */
export function fmtAmount(minor: number | null): string {
  return minor === null ? '' : oneMinus(numberFormat('amount').format(minor / minorScale())).replace(/\s/g, '');
}

/** What the clerk typed as an amount ("3.50", "3,50", "1.358,51") in minor units; NaN when it is no amount. */
export function parseAmount(text: string): number | undefined {
  let t = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (!t) return undefined;
  const lastSep = Math.max(t.lastIndexOf('.'), t.lastIndexOf(','));
  const digits = minorDigits();
  // The last separator followed by 1..digits figures is the decimal point; any other is grouping.
  const whole = (w: string) => (/^\d+$/.test(w) || /^\d{1,3}([.,]\d{3})+$/.test(w) ? w.replace(/[.,]/g, '') : null);
  if (lastSep >= 0 && t.length - lastSep - 1 <= digits && t.length - lastSep - 1 > 0) {
    const w = whole(t.slice(0, lastSep) || '0');
    if (w === null || /[.,]/.test(t.slice(lastSep + 1))) return Number.NaN;
    t = `${w}.${t.slice(lastSep + 1)}`;
  } else {
    const w = whole(t);
    if (w === null) return Number.NaN;
    t = w;
  }
  if (!/^\d+(\.\d+)?$/.test(t)) return Number.NaN;
  return Math.round(Number(t) * minorScale());
}

function dateFormat(kind: 'dateTime' | 'day' | 'time'): Intl.DateTimeFormat {
  const key = `d|${kind}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    const tz = { timeZone: display.timeZone };
    f = kind === 'dateTime' ? new Intl.DateTimeFormat(display.locale, { ...tz, dateStyle: 'medium', timeStyle: 'short' })
      : kind === 'day' ? new Intl.DateTimeFormat(display.locale, { ...tz, dateStyle: 'medium' })
      : new Intl.DateTimeFormat(display.locale, { ...tz, timeStyle: 'short' });
    cache.set(key, f);
  }
  return f;
}

/** "14 Mar 2026, 10:30" (en-GB) in the branch's time zone. The zone argument is kept for callers' clarity. */
export function fmtDateTime(iso: string | null, _timeZone?: string): string {
  if (!iso) return '';
  return dateFormat('dateTime').format(new Date(iso));
}

export function fmtDay(iso: string, _timeZone?: string): string {
  return dateFormat('day').format(new Date(iso));
}

export function fmtTime(iso: string): string {
  return dateFormat('time').format(new Date(iso));
}

/** "in 3 h", "in 2 days", "2 h ago": how soon a hold runs out. */
export function fmtRelative(iso: string, now: number = Date.now()): string {
  const ms = Date.parse(iso) - now;
  const abs = Math.abs(ms);
  const text = abs < 3_600_000 ? `${Math.max(1, Math.round(abs / 60_000))} min` : abs < 172_800_000 ? `${Math.round(abs / 3_600_000)} h` : `${Math.round(abs / 86_400_000)} days`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

/** "1 item", "3 items": a count with its noun, never "1 items". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmtQty(n)} ${n === 1 ? one : many}`;
}

/** The short form of a long id (UUIDs) for a table cell; the full id is in the title tooltip. */
export function shortId(id: string): string {
  const m = /^(.*?)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.exec(id);
  return m ? `${m[1]}…${id.slice(-6)}` : id;
}
