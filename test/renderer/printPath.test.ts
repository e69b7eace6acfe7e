import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { pdfFileName, readPrintRequest } from '../../shared/print/desktopPrint';
import { desktopPrintOf, sendToPrinter } from '../../renderer/src/print/printPath';
import { REPO_ROOT } from '../helpers/bundleScript';

/**
 * The renderer's print module picks its path from what the window offers: Electron's print (the
 * preload's `stockLedger.print`) in the desktop app, `window.print()` in a browser.
 */
describe('printing from the renderer', () => {
  it('uses Electron\'s print when window.stockLedger offers it, never the browser\'s dialog', async () => {
    const desktop = vi.fn(async () => ({ ok: true as const, saved: '/home/anna/Receipt DEL-50.pdf' }));
    const browserPrint = vi.fn();
    const chosen = desktopPrintOf({ 'stock.get': () => undefined, print: desktop });
    expect(chosen).toBe(desktop);
    expect(await sendToPrinter({ mode: 'pdf', title: 'Receipt DEL-50' }, chosen, browserPrint)).toEqual({ ok: true, saved: '/home/anna/Receipt DEL-50.pdf' });
    await sendToPrinter({ mode: 'dialog', title: 'Transfer note TR-1' }, chosen, browserPrint);
    expect(desktop.mock.calls).toEqual([[{ mode: 'pdf', title: 'Receipt DEL-50' }], [{ mode: 'dialog', title: 'Transfer note TR-1' }]]);
    expect(browserPrint).not.toHaveBeenCalled();
  });

  it('uses the browser\'s print dialog when the window has no desktop print (the served app, over HTTP)', async () => {
    const browserPrint = vi.fn();
    const chosen = desktopPrintOf({ 'stock.get': () => undefined });
    expect(chosen).toBeNull();
    expect(desktopPrintOf(undefined)).toBeNull();
    expect(await sendToPrinter({ mode: 'dialog', title: 'Count sheet S-1' }, chosen, browserPrint)).toEqual({ ok: true, saved: null });
    expect(browserPrint).toHaveBeenCalledTimes(1);
  });

  it('says so when Electron could not print, instead of throwing into the screen', async () => {
    const failing = desktopPrintOf({ print: async () => { throw new Error('no printer'); } });
    expect(await sendToPrinter({ mode: 'dialog', title: 'Receipt' }, failing, () => undefined)).toEqual({ ok: false, error: 'Printing failed: no printer' });
  });

  it('printNow asks this module with window.stockLedger and window.print (read as source: it needs a DOM)', () => {
    const store = readFileSync(join(REPO_ROOT, 'renderer/src/print/printStore.ts'), 'utf8');
    expect(store).toMatch(/desktopPrintOf\(\(globalThis as \{ stockLedger\?: unknown \}\)\.stockLedger\)/);
    expect(store).toMatch(/sendToPrinter\(\{ mode, title \}, desktopPrint\(\), \(\) => window\.print\(\)\)/);
  });
});

describe('what main accepts and names', () => {
  it('takes only a known mode and a short title, and makes a safe PDF file name', () => {
    expect(readPrintRequest('pdf', 'Receipt DEL-50')).toEqual({ mode: 'pdf', title: 'Receipt DEL-50' });
    expect(readPrintRequest('shell', 'x')).toBeNull();
    expect(readPrintRequest('dialog', 42)).toBeNull();
    expect(readPrintRequest('dialog', 'x'.repeat(501))).toBeNull();
    expect(pdfFileName('Transfer note LIS-01/TR:7?')).toBe('Transfer note LIS-01 TR 7.pdf');
    expect(pdfFileName('  ')).toBe('Stock Ledger printout.pdf');
  });
});
