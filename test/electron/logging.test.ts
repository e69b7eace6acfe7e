import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkerHost } from '../../electron/host/workerHost';
import { rotatingLog } from '../../electron/logging/rotatingLog';
import { bundleScript } from '../helpers/bundleScript';
import { seedItems, tempDir, tempHost } from '../helpers/tempLedger';

describe('rotating log files', () => {
  it('writes one JSON line per event and keeps a bounded number of old files', () => {
    const dir = tempDir();
    const log = rotatingLog(dir, 'main', { maxBytes: 300, keep: 2 });
    for (let i = 0; i < 40; i++) log.info(`event ${i}`, { i });
    expect(readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    const lines = readFileSync(join(dir, 'main.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { message: string; level: string });
    expect(lines.at(-1)).toMatchObject({ level: 'info', message: 'event 39' });
    expect(readFileSync(join(dir, 'main.log'), 'utf8').length).toBeLessThan(600);
  });

  it('logs an error with its stack under the short reference it returns', () => {
    const dir = tempDir();
    const ref = rotatingLog(dir, 'ledger').error('it broke', new Error('disk on fire'), { command: 'stock.get' });
    expect(ref).toMatch(/^[0-9a-f]{8}$/);
    const line = JSON.parse(readFileSync(join(dir, 'ledger.log'), 'utf8')) as Record<string, string>;
    expect(line).toMatchObject({ level: 'error', ref, command: 'stock.get', error: 'disk on fire' });
    expect(line.stack).toContain('logging.test.ts');
  });
});

describe('an INTERNAL error', () => {
  it('is logged with its stack, and the clerk sees the same short reference', async () => {
    const dir = tempDir();
    const log = rotatingLog(dir, 'ledger');
    const host = tempHost({ reportInternal: (err, command) => log.error('command failed unexpectedly', err, { command }) });
    await seedItems(host, ['A']);
    host.ledger.db.close(); // the connection vanishes under the command layer: an unexpected failure
    const outcome = await host.call('stock.get', { sku: 'A' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'INTERNAL', details: { ref: expect.stringMatching(/^[0-9a-f]{8}$/) } } });
    const ref = (outcome as unknown as { error: { details: { ref: string } } }).error.details.ref;
    expect((outcome as unknown as { error: { message: string } }).error.message).toContain(`tell support the reference ${ref}`);
    const line = JSON.parse(readFileSync(join(dir, 'ledger.log'), 'utf8').trim()) as Record<string, string>;
    expect(line).toMatchObject({ ref, command: 'stock.get', level: 'error' });
    expect(line.stack).toMatch(/at /);
  });

  it('the ledger worker writes its log in the folder it is given', async () => {
    const seed = tempHost();
    seed.close();
    const logDir = join(tempDir(), 'logs');
    const host = new WorkerHost(bundleScript('electron/worker/ledgerWorker.ts'), seed.file, { workerData: { logDir, appVersion: '9.9.9' } });
    await host.ready;
    await host.close();
    expect(existsSync(join(logDir, 'ledger.log'))).toBe(true);
    const lines = readFileSync(join(logDir, 'ledger.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(lines.map((l) => l.message)).toEqual(['ledger opened', 'ledger closed']);
    expect(lines[0]).toMatchObject({ file: seed.file, appVersion: '9.9.9' });
  });
});
