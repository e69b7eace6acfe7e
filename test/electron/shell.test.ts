import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyStartupError } from '../../electron/host/startupProblem';
import { isAppOrigin, resolveAppRequest } from '../../electron/shell/appProtocol';
import { dataPaths } from '../../electron/shell/paths';
import { startupErrorPage } from '../../electron/shell/startupPage';
import { restoreWindowState, saveWindowState } from '../../electron/shell/windowState';

describe('app:// serves the renderer folder and nothing else', () => {
  const dir = resolve('/opt/stock-ledger/resources/app.asar/dist/renderer');
  it('maps our origin to files below the renderer folder', () => {
    expect(resolveAppRequest('app://stock-ledger/index.html', dir)).toEqual({ file: join(dir, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(resolveAppRequest('app://stock-ledger/', dir)?.file).toBe(join(dir, 'index.html'));
    expect(resolveAppRequest('app://stock-ledger/assets/index-1.js?x=1', dir)?.contentType).toMatch(/javascript/);
  });
  it('refuses other hosts, schemes, climbing out, and unknown file types', () => {
    for (const url of ['app://evil/index.html', 'file:///etc/passwd', 'app://stock-ledger/../../../etc/passwd', 
      'app://stock-ledger/..%2F..%2Felectron%2Fmain.js', 'app://stock-ledger/assets/x.exe', 'app://stock-ledger/%00.html', 'not a url']) {
      expect(resolveAppRequest(url, dir), url).toBeNull();
    }
    // Dot segments, even encoded, are resolved by the URL itself and stay inside the folder.
    expect(resolveAppRequest('app://stock-ledger/%2e%2e/%2e%2e/main.js', dir)?.file).toBe(join(dir, 'main.js'));
  });
  it('trusts IPC only from frames of our origin', () => {
    expect(isAppOrigin('app://stock-ledger/index.html')).toBe(true);
    for (const url of ['file:///opt/stock-ledger/index.html', 'https://stock-ledger/index.html', 'app://stock-ledger.evil/x', undefined, '']) expect(isAppOrigin(url), String(url)).toBe(false);
  });
});

describe('data folder', () => {
  it('is machine-wide on Windows, so every account on the till shares one ledger', () => {
    const p = dataPaths({ ProgramData: 'C:\\ProgramData' }, 'win32', 'C:\\Users\\ann\\AppData\\Roaming\\Stock Ledger', () => null);
    expect(p).toEqual({ dataFolder: 'C:\\ProgramData\\Stock Ledger', ledgerFile: 'C:\\ProgramData\\Stock Ledger\\stock-ledger.sqlite',
      logFolder: 'C:\\ProgramData\\Stock Ledger\\logs', crashFolder: 'C:\\ProgramData\\Stock Ledger\\crashes' });
  });
  it('follows ledger-location.json in that folder, unless STOCK_LEDGER_DB says otherwise', () => {
    const settings: Record<string, string> = { 'C:\\ProgramData\\Stock Ledger\\ledger-location.json': '{"ledgerFile": "E:\\\\Ledger\\\\shop.sqlite"}' };
    const read = (f: string) => settings[f] ?? null;
    expect(dataPaths({ ProgramData: 'C:\\ProgramData' }, 'win32', 'x', read)).toMatchObject({ ledgerFile: 'E:\\Ledger\\shop.sqlite', dataFolder: 'E:\\Ledger', logFolder: 'E:\\Ledger\\logs' });
    expect(dataPaths({ ProgramData: 'C:\\ProgramData', STOCK_LEDGER_DB: 'D:\\x.sqlite' }, 'win32', 'x', read).ledgerFile).toBe('D:\\x.sqlite');
    for (const bad of ['{', '{"ledgerFile": 7}', '{"ledgerFile": "  "}', '[]']) {
      expect(dataPaths({ ProgramData: 'C:\\ProgramData' }, 'win32', 'x', () => bad).ledgerFile, bad).toBe('C:\\ProgramData\\Stock Ledger\\stock-ledger.sqlite');
    }
  });

  it('is the user data folder elsewhere, and STOCK_LEDGER_DB moves the ledger (logs beside it)', () => {
    expect(dataPaths({}, 'linux', '/home/ann/.config/Stock Ledger').ledgerFile).toBe('/home/ann/.config/Stock Ledger/stock-ledger.sqlite');
    expect(dataPaths({ STOCK_LEDGER_DB: 'D:\\ledger\\shop.sqlite', ProgramData: 'C:\\ProgramData' }, 'win32', 'x')).toMatchObject({ ledgerFile: 'D:\\ledger\\shop.sqlite', logFolder: 'D:\\ledger\\logs' });
  });
});

describe('window state', () => {
  const screenAt = { x: 0, y: 0, width: 1920, height: 1040 };
  it('restores a saved size and position that is still on a screen', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sl-win-')), 'w.json');
    saveWindowState(file, { bounds: { x: 100, y: 50, width: 1200, height: 800 }, maximized: true });
    expect(restoreWindowState(file, [screenAt])).toEqual({ x: 100, y: 50, width: 1200, height: 800, maximized: true });
  });
  it('keeps the size but lets the system place a window whose screen is gone, and ignores a damaged file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sl-win-')), 'w.json');
    saveWindowState(file, { bounds: { x: 2500, y: 50, width: 1200, height: 800 }, maximized: false });
    expect(restoreWindowState(file, [screenAt])).toEqual({ width: 1200, height: 800, maximized: false });
    writeFileSync(file, '{"bounds": {"x": "a"');
    expect(restoreWindowState(file, [screenAt])).toEqual({ width: 1366, height: 768, maximized: false });
  });
});

describe('start-up problems', () => {
  it('tells the clerk what happened to which file and what to do, by the error code met', () => {
    const file = '/data/Stock Ledger/stock-ledger.sqlite';
    expect(classifyStartupError({ message: 'attempt to write a readonly database', code: 'SQLITE_READONLY' }, file)).toMatchObject({ kind: 'read-only', whatToDo: expect.stringContaining('/data/Stock Ledger') });
    expect(classifyStartupError({ message: 'unable to open database file', code: 'SQLITE_CANTOPEN' }, file).kind).toBe('read-only');
    expect(classifyStartupError({ message: "EACCES: permission denied, mkdir '/data'", code: 'EACCES' }, file).kind).toBe('read-only');
    expect(classifyStartupError({ message: 'database is locked', code: 'SQLITE_BUSY' }, file).kind).toBe('locked');
    expect(classifyStartupError({ message: 'database or disk is full', code: 'SQLITE_FULL' }, file).kind).toBe('disk-full');
    expect(classifyStartupError({ message: 'file is not a database', code: 'SQLITE_NOTADB' }, file).kind).toBe('damaged');
    expect(classifyStartupError({ message: 'boom' }, file)).toMatchObject({ kind: 'unknown', detail: 'boom' });
  });
  it('renders a page with the file path, the advice and the log folder, escaping what it shows', () => {
    const problem = classifyStartupError({ message: 'database is locked', code: 'SQLITE_BUSY' }, 'C:\\Shop <1>\\stock-ledger.sqlite');
    const html = startupErrorPage(problem, { logFolder: 'C:\\Shop <1>\\logs', version: '0.1.0' });
    expect(html).toContain('C:\\Shop &#60;1&#62;\\stock-ledger.sqlite');
    expect(html).toContain('C:\\Shop &#60;1&#62;\\logs');
    expect(html).toContain('in use by another program');
    expect(html).not.toContain('<1>');
    expect(html).not.toMatch(/<script/i);
  });
});
