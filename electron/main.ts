// The Electron main process: app lifecycle, the window and the security settings only. Commands are
// relayed to the ledger worker; nothing here touches SQLite. Kept thin: everything testable lives in
// electron/shell/ and electron/host/ (plain Node modules, tested under vitest without Electron).
import { app, BrowserWindow, crashReporter, dialog, ipcMain, Menu, protocol, safeStorage, screen, session, shell, type IpcMainInvokeEvent } from 'electron';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CommandName } from '../shared/contract';
import { COMMAND_NAMES } from './commandNames';
import { WorkerHost } from './host/workerHost';
import { WorkerStartupError } from './host/startupProblem';
import { rotatingLog } from './logging/rotatingLog';
import { keychainSecretsKey } from './safety/keychain';
import { safeStorageSealer } from './safety/safeStorageSealer';
import { CALL_CHANNEL } from './preloadApi';
import { handlePrint } from './printIpc';
import { APP_SCHEME, isAppOrigin, RENDERER_CSP, RENDERER_URL, resolveAppRequest, STARTUP_ERROR_URL, STARTUP_PAGE_CSP, UPGRADE_URL } from './shell/appProtocol';
import { dataPaths } from './shell/paths';
import { startupErrorPage } from './shell/startupPage';
import { CLOSE_DURING_UPGRADE, closeAnyway, StartupWindow } from './shell/startupWindow';
import { upgradePage } from './shell/upgradePage';
import { restoreWindowState, saveWindowState } from './shell/windowState';

const rendererDir = path.join(__dirname, '..', 'renderer');
// Electron starts worker threads from inside the asar; only better-sqlite3's .node file is unpacked.
const workerFile = path.join(__dirname, 'worker.js');
const commandNames: ReadonlySet<string> = new Set(COMMAND_NAMES);
const isCommandName = (name: unknown): name is CommandName => typeof name === 'string' && commandNames.has(name);

const paths = dataPaths(process.env, process.platform, app.getPath('userData'));
const log = rotatingLog(paths.logFolder, 'main');
const windowStateFile = path.join(app.getPath('userData'), 'window-state.json');
let host: WorkerHost | null = null;
let mainWindow: BrowserWindow | null = null;
let startupPage: string | null = null;
// The upgrade page while a new version upgrades the ledger file, then the app (or the error page) in that window.
const startup = new StartupWindow({ exists: () => mainWindow !== null, open: createWindow, navigate: (url) => void mainWindow?.loadURL(url) });

// One app per PC session: a second launch focuses the first window (two workers and two sync loops
// on one file would be two writers racing for nothing).
if (!app.requestSingleInstanceLock()) {
  app.exit(0);
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.setPath('crashDumps', paths.crashFolder);
  // Crash dumps stay on this PC (the support bundle picks them up); nothing is uploaded.
  crashReporter.start({ uploadToServer: false });
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  void app.whenReady().then(start);
}

process.on('uncaughtException', (err) => { log.error('uncaught exception in main', err); });

function serveApp(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const startupHtml = (html: string) => new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': STARTUP_PAGE_CSP, 'cache-control': 'no-store' } });
    if (request.url === STARTUP_ERROR_URL && startupPage) return startupHtml(startupPage);
    if (request.url === UPGRADE_URL && startup.upgrade) return startupHtml(upgradePage(startup.upgrade, { now: Date.now(), version: app.getVersion() }));
    const target = resolveAppRequest(request.url, rendererDir);
    if (!target) return new Response('Not found', { status: 404 });
    // Read with Electron's asar-aware fs (not a file:// fetch: the app grants file:// nothing, see the fuses).
    const body = await readFile(target.file).catch(() => null);
    if (!body) return new Response('Not found', { status: 404 });
    return new Response(body, { headers: { 'content-type': target.contentType, 'content-security-policy': RENDERER_CSP } });
  });
}

function lockDownSessions(): void {
  // The app needs no camera, notifications, geolocation or anything else a page may ask for.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, decide) => decide(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.on('will-navigate', (e, url) => { if (!isAppOrigin(url)) e.preventDefault(); });
    contents.setWindowOpenHandler(({ url }) => {
      if (url.startsWith('https://')) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

function buildMenu(): void {
  app.setAboutPanelOptions({ applicationName: 'Stock Ledger', applicationVersion: app.getVersion(), copyright: 'Stock Ledger', website: 'https://stockledger.example' });
  Menu.setApplicationMenu(Menu.buildFromTemplate([
    { label: 'File', submenu: [{ role: 'quit' }] },
    { label: 'View', submenu: [{ role: 'zoomIn', accelerator: 'CommandOrControl+=' }, { role: 'zoomOut' }, { role: 'resetZoom' }, { type: 'separator' }, { role: 'togglefullscreen' }] },
    { label: 'Help', submenu: [{ label: 'About Stock Ledger', click: () => app.showAboutPanel() }, { label: 'Open log folder', click: () => void shell.openPath(paths.logFolder) }] },
  ]));
}

// Only our own page, in our window, may use the ledger.
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  return event.sender === mainWindow?.webContents && isAppOrigin(event.senderFrame?.url) && event.senderFrame?.parent === null;
}

function createWindow(url: string): void {
  const state = restoreWindowState(windowStateFile, screen.getAllDisplays().map((d) => d.workArea));
  mainWindow = new BrowserWindow({
    width: state.width,
    height: state.height,
    x: state.x,
    y: state.y,
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
  const win = mainWindow;
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', (e) => {
    if (!mayStopUpgrade()) { e.preventDefault(); return; }
    saveWindowState(windowStateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
  });
  win.on('closed', () => { mainWindow = null; });
  // The page has no file access: its errors (a screen that failed to render, say) reach the log from here.
  win.webContents.on('console-message', (e) => {
    if (e.level === 'error') log.warn('renderer error', { message: e.message, source: e.sourceId, line: e.lineNumber });
  });
  win.webContents.on('render-process-gone', (_e, details) => log.error('renderer gone', undefined, { reason: details.reason, exitCode: details.exitCode }));
  void win.loadURL(url);
}

async function start(): Promise<void> {
  log.info('starting', { version: app.getVersion(), ledger: paths.ledgerFile });
  serveApp();
  lockDownSessions();
  buildMenu();
  // The device key and token: sealed with the OS keychain (safeStorage) when there is one, else the 0600 file.
  const secretsKey = keychainSecretsKey(paths.ledgerFile, safeStorageSealer(safeStorage), log);
  host = new WorkerHost(workerFile, paths.ledgerFile, {
    workerData: { logDir: paths.logFolder, appVersion: app.getVersion(), secretsKey },
    onProgress: (e) => startup.progress(e),
    onRestart: (e) => log.error('ledger worker died and was restarted', undefined, e),
  });
  ipcMain.handle(CALL_CHANNEL, async (event, name: unknown, payload: unknown) => {
    if (!isTrustedSender(event)) return { ok: false, error: { code: 'FORBIDDEN', message: 'This window may not use the ledger.' } };
    if (!isCommandName(name)) return { ok: false, error: { code: 'UNKNOWN_COMMAND', message: `There is no command named ${JSON.stringify(name)}.` } };
    return host!.call(name, payload);
  });
  handlePrint(isTrustedSender);
  try {
    await host.ready;
    startup.settle(RENDERER_URL);
  } catch (err) {
    // Never a window that does nothing: say what is wrong with which file, and what to do.
    const problem = err instanceof WorkerStartupError ? err.problem : null;
    log.error('the ledger could not be opened', err, { problem });
    startupPage = problem ? startupErrorPage(problem, { logFolder: paths.logFolder, version: app.getVersion() }) : null;
    startup.settle(startupPage ? STARTUP_ERROR_URL : RENDERER_URL);
  }
  app.on('activate', () => { if (BrowserWindow.getAllWindows().length === 0) createWindow(startupPage ? STARTUP_ERROR_URL : RENDERER_URL); });
}

/**
 * Mid-upgrade, closing the window or quitting would roll the upgrade back: ask once (the default keeps
 * it running). Either way out (the window's close, then the quit it causes; or Quit) asks only once.
 */
let stopConfirmed = false;
function mayStopUpgrade(): boolean {
  if (stopConfirmed || !startup.closingStopsUpgrade) return true;
  stopConfirmed = closeAnyway(mainWindow ? dialog.showMessageBoxSync(mainWindow, CLOSE_DURING_UPGRADE) : dialog.showMessageBoxSync(CLOSE_DURING_UPGRADE));
  return stopConfirmed;
}

// Quitting waits for sync to stop and the ledger to close (WorkerHost.close is safe after a dead worker).
let quitting = false;
app.on('before-quit', (e) => {
  if (quitting || !host) return;
  e.preventDefault();
  if (!mayStopUpgrade()) return;
  quitting = true;
  void host.close().catch((err: unknown) => log.error('closing the ledger failed', err)).finally(() => {
    log.info('stopped');
    app.quit();
  });
});
app.on('window-all-closed', () => app.quit());
