// The Electron main process: app lifecycle and the window only. Commands are relayed to the ledger
// worker; nothing here touches SQLite.
import { app, BrowserWindow, ipcMain, shell, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CommandName } from '../shared/contract';
import { COMMAND_NAMES } from './commandNames';
import { WorkerHost } from './host/workerHost';
import { CALL_CHANNEL } from './preloadApi';

const rendererIndex = path.join(__dirname, '..', 'renderer', 'index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;
// Electron starts worker threads from inside the asar; only better-sqlite3's .node file is unpacked.
const workerFile = path.join(__dirname, 'worker.js');

const commandNames: ReadonlySet<string> = new Set(COMMAND_NAMES);
const isCommandName = (name: unknown): name is CommandName => typeof name === 'string' && commandNames.has(name);

let host: WorkerHost | null = null;
let mainWindow: BrowserWindow | null = null;

function ledgerFile(): string {
  return process.env.STOCK_LEDGER_DB ?? path.join(app.getPath('userData'), 'stock-ledger.sqlite');
}

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  return event.sender === mainWindow?.webContents && (event.senderFrame?.url ?? '').startsWith(rendererUrl);
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    title: 'Stock Ledger',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, 'preload.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  mainWindow.removeMenu();
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  // The window only ever shows our renderer; links open in the user's browser.
  mainWindow.webContents.on('will-navigate', (e, url) => { if (url !== rendererUrl) e.preventDefault(); });
  mainWindow.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void mainWindow.loadFile(rendererIndex);
}

void app.whenReady().then(() => {
  host = new WorkerHost(workerFile, ledgerFile());
  ipcMain.handle(CALL_CHANNEL, async (event, name: unknown, payload: unknown) => {
    if (!isTrustedSender(event)) return { ok: false, error: { code: 'FORBIDDEN', message: 'This window may not use the ledger.' } };
    if (!isCommandName(name)) return { ok: false, error: { code: 'UNKNOWN_COMMAND', message: `There is no command named ${JSON.stringify(name)}.` } };
    return host!.call(name, payload);
  });
  createWindow();
  app.on('activate', () => { if (BrowserWindow.getAllWindows().length === 0) createWindow(); });
});

app.on('window-all-closed', () => {
  void host?.close().finally(() => app.quit());
});
