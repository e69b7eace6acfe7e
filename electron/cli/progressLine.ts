import type { ProgressEvent } from '../ledger/progress';

/** A single self-overwriting progress line on stderr (stdout stays clean for JSON). */
export function progressLine(stream: NodeJS.WriteStream = process.stderr): { update(e: ProgressEvent): void; done(): void } {
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    update(e) {
      const now = Date.now();
      if (now - last < 200 && (!e.total || e.done < e.total)) return;
      last = now;
      const pct = e.total ? Math.floor((e.done / e.total) * 100) : 0;
      const rate = e.done / Math.max((now - started) / 1000, 0.001);
      const count = e.total ? `${e.done.toLocaleString('en')} / ${e.total.toLocaleString('en')} (${pct}%)` : e.done.toLocaleString('en');
      const line = `${e.task}: ${count} ${Math.round(rate).toLocaleString('en')}/s`;
      stream.write(stream.isTTY ? `\r${line}\x1b[K` : `${line}\n`);
      shown = true;
    },
    done() { if (shown && stream.isTTY) stream.write('\n'); },
  };
}
