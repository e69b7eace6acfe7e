/**
 * Scans arrive faster than a lookup answers (a scanner types a code and Enter in a few ms; the next
 * one can follow 30 ms later). The box is emptied the moment Enter is pressed and each code waits
 * its turn here, so no keystroke of the next scan is lost and lines are added in scan order.
 * `idle()` resolves once every scan so far is on the form: posting waits for it, so F8 pressed right
 * after the last scan posts that line too.
 */
export interface ScanQueue {
  (code: string): Promise<void>;
  idle(): Promise<void>;
}

export function createScanQueue(handle: (code: string) => Promise<void>): ScanQueue {
  let tail: Promise<void> = Promise.resolve();
  const enqueue = ((code: string) => {
    tail = tail.then(() => handle(code)).catch(() => undefined);
    return tail;
  }) as ScanQueue;
  enqueue.idle = () => tail;
  return enqueue;
}
