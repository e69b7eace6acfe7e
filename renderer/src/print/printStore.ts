import type { ReactNode } from 'react';
import { create } from 'zustand';
import type { DesktopPrint, PrintMode, PrintOutcome } from '../../../shared/print/desktopPrint';
import { desktopPrintOf, sendToPrinter } from './printPath';

/**
 * What is being printed. The print root (hidden on screen, the only thing shown on paper) renders the
 * job; `printNow` waits for it to be drawn, then asks for the print dialog: Chromium's in the browser,
 * Electron's in the desktop app (webContents.print, or printToPDF for "Save as PDF", electron/printIpc.ts).
 * The job stays until the next one, so "print again" and a PDF of the page both show it.
 */
interface PrintState {
  title: string;
  job: ReactNode | null;
  /** Bumped per print, so a test (or the app) can tell a new printout is ready. */
  count: number;
}

export const usePrint = create<PrintState>(() => ({ title: '', job: null, count: 0 }));

/** The desktop app's printing (Electron, via the preload), or null in a browser. */
export function desktopPrint(): DesktopPrint | null {
  return desktopPrintOf((globalThis as { stockLedger?: unknown }).stockLedger);
}

/** Draws the job, then prints it (./printPath.ts picks Electron or the browser's dialog). */
export async function printNow(title: string, job: ReactNode, mode: PrintMode = 'dialog'): Promise<PrintOutcome> {
  usePrint.setState((s) => ({ title, job, count: s.count + 1 }));
  await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
  const before = document.title;
  document.title = title; // the suggested file name of "Save as PDF"
  try {
    return await sendToPrinter({ mode, title }, desktopPrint(), () => window.print());
  } finally {
    document.title = before;
  }
}
