import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tempLedger';
import { post, SHIPPED } from './helpers';

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** `stock-ledger --db FILE app --no-open …` from the built package, until it prints its address. */
async function startApp(db: string, extra: string[] = []) {
  const child = spawn(process.execPath, [SHIPPED.cli, '--db', db, 'app', '--no-open', '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const exit = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const url = await new Promise<URL>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+(?=\n)/.exec(out);
      if (m) resolve(new URL(m[0]));
    });
    void exit.then((code) => reject(new Error(`exited ${code}: ${out} ${err}`)));
  });
  return { child, url, port: Number(url.port), token: url.searchParams.get('token')!, exit, stderr: () => err };
}

function runApp(db: string) {
  return spawnSync(process.execPath, [SHIPPED.cli, '--db', db, 'app', '--no-open', '--port', '0'], { encoding: 'utf8', timeout: 30_000 });
}

describe('stock-ledger app, the command', () => {
  it('a second start on the same file says where the running one is and exits 3; the first keeps serving', async () => {
    const db = join(tempDir(), 'shop.sqlite');
    const first = await startApp(db);
    const second = runApp(db);
    expect(second.status).toBe(3);
    expect(second.stdout).toContain('already open');
    expect(second.stdout).toContain(first.url.href);
    expect((await post(first.port, first.token, 'app.status')).json.ok).toBe(true);
    first.child.kill('SIGINT');
    expect(await first.exit).toBe(0);
  });

  it('Ctrl-C closes the ledger cleanly: exit 0, no WAL left, the lock and token file removed', async () => {
    const dir = tempDir();
    const db = join(dir, 'shop.sqlite');
    const app = await startApp(db);
    await post(app.port, app.token, 'items.upsert', { sku: 'TEA', name: 'Green tea' });
    await post(app.port, app.token, 'documents.record', { type: 'receive', id: 'DEL-1', actor: 'ann', lines: [{ sku: 'TEA', qty: 5 }] });
    expect(existsSync(`${db}.app.json`)).toBe(true);
    app.child.kill('SIGINT');
    expect(await app.exit).toBe(0);
    expect(app.stderr()).toContain('Closed cleanly');
    expect(existsSync(`${db}.app.json`)).toBe(false);
    expect(existsSync(`${db}-wal`)).toBe(false);
    const file = new Database(db, { readonly: true });
    expect(file.prepare('SELECT COUNT(*) AS n FROM movements').get()).toEqual({ n: 1 });
    file.close();
    // And it starts again on the same file.
    const again = await startApp(db);
    expect((await post(again.port, again.token, 'stock.get', { sku: 'TEA' })).json.result.onHand).toBe(5);
    expect(again.token).not.toBe(app.token);
    again.child.kill('SIGTERM');
    expect(await again.exit).toBe(0);
  });

  it('takes over a lock left by a process that died', async () => {
    const db = join(tempDir(), 'shop.sqlite');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(`${db}.app.json`, JSON.stringify({ pid: Number(dead.stdout), apiBase: 'http://127.0.0.1:9', token: 'old', ledger: db }), { mode: 0o600 });
    const app = await startApp(db);
    expect(JSON.parse(readFileSync(`${db}.app.json`, 'utf8'))).toMatchObject({ pid: app.child.pid, token: app.token });
    app.child.kill('SIGINT');
    expect(await app.exit).toBe(0);
  });

  it('warns when --host widens it beyond this PC', async () => {
    const db = join(tempDir(), 'shop.sqlite');
    const app = await startApp(db, ['--host', '0.0.0.0']);
    await new Promise((r) => setTimeout(r, 100));
    expect(app.stderr()).toMatch(/WARNING: serving on 0\.0\.0\.0/);
    app.child.kill('SIGINT');
    expect(await app.exit).toBe(0);
  });

  it('refuses a bad --port with a usage error', () => {
    const r = spawnSync(process.execPath, [SHIPPED.cli, '--db', join(tempDir(), 's.sqlite'), 'app', '--no-open', '--port', 'eighty'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--port must be a port number');
  });
});
