/**
 * Scans arrive faster than a lookup answers (a scanner types a code and Enter in a few ms; the next
 * one can follow 30 ms later). The box is emptied the moment Enter is pressed and each code waits
 * its turn here, so no keystroke of the next scan is lost and lines are added in scan order.
 */
export function createScanQueue(handle: (code: string) => Promise<void>): (code: string) => Promise<void> {
  let tail: Promise<void> = Promise.resolve();
  return (code: string) => {
    tail = tail.then(() => handle(code)).catch(() => undefined);
    return tail;
  };
}
