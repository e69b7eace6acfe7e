import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../shared/contract';
import { CALL_CHANNEL, PRINT_CHANNEL } from '../../electron/preloadApi';
import { RENDERER_CSP } from '../../electron/shell/appProtocol';
import { REPO_ROOT } from '../helpers/bundleScript';
import { electronBundlesDir } from '../helpers/electronBundles';

/**
 * Keeps the Electron shell honest without the Electron binary: the preload bundle runs in a bare
 * node:vm context whose only `require` is a fake 'electron' that records what the preload hands to
 * contextBridge. What it exposes must be exactly the contract's commands, and nothing of Node or IPC.
 */
async function bundlePreload(): Promise<string> {
  return readFileSync(join(await electronBundlesDir(), 'electron/preload.js'), 'utf8');
}

function runPreload(code: string) {
  const exposed = new Map<string, unknown>();
  const invocations: unknown[][] = [];
  const required: string[] = [];
  const fakeElectron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: { invoke: (...args: unknown[]) => { invocations.push(args); return Promise.resolve({ ok: true, result: null }); } },
  };
  const module = { exports: {} };
  const sandbox = {
    module, exports: module.exports,
    require: (name: string) => {
      required.push(name);
      if (name === 'electron') return fakeElectron;
      throw new Error(`the sandboxed preload may not require ${name}`);
    },
  };
  vm.runInNewContext(code, sandbox, { filename: 'preload.js' });
  return { exposed, invocations, required };
}

const sources: Array<[string, () => Promise<string>]> = [['electron/preload.ts bundled as the build does', bundlePreload]];
const built = join(REPO_ROOT, 'dist/electron/preload.js');
if (existsSync(built)) sources.push(['the built dist/electron/preload.js', async () => readFileSync(built, 'utf8')]);

describe.each(sources)('preload: %s', (_label, load) => {
  it('exposes one object, window.stockLedger, with exactly the contract commands and print as functions', async () => {
    const { exposed, required } = runPreload(await load());
    expect([...exposed.keys()]).toEqual(['stockLedger']);
    const api = exposed.get('stockLedger') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...COMMAND_NAMES, 'print'].sort());
    expect(typeof api.print).toBe('function');
    for (const name of COMMAND_NAMES) expect(typeof api[name], name).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
    expect(required).toEqual(['electron']);
  });

  it('hands the page no ipcRenderer, no require, no process: only command functions', async () => {
    const { exposed } = runPreload(await load());
    const api = exposed.get('stockLedger') as Record<string, unknown>;
    for (const key of ['ipcRenderer', 'invoke', 'send', 'on', 'require', 'process', 'Buffer']) expect(api).not.toHaveProperty(key);
    // A plain object (of the preload's own realm): no class whose prototype could carry more.
    const proto = Object.getPrototypeOf(api) as object;
    expect(Object.getPrototypeOf(proto)).toBeNull();
    expect(proto.constructor.name).toBe('Object');
  });

  it('sends each command over the one call channel with its name and payload', async () => {
    const { exposed, invocations } = runPreload(await load());
    const api = exposed.get('stockLedger') as Record<string, (p?: unknown) => Promise<unknown>>;
    await api['stock.get']!({ sku: 'TEA-01' });
    await api['users.list']!();
    expect(invocations).toEqual([[CALL_CHANNEL, 'stock.get', { sku: 'TEA-01' }], [CALL_CHANNEL, 'users.list', undefined]]);
  });

  it('sends print requests over their own channel: the mode and the title, nothing else', async () => {
    const { exposed, invocations } = runPreload(await load());
    const api = exposed.get('stockLedger') as { print(r: unknown): Promise<unknown> };
    await api.print({ mode: 'pdf', title: 'Receipt DEL-50', extra: 'dropped' });
    await api.print({ mode: 'dialog', title: 'Transfer note TR-1' });
    expect(invocations).toEqual([[PRINT_CHANNEL, 'pdf', { title: 'Receipt DEL-50' }], [PRINT_CHANNEL, 'dialog', { title: 'Transfer note TR-1' }]]);
    expect(PRINT_CHANNEL).not.toBe(CALL_CHANNEL);
  });
});

describe('main window', () => {
  const webPreferences = (code: string) => /webPreferences:\s*\{([^}]*)\}/.exec(code)?.[1] ?? '';

  it('keeps the renderer isolated, sandboxed and without Node in main.ts', () => {
    const prefs = webPreferences(readFileSync(join(REPO_ROOT, 'electron/main.ts'), 'utf8'));
    expect(prefs).toMatch(/contextIsolation:\s*true/);
    expect(prefs).toMatch(/sandbox:\s*true/);
    expect(prefs).toMatch(/nodeIntegration:\s*false/);
    expect(prefs).toMatch(/preload:\s*path\.join\(__dirname,\s*'preload\.js'\)/);
    expect(prefs).not.toMatch(/webSecurity:\s*false|allowRunningInsecureContent:\s*true|nodeIntegrationInWorker:\s*true/);
  });

  it.runIf(existsSync(join(REPO_ROOT, 'dist/electron/main.js')))('keeps the same settings in the built dist/electron/main.js', () => {
    const prefs = webPreferences(readFileSync(join(REPO_ROOT, 'dist/electron/main.js'), 'utf8'));
    expect(prefs).toMatch(/contextIsolation:\s*true/);
    expect(prefs).toMatch(/sandbox:\s*true/);
    expect(prefs).toMatch(/nodeIntegration:\s*false/);
  });

  it('loads the same renderer the tests drive, with a strict content security policy', () => {
    const html = readFileSync(join(REPO_ROOT, 'renderer/index.html'), 'utf8');
    const csp = /Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    const main = readFileSync(join(REPO_ROOT, 'electron/main.ts'), 'utf8');
    expect(main).toMatch(/const rendererDir = path\.join\(__dirname, '\.\.', 'renderer'\)/);
    expect(main).toMatch(/startup\.settle\(RENDERER_URL\)/); // the window (new, or the upgrade page's) goes to the renderer once the ledger is open
    // The app:// header carries at least every directive of the page's own policy.
    for (const directive of csp.split(';').map((d) => d.trim())) expect(RENDERER_CSP.split(';').map((d) => d.trim())).toContain(directive);
  });

  it('keeps the security checklist and lifecycle in main.ts (it never runs here: read as source)', () => {
    const main = readFileSync(join(REPO_ROOT, 'electron/main.ts'), 'utf8');
    expect(main).toMatch(/setPermissionRequestHandler\(\(_wc, _permission, decide\) => decide\(false\)\)/);
    expect(main).toMatch(/setPermissionCheckHandler\(\(\) => false\)/);
    expect(main).toMatch(/registerSchemesAsPrivileged/);
    expect(main).toMatch(/'content-security-policy': RENDERER_CSP/);
    expect(main).toMatch(/requestSingleInstanceLock\(\)/);
    expect(main).toMatch(/crashReporter\.start\(\{ uploadToServer: false \}\)/);
    expect(main).toMatch(/isAppOrigin\(event\.senderFrame\?\.url\)/);
    expect(main).toMatch(/before-quit[\s\S]*host\.close\(\)/);
    expect(main).not.toMatch(/loadFile\(|loadURL\(['"`]file:|pathToFileURL/);
  });

  it('prints through Electron only for its own page: main wires the print handler with the same sender check', () => {
    const main = readFileSync(join(REPO_ROOT, 'electron/main.ts'), 'utf8');
    expect(main).toMatch(/handlePrint\(isTrustedSender\)/);
    const ipc = readFileSync(join(REPO_ROOT, 'electron/printIpc.ts'), 'utf8');
    expect(ipc).toMatch(/ipcMain\.handle\(PRINT_CHANNEL/);
    expect(ipc).toMatch(/if \(!isTrustedSender\(event\) \|\| !request\) return \{ ok: false/);
    expect(ipc).toMatch(/\.print\(\{ printBackground: true \}/);
    expect(ipc).toMatch(/\.printToPDF\(/);
    expect(ipc).toMatch(/showSaveDialog/);
  });

  it.runIf(existsSync(join(REPO_ROOT, 'dist/electron/main.js')))('the built main.js listens on the print channel', () => {
    expect(readFileSync(join(REPO_ROOT, 'dist/electron/main.js'), 'utf8')).toContain(JSON.stringify(PRINT_CHANNEL));
  });
});
