import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backendOf } from '../../../server/console/db';
import { openStore } from '../../../server/store/open';
import { tempDir } from '../helpers/hq';
import { useHqCliBundle } from '../../helpers/hqCli';

/** `stock-ledger-hq operator …` run as an admin runs it, password on stdin (twice). */
const hqBin = useHqCliBundle('hq-operator-cli', { withConsole: true });
const servers: ChildProcess[] = [];
afterAll(() => { for (const s of servers) if (s.exitCode === null) s.kill('SIGKILL'); });

describe('stock-ledger-hq operator', () => {
  it('adds, lists, changes the password of and disables operators; refuses mismatched or short passwords', async () => {
    const data = tempDir();
    const hq = (args: string[], input = '') => {
      const r = spawnSync(process.execPath, [hqBin(), '--data', data, ...args], { encoding: 'utf8', input });
      let json: any = null;
      try { json = JSON.parse(r.stdout); } catch { /* human output */ }
      return { ...r, json };
    };
    const differ = hq(['operator', 'add', 'ana', '--role', 'admin'], 'first-password-1\nsecond-password\n');
    expect(differ.status).toBe(2);
    expect(differ.json.error.message).toMatch(/differ/);
    expect(hq(['operator', 'add', 'ana', '--role', 'admin'], 'short\nshort\n').json.error.message).toMatch(/at least 10/);
    expect(hq(['operator', 'add', 'ana', '--role', 'boss'], 'long-enough-pw\nlong-enough-pw\n').json.error.message).toMatch(/admin or viewer/);
    expect(hq(['operator', 'list', '--json']).json).toEqual([]);

    const added = hq(['operator', 'add', 'ana', '--role', 'admin'], 'long-enough-pw\nlong-enough-pw\n');
    expect(added.status).toBe(0);
    expect(added.stdout).toContain('added operator ana (admin)');
    expect(hq(['operator', 'add', 'ana', '--role', 'viewer'], 'long-enough-pw\nlong-enough-pw\n').json.error.code).toBe('CONFLICT');
    expect(hq(['operator', 'passwd', 'ana'], 'another-password\nanother-password\n').status).toBe(0);
    expect(hq(['operator', 'signout', 'ana']).stdout).toBe('ended 0 sessions of ana\n');
    expect(hq(['operator', 'disable', 'ana']).status).toBe(0);
    expect(hq(['operator', 'list', '--json']).json).toEqual([expect.objectContaining({ name: 'ana', role: 'admin', disabledAt: expect.any(String) })]);

    // Only an scrypt hash is stored.
    const store = await openStore({ dataDir: data });
    try {
      const [row] = await backendOf(store).read((c) => c.all(`SELECT password_hash FROM operators`));
      expect(String(row?.password_hash)).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(String(row?.password_hash)).not.toContain('another-password');
    } finally {
      await store.close();
    }
  });
});

describe('stock-ledger-hq serve --cert/--key', () => {
  it('serves HQ and its console over HTTPS with the given certificate, and the session cookie is Secure', async () => {
    const data = tempDir();
    const key = join(data, 'key.pem');
    const cert = join(data, 'cert.pem');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { encoding: 'utf8' });
    expect(made.status).toBe(0);
    expect(spawnSync(process.execPath, [hqBin(), '--data', data, 'serve', '--cert', cert], { encoding: 'utf8' }).stderr).toMatch(/both --cert and --key/);
    spawnSync(process.execPath, [hqBin(), '--data', data, 'operator', 'add', 'ana', '--role', 'admin'], { input: 'long-enough-pw\nlong-enough-pw\n' });
    const proc = spawn(process.execPath, [hqBin(), '--data', data, 'serve', '--port', '0', '--cert', cert, '--key', key], { stdio: ['ignore', 'pipe', 'pipe'] });
    servers.push(proc);
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      proc.stdout!.on('data', (b) => { out += b; const m = /HQ listening on (https:\/\/127\.0\.0\.1:\d+)/.exec(out); if (m) resolve(m[1]!); });
      proc.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
    const get = (path: string, method = 'GET', body?: string) => new Promise<{ status: number; headers: Record<string, unknown>; text: string }>((resolve, reject) => {
      const req = request(url + path, { method, rejectUnauthorized: false, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
        let text = '';
        res.on('data', (c) => { text += c; });
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect((await get('/v1/health')).status).toBe(200);
    const page = await get('/console/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('HQ console');
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'self'");
    const login = await get('/console/api/login', 'POST', JSON.stringify({ user: 'ana', password: 'long-enough-pw' }));
    expect(login.status).toBe(200);
    expect(String(login.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict; Max-Age=\d+; Secure/);
    proc.kill('SIGTERM');
  });
});
