import { describe, expect, it } from 'vitest';
import { RENDERER_URL, STARTUP_ERROR_URL, UPGRADE_URL } from '../../electron/shell/appProtocol';
import { CLOSE_DURING_UPGRADE, closeAnyway, StartupWindow } from '../../electron/shell/startupWindow';
import { elapsedText, followUpgrade, upgradePage, upgradePercent, type UpgradeStatus } from '../../electron/shell/upgradePage';

// Text as a clerk reads it: tags gone, whitespace collapsed.
const text = (html: string) => html.replace(/<style>[\s\S]*<\/style>/, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const at = (phase: UpgradeStatus['phase'], done: number, total: number, phaseStartedAt = 0): UpgradeStatus => ({ phase, done, total, phaseStartedAt });

describe('the upgrade page', () => {
  it('says what is happening, that it happens once, and not to switch the PC off', () => {
    const page = text(upgradePage(at('upgrade', 4_000_000, 10_000_009), { now: 72_000, version: '0.2.0' }));
    expect(page).toContain("Stock Ledger is updating this PC's ledger file for the new version. This happens once; a large file can take a few minutes.");
    expect(page).toContain('Do not switch the PC off. Stock Ledger opens by itself when it is done.');
    expect(page).toContain('Stock Ledger 0.2.0');
  });

  it('shows the movements at their percentage and compacting as next, while upgrading', () => {
    const html = upgradePage(at('upgrade', 4_000_000, 10_000_009), { now: 72_000, version: '0.2.0' });
    expect(text(html)).toContain('1. Upgrading the movements 39% (1 min 12 s so far)');
    expect(text(html)).toContain('2. Compacting the file Next');
    expect(html).toContain('<progress aria-label="Upgrading the movements" max="100" value="39">');
  });

  it('shows the movements done and compacting working with the time so far, not a percentage stuck at 0', () => {
    const html = upgradePage(at('compact', 0, 1, 10_000), { now: 55_000, version: '0.2.0' });
    expect(text(html)).toContain('1. Upgrading the movements Done');
    expect(text(html)).toContain('2. Compacting the file Working (45 s so far)');
    expect(html).toContain('<progress aria-label="Compacting the file"></progress>');
    expect(text(html)).not.toMatch(/\b0%/);
  });

  it('says it is opening once compacting is done', () => {
    const page = text(upgradePage(at('compact', 1, 1), { now: 1, version: '0.2.0' }));
    expect(page).toContain('Opening Stock Ledger…');
    expect(page).toContain('2. Compacting the file Done');
    expect(page).not.toContain('so far');
  });

  it('reloads itself, has no script, and escapes what it shows', () => {
    const html = upgradePage(at('upgrade', 1, 2), { now: 0, version: '1.0 <b>"beta"</b>' });
    expect(html).toContain('<meta http-equiv="refresh" content="1">');
    expect(html).toContain('1.0 &#60;b&#62;&#34;beta&#34;&#60;/b&#62;');
    expect(html).not.toContain('<b>');
    expect(html).not.toMatch(/<script/i);
  });

  it('rounds down, so 100% means done, and gives no percentage for a phase without a measure', () => {
    expect(upgradePercent({ done: 10_000_008, total: 10_000_009 })).toBe(99);
    expect(upgradePercent({ done: 10_000_009, total: 10_000_009 })).toBe(100);
    expect(upgradePercent({ done: 0, total: 1 })).toBeNull();
    expect(upgradePercent({ done: 0, total: 0 })).toBeNull();
    expect([elapsedText(0), elapsedText(59_999), elapsedText(125_000), elapsedText(3_780_000)]).toEqual(['0 s', '59 s', '2 min 05 s', '1 h 03 min']);
  });

  it('follows the upgrade and compact tasks, keeps when each phase began, and ignores other tasks', () => {
    const first = followUpgrade(null, { task: 'upgrade', done: 100_000, total: 1_000 }, 5);
    expect(first).toEqual(at('upgrade', 100_000, 1_000, 5));
    expect(followUpgrade(first, { task: 'upgrade', done: 200_000, total: 1_000 }, 9)?.phaseStartedAt).toBe(5);
    expect(followUpgrade(first, { task: 'compact', done: 0, total: 1 }, 9)).toEqual(at('compact', 0, 1, 9));
    expect(followUpgrade(first, { task: 'costing', done: 1, total: 2 }, 9)).toBe(first);
    expect(followUpgrade(null, { task: 'costing', done: 1, total: 2 }, 9)).toBeNull();
  });
});

describe('the window while the app starts', () => {
  function fakeWindow() {
    const moves: string[] = [];
    let open = false;
    return {
      moves,
      control: { exists: () => open, open: (url: string) => { open = true; moves.push(`open ${url}`); }, navigate: (url: string) => moves.push(`navigate ${url}`) },
    };
  }

  it('opens no window until the ledger is open when nothing is upgraded (the normal start)', () => {
    const w = fakeWindow();
    const startup = new StartupWindow(w.control);
    startup.progress({ task: 'costing', done: 1, total: 2 });
    expect(w.moves).toEqual([]);
    startup.settle(RENDERER_URL);
    expect(w.moves).toEqual([`open ${RENDERER_URL}`]);
    expect(startup.upgrade).toBeNull();
  });

  it('shows the upgrade page at its first progress, once, then takes that window to the app', () => {
    const w = fakeWindow();
    const startup = new StartupWindow(w.control, () => 1_000);
    startup.progress({ task: 'upgrade', done: 100_000, total: 200_009 });
    startup.progress({ task: 'upgrade', done: 200_000, total: 200_009 });
    startup.progress({ task: 'compact', done: 0, total: 1 });
    expect(w.moves).toEqual([`open ${UPGRADE_URL}`]);
    expect(startup.upgrade).toEqual(at('compact', 0, 1, 1_000));
    startup.settle(RENDERER_URL);
    expect(w.moves).toEqual([`open ${UPGRADE_URL}`, `navigate ${RENDERER_URL}`]);
  });

  it('takes the upgrade page to the start-up error page when the upgrade fails', () => {
    const w = fakeWindow();
    const startup = new StartupWindow(w.control);
    startup.progress({ task: 'upgrade', done: 1, total: 10 });
    startup.settle(STARTUP_ERROR_URL);
    expect(w.moves).toEqual([`open ${UPGRADE_URL}`, `navigate ${STARTUP_ERROR_URL}`]);
  });

  it('asks before a close would stop the upgrade, not before one that loses nothing', () => {
    const w = fakeWindow();
    const startup = new StartupWindow(w.control);
    expect(startup.closingStopsUpgrade).toBe(false); // a normal start: nothing to lose
    startup.progress({ task: 'upgrade', done: 1, total: 10 });
    expect(startup.closingStopsUpgrade).toBe(true);
    // Compacting runs after the upgrade is saved.
    startup.progress({ task: 'compact', done: 0, total: 1 });
    expect(startup.closingStopsUpgrade).toBe(false);
    const again = new StartupWindow(fakeWindow().control);
    again.progress({ task: 'upgrade', done: 1, total: 10 });
    again.settle(RENDERER_URL);
    expect(again.closingStopsUpgrade).toBe(false);
    // The message box's default and its cancel keep the upgrade running.
    expect(closeAnyway(CLOSE_DURING_UPGRADE.defaultId)).toBe(false);
    expect(closeAnyway(CLOSE_DURING_UPGRADE.cancelId)).toBe(false);
    expect(closeAnyway(CLOSE_DURING_UPGRADE.buttons.indexOf('Close anyway'))).toBe(true);
  });

  it('leaves progress after start-up to the app (a restored backup upgraded by a new worker)', () => {
    const w = fakeWindow();
    const startup = new StartupWindow(w.control);
    startup.settle(RENDERER_URL);
    startup.progress({ task: 'upgrade', done: 1, total: 10 });
    expect(w.moves).toEqual([`open ${RENDERER_URL}`]);
    expect(startup.upgrade).toBeNull();
  });
});
