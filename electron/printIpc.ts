// Printing for the desktop app: the printer dialog (webContents.print) or a PDF (printToPDF + a save
// dialog). Loaded only by main; what can be tested without Electron is in shared/print/desktopPrint.ts.
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { writeFile } from 'node:fs/promises';
import { pdfFileName, readPrintRequest, type PrintOutcome } from '../shared/print/desktopPrint';
import { PRINT_CHANNEL } from './preloadApi';

export function handlePrint(isTrustedSender: (event: IpcMainInvokeEvent) => boolean): void {
  ipcMain.handle(PRINT_CHANNEL, async (event, mode: unknown, payload: { title?: unknown } | undefined): Promise<PrintOutcome> => {
    const request = readPrintRequest(mode, payload?.title);
    if (!isTrustedSender(event) || !request) return { ok: false, error: 'This window may not print that.' };
    const page = event.sender;
    if (request.mode === 'dialog') {
      return new Promise((done) => page.print({ printBackground: true }, (printed, reason) =>
        done(printed || reason === 'cancelled' ? { ok: true, saved: null } : { ok: false, error: `Printing failed: ${reason}` })));
    }
    const window = BrowserWindow.fromWebContents(page);
    const options = { defaultPath: pdfFileName(request.title), filters: [{ name: 'PDF', extensions: ['pdf'] }] };
    const target = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    if (target.canceled || !target.filePath) return { ok: true, saved: null };
    await writeFile(target.filePath, await page.printToPDF({ printBackground: true, pageSize: 'A4' }));
    return { ok: true, saved: target.filePath };
  });
}
