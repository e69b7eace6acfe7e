import type { ReactNode } from 'react';
import { create } from 'zustand';

/**
 * What is being printed. The print root (hidden on screen, the only thing shown on paper) renders the
 * job; `printNow` waits for it to be drawn, then asks for the print dialog: Chromium's in the browser,
 * Electron's (print or save as PDF) in the desktop app, where window.print() opens the same dialog.
 * The job stays until the next one, so "print again" and a PDF of the page both show it.
 */
interface PrintState {
  title: string;
  job: ReactNode | null;
  /** Bumped per print, so a test (or the app) can tell a new printout is ready. */
  count: number;
}

export const usePrint = create<PrintState>(() => ({ title: '', job: null, count: 0 }));

export async function printNow(title: string, job: ReactNode): Promise<void> {
  usePrint.setState((s) => ({ title, job, count: s.count + 1 }));
  await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
  const before = document.title;
  document.title = title; // the suggested file name of "Save as PDF"
  try { window.print(); } finally { document.title = before; }
}
