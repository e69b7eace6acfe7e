/**
 * Helpers of the back-office specs (items, journal, printing, formatting): a new shop with one
 * manager, printing to a real PDF (Chromium's print engine) and reading it back with poppler.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, signIn, type Shop } from './fixtures';
import { REPO_ROOT } from './harness';

export const PRINT_DIR = join(REPO_ROOT, 'test-results', 'prints');

/** A new shop (seeded: false) with its first manager, signed in. */
export async function newShopManager(app: Shop, name = 'Dora Lima', pin = '4321'): Promise<void> {
  // A fresh ledger first goes through first-start setup (branch, zone, the first manager).
  const setup = await app.ledger.host.run('setup.status', {});
  if (setup.needed) {
    await app.ledger.host.run('setup.complete', { branch: { code: 'LIS-01', name: 'Lisbon', timeZone: 'Europe/Lisbon' }, currency: 'EUR', locale: 'en-GB', manager: { name, pin } });
  } else {
    await app.ledger.host.run('users.upsert', { name, pin, role: 'manager', actor: name });
  }
  await app.page.reload();
  await signIn(app.page, name, pin);
}

/** Counts window.print() calls instead of opening the dialog (install before page.goto or reload). */
export async function countPrints(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = globalThis as unknown as { __prints: number; print: () => void };
    w.__prints = 0;
    w.print = () => { w.__prints += 1; };
  });
}

export async function printsSoFar(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as { __prints: number }).__prints);
}

/**
 * What the clerk would get from "Save as PDF": the page printed by Chromium with the print styles.
 * Answers the PDF's text (pdftotext, layout kept) and writes a PNG of each page next to it (pdftoppm),
 * so a person can look at the printout.
 */
export async function printedPdf(page: Page, name: string): Promise<{ text: string; pages: number; pdf: string }> {
  mkdirSync(PRINT_DIR, { recursive: true });
  const pdf = join(PRINT_DIR, `${name}.pdf`);
  await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  execFileSync('pdftoppm', ['-png', '-r', '70', pdf, join(PRINT_DIR, name)]);
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  return { text, pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0), pdf };
}

/** Money as the app writes it for a locale and currency (one minus sign, no-break spaces as plain spaces). */
export function money(minor: number, locale = 'en-GB', currency = 'EUR'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minor / 100).replace(/[-\u2212]/g, '−');
}

/** Text with every kind of space made a plain one, for comparing formatted numbers. */
export const spaces = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, ' ').trim();

export { expect };

/**
 * A USB barcode scanner, inside the page: it "types" each code a character every `charMs` and ends
 * with Enter, one code every `gapMs` (start to start), without waiting for the app. charMs 0 types a
 * whole code in one go (a fast scanner: its keys arrive faster than the page runs its handlers). Text goes in the
 * way a keyboard's does for React (the input's value setter + an input event), Enter as a keydown.
 */
export async function scannerBurst(page: Page, testId: string, codes: string[], o: { gapMs?: number; charMs?: number } = {}): Promise<void> {
  await page.evaluate(async ({ testId, codes, gapMs, charMs }) => {
    const input = document.querySelector(`[data-testid="${testId}"]`) as HTMLInputElement;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
    // One scan after another (a scanner never interleaves two codes), each starting gapMs after the
    // previous one started, or at once when typing it took longer; never waiting for the app.
    for (const code of codes) {
      const start = performance.now();
      for (const ch of code) {
        setValue.call(input, input.value + ch);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        if (charMs > 0) await sleep(charMs);
      }
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true }));
      const left = gapMs - (performance.now() - start);
      if (left > 0) await sleep(left);
    }
  }, { testId, codes, gapMs: o.gapMs ?? 30, charMs: o.charMs ?? 1 });
}

/**
 * The desktop app's print bridge, as the preload would add it to `window.stockLedger` (electron/preload.ts,
 * electron/printIpc.ts answer `{ ok, saved }`); Electron cannot run here, so the served app's transport
 * object gets a `print` that records each request and answers as a saved PDF would.
 */
export async function desktopPrintBridge(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = globalThis as unknown as { __printRequests: Array<{ mode: string; title: string }> };
    w.__printRequests = [];
    const define = Object.defineProperty;
    Object.defineProperty = function <T>(target: T, key: PropertyKey, attrs: PropertyDescriptor & ThisType<unknown>): T {
      if (target === globalThis && key === 'stockLedger' && attrs.value && typeof attrs.value === 'object') {
        const print = async (r: { mode: string; title: string }) => {
          w.__printRequests.push(r);
          return { ok: true, saved: r.mode === 'pdf' ? `/home/clerk/Documents/${r.title}.pdf` : null };
        };
        // The transport object is frozen, as the preload's is: the bridge is a copy with `print` added.
        return define(target, key, { ...attrs, value: Object.freeze({ ...(attrs.value as object), print }) }) as T;
      }
      return define(target, key, attrs) as T;
    } as typeof Object.defineProperty;
  });
}

export async function desktopPrintRequests(page: Page): Promise<Array<{ mode: string; title: string }>> {
  return page.evaluate(() => (globalThis as unknown as { __printRequests: Array<{ mode: string; title: string }> }).__printRequests);
}
