import { extractAll, listPackage } from '@electron/asar';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerHost } from '../../electron/host/workerHost';
import { startLearnedHelper } from '../../electron/ledger/learnedAside';
import { REPO_ROOT } from '../helpers/bundleScript';
import { buildElectronBundles } from '../../scripts/bundles.mjs';

/**
 * The packaged app's file layout, as electron-builder really writes it (`--dir`, Linux), with a
 * stand-in Electron: what is in app.asar and app.asar.unpacked, and that the ledger worker starts
 * from that layout and keeps a ledger. (Under Node; the asar is extracted, as Electron's fs would read it.)
 */
const run = promisify(execFile);
const work = join(REPO_ROOT, '.tmp', `packaging-${process.pid}`);
const resources = join(work, 'out', 'linux-unpacked', 'resources');
const extracted = join(work, 'extracted');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)).split(sep).join('/')).sort();
}

async function stageApp(appDir: string): Promise<void> {
  // The app folder as `npm run build` stages it, source maps included, so the packaging rules must drop them.
  await buildElectronBundles(join(appDir, 'dist'));
  const renderer = join(REPO_ROOT, 'dist', 'renderer');
  if (!existsSync(join(renderer, 'index.html'))) throw new Error('dist/renderer is not built: run `npm run build` first');
  cpSync(renderer, join(appDir, 'dist', 'renderer'), { recursive: true });
  cpSync(join(REPO_ROOT, 'app', 'package.json'), join(appDir, 'package.json'));
  // app/node_modules as `npm install` in app/ makes it: every package of app/package-lock.json.
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'app', 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  for (const pkg of Object.keys(lock.packages).filter(Boolean)) cpSync(join(REPO_ROOT, pkg), join(appDir, pkg), { recursive: true });
}

beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  const appDir = join(work, 'app');
  await stageApp(appDir);
  const electronDist = join(work, 'electron-dist');
  mkdirSync(electronDist, { recursive: true });
  writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho "stand-in for the Electron binary"\n', { mode: 0o755 });
  const electronVersion = (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
  await run(process.execPath, [join(__dirname, 'standInBuild.cjs'), JSON.stringify({ root: REPO_ROOT, appDir, outDir: join(work, 'out'), electronDist, electronVersion })],
    { cwd: REPO_ROOT, maxBuffer: 16 << 20 });
  extractAll(join(resources, 'app.asar'), extracted);
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packaged app (electron-builder --dir, stand-in Electron)', () => {
  it('holds the bundles, the renderer and better-sqlite3, and nothing else', () => {
    const files = listPackage(join(resources, 'app.asar'), { isPack: false }).map((f) => f.split(sep).join('/').replace(/^\//, ''));
    const leaves = files.filter((f) => !files.some((g) => g.startsWith(`${f}/`)));
    const outside = leaves.filter((f) => !/^(package\.json|dist\/electron\/(main|preload|worker|verifyWorker|learnedWorker)\.js|dist\/renderer\/(index\.html|assets\/[^/]+\.(js|css))|node_modules\/(better-sqlite3|bindings|file-uri-to-path)\/.+)$/.test(f));
    expect(outside).toEqual([]);
    for (const f of ['package.json', 'dist/electron/main.js', 'dist/electron/preload.js', 'dist/electron/worker.js', 'dist/electron/verifyWorker.js', 'dist/electron/learnedWorker.js', 'dist/renderer/index.html', 'node_modules/better-sqlite3/lib/index.js'])
      expect(leaves).toContain(f);
    expect(leaves.filter((f) => /\.map$|\/test\/|^bench\/|^server\/|\/src\/|\.ts$|sqlite3\.c$|prebuild-install|node-abi/.test(f))).toEqual([]);
    const main = (JSON.parse(readFileSync(join(extracted, 'package.json'), 'utf8')) as { main: string }).main;
    expect(existsSync(join(extracted, main))).toBe(true);
  });

  it('unpacks better-sqlite3 (the native module) alone, and keeps the app\'s own JavaScript in the asar', () => {
    const unpacked = filesUnder(join(resources, 'app.asar.unpacked'));
    expect(unpacked).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(unpacked.filter((f) => f.endsWith('.node'))).toEqual(['node_modules/better-sqlite3/build/Release/better_sqlite3.node']);
    expect(unpacked.filter((f) => !f.startsWith('node_modules/better-sqlite3/'))).toEqual([]);
    expect(existsSync(join(resources, 'app-update.yml')), 'no update feed is configured').toBe(false);
    const size = (d: string) => filesUnder(d).reduce((n, f) => n + statSync(join(d, f)).size, 0);
    console.log(`packaged: app.asar ${statSync(join(resources, 'app.asar')).size} B, app.asar.unpacked ${size(join(resources, 'app.asar.unpacked'))} B`);
  });

  it('starts the ledger worker from that layout on a fresh ledger: a receipt, a sale, stock, verify', async () => {
    const file = join(mkdtempSync(join(work, 'ledger-')), 'branch.sqlite');
    const host = new WorkerHost(join(extracted, 'dist/electron/worker.js'), file);
    try {
      await host.ready;
      expect(await host.call('items.upsert', { sku: 'TEA-01', name: 'Green tea 100 g' })).toMatchObject({ ok: true });
      expect(await host.call('documents.record', { type: 'receive', id: 'R-1', lines: [{ sku: 'TEA-01', qty: 12, unitCost: 250 }], actor: 'ann' })).toMatchObject({ ok: true });
      expect(await host.call('documents.record', { type: 'sale', id: 'S-1', lines: [{ sku: 'TEA-01', qty: 5 }], actor: 'ann' })).toMatchObject({ ok: true });
      expect(await host.call('stock.get', { sku: 'TEA-01' })).toMatchObject({ ok: true, result: { onHand: 7 } });
      expect(await host.call('ledger.verify', {})).toMatchObject({ ok: true, result: { ok: true, movements: 2 } });
    } finally {
      await host.close();
    }
    // verify's helper thread, beside the worker, loads from the layout too (it needs better-sqlite3 alone).
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file, { readonly: true });
    const [device, seq] = db.prepare('SELECT device_id, max(device_seq) FROM movements').raw().get() as [string, number];
    db.close();
    const piece = await new Promise<unknown>((resolve, reject) => {
      const w = new Worker(join(extracted, 'dist/electron/verifyWorker.js'), { workerData: { file, piece: { from: null, to: [device, seq + 1] } } });
      w.on('message', (m: { type: string; result?: unknown; message?: string }) => (m.type === 'result' ? resolve(m.result) : m.type === 'error' && reject(new Error(m.message))));
      w.on('error', reject);
    });
    expect(piece).toMatchObject({ movements: 2, breaks: [] });
    // So does rebuild's helper thread, which folds the learning days while the worker folds the rest.
    const ledger = new Database(file, { readonly: true });
    const kept = ledger.prepare('SELECT sku, day, on_hand, reserved FROM snapshots_learned ORDER BY sku, day').raw().all();
    const ranges = ledger.prepare('SELECT min(sku), max(sku), sum(movements) FROM balances').raw().all() as Array<[string, string, number]>;
    ledger.close();
    const helper = startLearnedHelper(join(extracted, 'dist/electron/learnedWorker.js'), { ledgerFile: file, timeZone: 'UTC', total: 2, ranges });
    const folded = helper?.wait(() => {});
    helper?.close();
    expect(kept).toHaveLength(1);
    expect(JSON.parse(folded!.rows)).toEqual(kept);
  });
});
