import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendOf } from '../../../server/console/db';
import { openStore } from '../../../server/store/open';
import { REPO_ROOT } from '../../helpers/bundleScript';
import { tempDir } from '../helpers/hq';

/** `stock-ledger-hq operator …` run as an admin runs it, password on stdin (twice). */
let bin = '';
const root = join(REPO_ROOT, '.tmp', `hq-operator-cli-${process.pid}`);
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(() => {
  mkdirSync(join(root, 'bin'), { recursive: true });
  copyFileSync(join(REPO_ROOT, 'bin/stock-ledger-hq.js'), join(root, 'bin/stock-ledger-hq.js'));
  buildSync({ entryPoints: [join(REPO_ROOT, 'server/cli.ts')], outfile: join(root, 'dist/server/cli.js'), bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'error' });
  bin = join(root, 'bin/stock-ledger-hq.js');
});

describe('stock-ledger-hq operator', () => {
  it('adds, lists, changes the password of and disables operators; refuses mismatched or short passwords', async () => {
    const data = tempDir();
    const hq = (args: string[], input = '') => {
      const r = spawnSync(process.execPath, [bin, '--data', data, ...args], { encoding: 'utf8', input });
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
