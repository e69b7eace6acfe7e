import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildHqServer } from '../../server/app';
import { issueEnrollmentCode } from '../../server/auth';
import { openStore } from '../../server/store/open';
import { expect, signIn, test } from './fixtures';
import { screenshot } from './harness';

/**
 * The sync screen tells the truth about the latest round: refused enrolments are listed as problems,
 * "Sync now" while HQ is down shows one error (not the same sentence twice), and once HQ is back the
 * red box goes by itself, without the clerk pressing anything.
 */
test('the sync screen lists refused enrolments, shows one error offline, and clears it when HQ is back', async ({ app }) => {
  test.setTimeout(120_000);
  const { page, shop } = app;
  const dir = mkdtempSync(join(tmpdir(), 'stock-ledger-e2e-honesty-'));
  const store = await openStore({ dataDir: join(dir, 'hq') });
  let hq: FastifyInstance = buildHqServer({ store });
  await hq.listen({ host: '127.0.0.1', port: 0 });
  const port = (hq.server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  try {
    await store.addBranch({ code: 'LIS-01', name: 'Lisbon · Rua Augusta' });
    const anna = shop.clerks[0]!;
    await signIn(page, anna.name, anna.pin);
    await page.getByTestId('nav-sync').click();

    // Three refused codes: each one is a recent problem, not "None.".
    await page.getByTestId('sync-url').fill(url);
    for (const wrong of ['WRONG-1', 'WRONG-2', 'WRONG-3']) {
      await page.getByTestId('sync-code').fill(wrong);
      await page.getByTestId('sync-enroll').click();
      await expect(page.getByTestId('sync-error')).toContainText('HQ did not accept the enrollment code');
    }
    // The same refusal three times in a row reads as one line with a count.
    await expect(page.getByTestId('sync-errors').locator('li')).toHaveCount(1);
    await expect(page.getByTestId('sync-errors')).toContainText('HQ did not accept the enrollment code');
    await expect(page.getByTestId('sync-errors')).toContainText('(3 times since');
    await expect(page.getByTestId('sync-no-problems')).toHaveCount(0);
    await screenshot(page, 'sync-refused-enrolments');

    await page.getByTestId('sync-code').fill((await issueEnrollmentCode(store, 'LIS-01')).code);
    await page.getByTestId('sync-enroll').click();
    await expect(page.getByTestId('sync-message')).toContainText('Connected to HQ as branch LIS-01');
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-message')).toContainText('Sync done');

    // HQ goes away; the clerk presses Sync now: one red box says so, not two identical ones.
    await hq.close();
    await page.getByTestId('sync-now').click();
    const unreachable = page.locator('.error-box', { hasText: 'cannot be reached' });
    await expect(unreachable.first()).toBeVisible();
    await expect(page.getByTestId('sync-state-text')).toContainText('Offline');
    // Give a second copy the time a poll takes to show up.
    await page.waitForTimeout(2500);
    await expect(unreachable).toHaveCount(1);
    await screenshot(page, 'sync-offline-one-error');

    // HQ is back on the same address: the scheduler's retry reaches it and the screen follows.
    hq = buildHqServer({ store });
    await hq.listen({ host: '127.0.0.1', port });
    await expect(page.getByTestId('sync-state-text')).toHaveText('Online', { timeout: 90_000 });
    await expect(unreachable).toHaveCount(0);
    await expect(page.locator('.error-box')).toHaveCount(0);
    await screenshot(page, 'sync-back-online');
  } finally {
    await hq.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
