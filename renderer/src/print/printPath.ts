import type { DesktopPrint, PrintOutcome, PrintRequest } from '../../../shared/print/desktopPrint';

/** The desktop app's printing, when `window.stockLedger` (the preload's object) offers it; null in a browser. */
export function desktopPrintOf(api: unknown): DesktopPrint | null {
  const print = (api as { print?: unknown } | null | undefined)?.print;
  return typeof print === 'function' ? (print as DesktopPrint) : null;
}

/**
 * Prints through Electron when it is there (the printer dialog, or a PDF for mode 'pdf'), with the
 * browser's own dialog otherwise (its "Save as PDF" is a printer in that dialog). Never throws: a
 * failure is an outcome the screen can show.
 */
export async function sendToPrinter(request: PrintRequest, desktop: DesktopPrint | null, browserPrint: () => void): Promise<PrintOutcome> {
  try {
    if (desktop) return await desktop(request);
    browserPrint();
    return { ok: true, saved: null };
  } catch (err) {
    return { ok: false, error: `Printing failed: ${(err as Error).message}` };
  }
}
