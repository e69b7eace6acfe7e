import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { LedgerHost } from '../../../electron/host/inProcessHost';
import { issueEnrollmentCode } from '../../../server/auth';
import { screenshot } from '../harness';
import { pushTamperedRow, startConsoleHq, STORE_KINDS } from './hq';

const PASSWORD = 'head-office-2026';

async function signIn(page: Page, url: string, user: string, password = PASSWORD) {
  await page.goto(`${url}/console/`);
  await page.getByTestId('login-user').fill(user);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

for (const kind of STORE_KINDS) {
  test(`HQ console on ${kind}: sign in, two branches syncing, enrol a PC, a short transfer, quarantine, a new item reaches a branch`, async ({ page }) => {
    test.setTimeout(120_000);
    const hq = await startConsoleHq(kind);
    const pcs: LedgerHost[] = [];
    const pc = (name: string) => { const h = new LedgerHost(join(hq.dir, `${name}.sqlite`)); pcs.push(h); return h; };
    try {
      const { store, url } = hq;
      await store.addBranch({ code: 'LIS-01', name: 'Lisbon · Rua Augusta' });
      await store.addBranch({ code: 'POR-01', name: 'Porto · Santa Catarina' });
      await store.upsertItem({ sku: 'TEA-001', name: 'Black tea 250 g', unit: 'pack' });
      await hq.operators.add('ana', 'admin', PASSWORD);
      await hq.operators.add('vera', 'viewer', PASSWORD);

      // Two shops, each with a PC that syncs.
      const lisbon = pc('lisbon');
      const porto = pc('porto');
      await lisbon.run('sync.configure', { serverUrl: url, enrollmentCode: (await issueEnrollmentCode(store, 'LIS-01')).code, deviceName: 'Lisbon till 1' });
      await porto.run('sync.configure', { serverUrl: url, enrollmentCode: (await issueEnrollmentCode(store, 'POR-01')).code, deviceName: 'Porto till 1' });
      await lisbon.run('sync.now', {});
      await porto.run('sync.now', {});
      await lisbon.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA-001', qty: 12 }], actor: 'Ana' });
      await porto.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA-001', qty: 20 }], actor: 'Rui' });
      await lisbon.run('sync.now', {});
      await porto.run('sync.now', {});

      // A wrong password is refused without saying which part was wrong.
      await signIn(page, url, 'ana', 'not-the-password');
      await expect(page.getByTestId('login-error')).toContainText('name or password is not right');
      await page.getByTestId('login-password').fill(PASSWORD);
      await page.getByTestId('login-submit').click();
      await expect(page.getByTestId('who')).toHaveText('ana · admin');

      // Branches: both syncing, with last push/pull and app version.
      await expect(page.getByTestId('branch-LIS-01')).toContainText('Lisbon till 1');
      await expect(page.getByTestId('branch-POR-01')).toContainText('Porto till 1');
      await expect(page.locator('[data-testid^="device-state-"]')).toHaveText(['syncing', 'syncing']);
      await expect(page.getByTestId('branch-LIS-01')).toContainText('0.1.0');
      await screenshot(page, `console-branches-${kind}`);

      // Enrol a new PC for Lisbon: the code is shown once, with its expiry; the PC uses it.
      await page.getByTestId('enrol-branch').selectOption('LIS-01');
      await page.getByTestId('enrol-issue').click();
      const code = (await page.getByTestId('enrol-code').textContent())!.trim();
      expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
      await expect(page.getByTestId('enrol-expires')).not.toBeEmpty();
      await screenshot(page, `console-enrol-${kind}`);
      const lisbon2 = pc('lisbon-2');
      await lisbon2.run('sync.configure', { serverUrl: url, enrollmentCode: code, deviceName: 'Lisbon back office' });
      await lisbon2.run('sync.now', {});
      await page.getByTestId('branches-refresh').click();
      await expect(page.getByTestId('branch-LIS-01')).toContainText('Lisbon back office');
      await expect(page.locator('[data-testid^="device-state-"]')).toHaveCount(3);

      // A short transfer: Porto sends 5, Lisbon receives 4.
      await porto.run('transfers.send', { toBranch: 'LIS-01', lines: [{ sku: 'TEA-001', qty: 5 }], id: 'TR-POR-1', actor: 'Rui' });
      await porto.run('sync.now', {});
      await page.getByTestId('nav-transfers').click();
      await expect(page.getByTestId('transfer-status-TR-POR-1')).toHaveText('in transit');
      await expect(page.getByTestId('transfers-filter-in_transit')).toHaveText('In transit (1)');
      await lisbon.run('sync.now', {});
      await lisbon.run('transfers.receive', { transferId: 'TR-POR-1', lines: [{ sku: 'TEA-001', received: 4, note: 'one box crushed' }], actor: 'Ana' });
      await lisbon.run('sync.now', {});
      await page.getByTestId('transfers-filter-received_with_discrepancy').click();
      await expect(page.getByTestId('transfer-status-TR-POR-1')).toHaveText('received with differences');
      await expect(page.getByTestId('transfer-line-TR-POR-1-TEA-001')).toContainText(/5\s*4\s*−1\s*one box crushed/);
      await screenshot(page, `console-transfers-${kind}`);

      // The item across branches, with its trail.
      await page.getByTestId('nav-stock').click();
      await page.getByTestId('item-sku').fill('TEA-001');
      await page.getByTestId('item-show').click();
      await expect(page.getByTestId('item-branch-LIS-01')).toContainText('Lisbon · Rua Augusta');
      await expect(page.getByTestId('item-branch-LIS-01').locator('td').nth(1)).toHaveText('16');
      await expect(page.getByTestId('item-branch-POR-01').locator('td').nth(1)).toHaveText('15');
      await expect(page.getByTestId('item-trail')).toContainText('transfer in');
      await page.getByTestId('branch-stock-search').fill('tea');
      await expect(page.getByTestId('branch-stock-rows')).toContainText('Black tea 250 g');
      await screenshot(page, `console-stock-${kind}`);

      // Two Lisbon PCs sell the same tea offline (HQ flags the negative balance); a branch-made item is learned.
      await lisbon.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA-001', qty: 10 }], actor: 'Ana' });
      await lisbon2.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA-001', qty: 10 }], actor: 'Bea' });
      await lisbon.run('items.upsert', { sku: 'HONEY-LOCAL', name: 'Local honey 500 g', unit: 'jar' });
      await lisbon.run('documents.record', { type: 'receive', lines: [{ sku: 'HONEY-LOCAL', qty: 6 }], actor: 'Ana' });
      await lisbon.run('sync.now', {});
      await lisbon2.run('sync.now', {});

      // A tampered row is quarantined; the operator reads why and rejects it with a reason.
      const backOffice = await pushTamperedRow(url, (await issueEnrollmentCode(store, 'POR-01')).code, 'TEA-001');
      await page.getByTestId('nav-review').click();
      await expect(page.getByTestId('entry-negative-LIS-01/TEA-001')).toContainText('on hand -4');
      await expect(page.getByTestId('entry-unknown_sku-HONEY-LOCAL')).toContainText('learned from LIS-01');
      const [q] = await store.quarantine({});
      const entry = page.getByTestId(`entry-quarantine-${q!.id}`);
      await expect(entry).toContainText(q!.reason);
      await expect(page.getByTestId('queue-quarantine')).toContainText('Quarantine · 1 open');
      await expect(page.getByTestId(`decide-reject-${q!.id}`)).toBeDisabled(); // a decision needs its reason
      await screenshot(page, `console-review-${kind}`);
      await page.getByTestId(`decide-note-${q!.id}`).fill('Porto back-office PC was tampered with; re-enrolled after a reinstall');
      await page.getByTestId(`decide-reject-${q!.id}`).click();
      await expect(page.getByTestId('queue-quarantine')).toContainText('Quarantine · 0 open');
      await expect(entry).toHaveCount(0);
      await page.getByTestId('review-show-handled').check();
      await expect(page.getByTestId(`quarantine-decision-${q!.id}`)).toContainText('Rejected by ana');
      expect((await store.quarantine({}))[0]!.resolution).toMatchObject({ decision: 'rejected', actor: 'ana' });
      // The negative stock is handled by a note saying what was done.
      await page.getByTestId('note-negative-LIS-01/TEA-001').fill('Counted on Monday; stock take recorded');
      await page.getByTestId('handle-negative-LIS-01/TEA-001').click();
      await expect(page.getByTestId('entry-negative-LIS-01/TEA-001')).toContainText('marked handled');
      expect((await store.quarantine({})).map((r) => r.payload)).toEqual([q!.payload]); // the row itself is untouched

      // A new item, added in the console, reaches Lisbon's PC at its next pull.
      await page.getByTestId('nav-catalogue').click();
      await page.getByTestId('csv-text').fill('sku,name,unit\nCOF-010,Espresso beans 1 kg,bag\nCOF-011,,bag\n');
      await page.getByTestId('csv-preview').click();
      await expect(page.getByTestId('csv-problems')).toContainText('Line 3:');
      expect(await store.getItem('COF-010')).toBeNull();
      await page.getByTestId('csv-text').fill('sku,name,unit\nCOF-010,Espresso beans 1 kg,bag\nCOF-011,Decaf beans 1 kg,bag\n');
      await page.getByTestId('csv-preview').click();
      await expect(page.getByTestId('csv-summary')).toHaveText('2 new · 0 changed · 0 unchanged');
      await page.getByTestId('csv-commit').click();
      await expect(page.getByTestId('csv-done')).toContainText('Imported: 2 new');
      await expect(page.getByTestId('item-row-COF-011')).toContainText('Decaf beans 1 kg');
      await page.getByTestId('item-add').click();
      await page.getByTestId('item-field-sku').fill('COF-002');
      await page.getByTestId('item-field-name').fill('Ground coffee 500 g');
      await page.getByTestId('item-field-unit').fill('pack');
      // Two barcodes (old and new packaging), one a line; the first is the primary.
      await page.getByTestId('item-field-barcodes').fill('4006381333931\n8711000530085');
      await page.getByTestId('item-save').click();
      await expect(page.getByTestId('catalogue-message')).toContainText('Saved COF-002');
      await expect(page.getByTestId('item-row-COF-002')).toContainText('Ground coffee 500 g');
      await expect(page.getByTestId('item-barcodes-COF-002')).toHaveText('4006381333931, 8711000530085');
      // A code another item has is refused, naming it.
      await page.getByTestId('item-add').click();
      await page.getByTestId('item-field-sku').fill('COF-003');
      await page.getByTestId('item-field-name').fill('Ground coffee 1 kg');
      await page.getByTestId('item-field-barcodes').fill('8711000530085');
      await page.getByTestId('item-save').click();
      await expect(page.getByTestId('catalogue-message')).toContainText('Barcode 8711000530085 already belongs to COF-002');
      await page.getByTestId('item-field-barcodes').fill('');
      await page.getByTestId('item-save').click();
      await expect(page.getByTestId('catalogue-message')).toContainText('Saved COF-003');
      await screenshot(page, `console-catalogue-${kind}`);
      await lisbon.run('sync.now', {});
      expect(await lisbon.run('items.get', { sku: 'COF-002' })).toMatchObject({ sku: 'COF-002', name: 'Ground coffee 500 g', barcodes: ['4006381333931', '8711000530085'] });
      expect((await lisbon.run('stock.list', { search: '8711000530085', limit: 1 })).rows[0]!.sku).toBe('COF-002');

      // The busy picture: four PCs, one of them pushing rows HQ quarantined.
      await page.getByTestId('nav-branches').click();
      await expect(page.locator('[data-testid^="device-state-"]')).toHaveCount(4);
      await expect(page.getByTestId(`device-${backOffice.deviceId}`)).toContainText('1 quarantined');
      await screenshot(page, `console-branches-busy-${kind}`);

      // A viewer sees, but has no buttons that write.
      await page.getByTestId('sign-out').click();
      await signIn(page, url, 'vera');
      await expect(page.getByTestId('who')).toHaveText('vera · viewer (read only)');
      await expect(page.getByTestId('enrol')).toHaveCount(0);
      await page.getByTestId('nav-catalogue').click();
      await expect(page.getByTestId('item-row-COF-002')).toBeVisible();
      await expect(page.getByTestId('item-add')).toHaveCount(0);
    } finally {
      for (const h of pcs) h.close();
      await hq.close();
    }
  });
}

test('a new HQ: the sign-in page, and a console that says what to do first', async ({ page }) => {
  const hq = await startConsoleHq('sqlite');
  try {
    await hq.operators.add('ana', 'admin', PASSWORD);
    await page.goto(`${hq.url}/console/`);
    await expect(page.getByTestId('login-submit')).toBeVisible();
    await screenshot(page, 'console-login');
    await page.getByTestId('login-user').fill('ana');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await expect(page.getByText('No branches yet. Add one on the server')).toBeVisible();
    await screenshot(page, 'console-new-hq');
    // The session survives a reload (cookie), and signing out ends it.
    await page.reload();
    await expect(page.getByTestId('who')).toHaveText('ana · admin');
    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('login-submit')).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('login-submit')).toBeVisible();
  } finally {
    await hq.close();
  }
});
