/** Output helpers for stock-ledger-hq: JSON on request, aligned tables otherwise; stdout stays parseable. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function table(rows: Array<Record<string, unknown>>, columns: string[], empty = '(none)'): void {
  if (!rows.length) {
    process.stdout.write(empty + '\n');
    return;
  }
  const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const numeric = columns.map((c) => rows.every((r) => r[c] === null || r[c] === undefined || typeof r[c] === 'number'));
  const line = (vals: string[]) => vals.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  process.stdout.write([line(columns), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n') + '\n');
}

/** "3 min ago" style, for last-seen columns. */
export function ago(isoTime: string | null, now = Date.now()): string {
  if (!isoTime) return 'never';
  const s = Math.round((now - Date.parse(isoTime)) / 1000);
  if (s < 90) return `${s} s ago`;
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 129_600) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} days ago`;
}
