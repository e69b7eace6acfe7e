/**
 * Printing through the desktop app (Electron): the preload offers `window.stockLedger.print`, main
 * answers with `webContents.print` (the printer dialog) or `printToPDF` (save as PDF). The browser
 * served by `stock-ledger app` has no such function and uses `window.print()`.
 */
export type PrintMode = 'dialog' | 'pdf';

export interface PrintRequest {
  mode: PrintMode;
  /** The printout's title: the suggested PDF file name. */
  title: string;
}

/** `saved`: where the PDF went (null when printed, or when the clerk cancelled the save dialog). */
export type PrintOutcome = { ok: true; saved: string | null } | { ok: false; error: string };

export type DesktopPrint = (request: PrintRequest) => Promise<PrintOutcome>;

/** A file name from a printout's title: no path separators or characters Windows refuses, never empty. */
export function pdfFileName(title: string): string {
  const clean = title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120);
  return `${clean || 'Stock Ledger printout'}.pdf`;
}

/** What main accepts from the page: a known mode and a short title; anything else is refused. */
export function readPrintRequest(mode: unknown, title: unknown): PrintRequest | null {
  if (mode !== 'dialog' && mode !== 'pdf') return null;
  if (typeof title !== 'string' || title.length > 500) return null;
  return { mode, title };
}
