/** Display helpers only: numbers and times as the clerk reads them. No stock rule lives here. */
const int = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

export function fmtQty(n: number): string {
  return n < 0 ? `−${int.format(-n)}` : int.format(n);
}

/** A change: always signed, so a statement line reads "+24" or "−3". */
export function fmtDelta(n: number): string {
  if (n === 0) return '0';
  return n > 0 ? `+${int.format(n)}` : `−${int.format(-n)}`;
}

export function fmtMoney(minor: number | null): string {
  return minor === null ? '' : (minor / 100).toFixed(2);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** "2026-03-14 10:30" in the branch's time zone. */
export function fmtDateTime(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  const parts = Object.fromEntries(formatter(timeZone, true).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

export function fmtDay(iso: string, timeZone: string): string {
  return formatter(timeZone, false).format(new Date(iso));
}

/** "in 3 h", "in 2 days", "2 h ago": how soon a hold runs out. */
export function fmtRelative(iso: string, now: number = Date.now()): string {
  const ms = Date.parse(iso) - now;
  const abs = Math.abs(ms);
  const text = abs < 3_600_000 ? `${Math.max(1, Math.round(abs / 60_000))} min` : abs < 172_800_000 ? `${Math.round(abs / 3_600_000)} h` : `${Math.round(abs / 86_400_000)} days`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

/** The short form of a long id (UUIDs) for a table cell; the full id is in the title tooltip. */
export function shortId(id: string): string {
  const m = /^(.*?)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.exec(id);
  return m ? `${m[1]}…${id.slice(-6)}` : id;
}
