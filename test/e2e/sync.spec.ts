import { join } from 'node:path';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { issueEnrollmentCode } from '../../server/auth';
import { plantItem } from '../sync/plant';
import { expect, signIn, test } from './fixtures';
import { screenshot } from './harness';
import { startLocalHq } from './localHq';

test('connects the till to HQ, syncs its history, receives a short transfer and sends one', async ({ app }) => {
  const { page, ledger, shop } = app;
  const hq = await startLocalHq();
  const { store, url, dir } = hq;
  const porto = new LedgerHost(join(dir, 'porto.sqlite'));
  try {
    await store.addBranch({ code: 'LIS-01', name: 'Lisbon · Rua Augusta' });
    await store.addBranch({ code: 'POR-01', name: 'Porto · Santa Catarina' });
    const sku = shop.sellable.sku;

    const anna = shop.clerks[0]!;
    await signIn(page, anna.name, anna.pin);
    // Never connected: "To branch" is typed, there is no list to choose from.
    await page.keyboard.press('F6');
    await page.getByTestId('transfers-tab-send').click();
    await expect(page.getByTestId('transfer-to')).toHaveJSProperty('tagName', 'INPUT');
    await page.getByTestId('nav-sync').click();
    await expect(page.getByTestId('sync-state-text')).toHaveText('Not connected to HQ yet');
    await page.getByTestId('sync-url').fill(url);
    await page.getByTestId('sync-code').fill('WRONG-WRONG-WRONG');
    await page.getByTestId('sync-enroll').click();
    await expect(page.getByTestId('sync-error')).toContainText('HQ did not accept the enrollment code');
    await page.getByTestId('sync-code').fill((await issueEnrollmentCode(store, 'LIS-01')).code);
    await page.getByTestId('sync-enroll').click();
    await expect(page.getByTestId('sync-message')).toContainText('Connected to HQ as branch LIS-01');
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-message')).toContainText('Sync done');
    await expect(page.getByTestId('sync-pending')).toHaveText('0 rows');
    await expect(page.getByTestId('sync-backlog-text')).toHaveText('Everything recorded on this PC is at HQ');
    await expect(page.getByTestId('sync-progress')).toHaveAttribute('aria-valuenow', '100');
    // The status bar tells the same story as the sync screen.
    await expect(page.getByTestId('status-sync')).toContainText('Online');
    await expect(page.getByTestId('status-pending')).toHaveText('0');
    const here = (await ledger.host.run('stock.get', { sku })).onHand;
    expect((await store.stock(sku)).find((b) => b.branch === 'LIS-01')!.onHand).toBe(here);
    await screenshot(page, 'sync');

    // Porto (a headless till) sends 5 to Lisbon.
    await porto.run('sync.configure', { serverUrl: url, enrollmentCode: (await issueEnrollmentCode(store, 'POR-01')).code });
    await porto.run('sync.now', {});
    await porto.run('documents.record', { type: 'receive', lines: [{ sku, qty: 20 }], actor: 'Rui' });
    await porto.run('transfers.send', { toBranch: 'LIS-01', lines: [{ sku, qty: 5 }], id: 'TR-POR-1', actor: 'Rui' });
    await porto.run('sync.now', {});

    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-message')).toContainText('1 transfers received');
    await page.keyboard.press('F6');
    await expect(page.getByTestId('transfers-tab-inbound')).toHaveText('Inbound (1)');
    await page.getByTestId('receive-TR-POR-1').click();
    await page.getByTestId(`receive-qty-${sku}`).fill('4');
    await page.getByTestId(`receive-note-${sku}`).fill('one crushed');
    await screenshot(page, 'transfer-receive');
    await page.getByTestId('transfer-receive-confirm').click();
    await expect(page.getByTestId('transfers-message')).toContainText(`received with differences on ${sku} (-1)`);
    expect((await ledger.host.run('stock.get', { sku })).onHand).toBe(here + 4);

    // Lisbon sends 2 back.
    await page.getByTestId('transfers-tab-send').click();
    // Connected: HQ's other branches to choose from (code and name), never this branch itself.
    const to = page.getByTestId('transfer-to');
    await expect(to).toHaveJSProperty('tagName', 'SELECT');
    await expect(to.locator('option')).toHaveText(['Choose…', 'POR-01 · Porto · Santa Catarina']);
    await screenshot(page, 'transfer-send-branch-list');
    await to.selectOption('POR-01');
    await page.getByTestId('transfer-scan').fill(sku);
    await page.getByTestId('transfer-scan').press('Enter');
    await page.getByTestId(`transfer-qty-${sku}`).fill('2');
    await page.getByTestId('transfer-send-button').click();
    await expect(page.getByTestId('transfers-message')).toContainText('to POR-01 sent');
    expect((await ledger.host.run('stock.get', { sku })).onHand).toBe(here + 2);

    // The ledger worker's sync scheduler sends a write on its own about a second later, nobody presses
    // Sync now. (The old in-process page binding ran no scheduler, so this used to say "waiting for sync".)
    await expect.poll(async () => (await ledger.host.run('app.status', {})).sync.pending, { timeout: 30_000 }).toBe(0);
    await page.getByTestId('transfers-tab-all').click();
    await expect(page.getByTestId('transfer-status-TR-POR-1')).toHaveText('received with differences');
    await expect(page.getByTestId('transfers-all')).not.toContainText('waiting for sync');
    await screenshot(page, 'transfers-all');

    await ledger.host.run('sync.now', {});
    await porto.run('sync.now', {});
    const inbound = (await porto.run('transfers.inbound', {})).rows;
    expect(inbound.map((t) => [t.fromBranch, t.lines[0]!.qty])).toEqual([['LIS-01', 2]]);
    const atPorto = (await porto.run('transfers.list', {})).rows.find((t) => t.id === 'TR-POR-1')!;
    expect(atPorto.lines[0]).toMatchObject({ received: 4, difference: -1, note: 'one crushed' });

    // A catalogue entry no till can store (what an older HQ let in) is parked for review; sync goes on.
    await expect(page.getByTestId('sync-review')).toHaveCount(0);
    await plantItem(store, 'GIFT-BOX', `Gift box ${'with ribbon '.repeat(20)}`);
    await porto.run('documents.record', { type: 'sale', lines: [{ sku, qty: 1 }], actor: 'Rui' });
    await porto.run('sync.now', {});
    await page.getByTestId('nav-sync').click();
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-message')).toContainText('Sync done');
    await expect(page.getByTestId('parked-item-GIFT-BOX')).toContainText('Catalogue item');
    await expect(page.getByTestId('parked-item-GIFT-BOX')).toContainText('name');
    await expect(page.getByTestId('sync-review')).toContainText('1 not applied');
    await expect(page.getByTestId('parked-item-GIFT-BOX')).toContainText('HQ told');
    await screenshot(page, 'sync-review');
    // Both tills (Porto is headless) parked it and told HQ.
    expect((await store.parkedReports()).map((p) => [p.branch, p.kind, p.key]).sort()).toEqual([['LIS-01', 'item', 'GIFT-BOX'], ['POR-01', 'item', 'GIFT-BOX']]);
  } finally {
    porto.close();
    await hq.close();
  }
});
