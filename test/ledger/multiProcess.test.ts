import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { foldStock } from '../../electron/ledger/stockAt';
import { bundleScript } from '../helpers/bundleScript';
import { seedItems, tempHost } from '../helpers/tempLedger';

let script = '';
beforeAll(() => {
  script = bundleScript('test/ledger/fixtures/appendLoop.ts');
});

function runAppender(file: string, worker: number, count: number, mode = 'distinct'): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, file, String(worker), String(count), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('several OS processes on one ledger file', () => {
  it('lose nothing, and the caches equal a fresh fold afterwards', async () => {
    const host = tempHost();
    await seedItems(host, ['A', 'B']);
    const processes = 4;
    const docs = 60;
    const results = await Promise.all(Array.from({ length: processes }, (_, w) => runAppender(host.file, w, docs)));
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    expect(results.map((r) => JSON.parse(r.out).refused)).toEqual([0, 0, 0, 0]);
    const receipts = processes * docs;
    const sales = processes * Math.ceil(docs / 10);
    const moved = host.ledger.db.prepare(`SELECT count(*) AS n FROM movements`).get() as { n: number };
    expect(moved.n).toBe(receipts * 2 + sales);
    expect(await host.run('stock.get', { sku: 'A' })).toMatchObject({ onHand: receipts - sales });
    expect(foldStock(host.ledger.db, 'B')).toEqual({ onHand: receipts * 2, reserved: 0 });
    expect(await host.run('ledger.check')).toMatchObject({ ok: true });
    // One device chain, shared by every process of this PC, unbroken.
    expect(await host.run('ledger.verify')).toMatchObject({ ok: true, devices: 1, movements: moved.n });
  });

  it('the same document id sent by several processes at once is recorded once', async () => {
    const host = tempHost();
    await seedItems(host, ['A', 'B']);
    const results = await Promise.all([0, 1, 2].map((w) => runAppender(host.file, w, 25, 'same-id')));
    expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
    const docs = host.ledger.db.prepare(`SELECT count(DISTINCT doc_id) AS d, count(*) AS n FROM movements WHERE doc_type = 'receive'`).get() as { d: number; n: number };
    expect(docs).toEqual({ d: 25, n: 50 });
    expect(await host.run('ledger.check')).toMatchObject({ ok: true });
  });

  it('a second connection opened while the first holds the file sees every committed row', async () => {
    const host = tempHost();
    await seedItems(host, ['A']);
    await host.run('documents.record', { type: 'receive', lines: [{ sku: 'A', qty: 3 }], actor: 'ann' });
    const second = new LedgerHost(host.file);
    try {
      expect(await second.run('stock.get', { sku: 'A' })).toMatchObject({ onHand: 3 });
      await second.run('documents.record', { type: 'sale', lines: [{ sku: 'A', qty: 1 }], actor: 'cli' });
    } finally {
      second.close();
    }
    expect(await host.run('stock.get', { sku: 'A' })).toMatchObject({ onHand: 2 });
  });
});
