import { describe, expect, it } from 'vitest';
import { seedItems, tempHost } from '../helpers/tempLedger';

function shop(operator: 'cli' | 'script' = 'script') {
  let now = Date.parse('2026-03-10T09:00:00Z');
  const host = tempHost({ now: () => now, operator });
  return { host, advance: (ms: number) => { now += ms; } };
}

async function setUp(host: ReturnType<typeof tempHost>) {
  await host.run('setup.complete', { branch: { code: 'BER-01', name: 'Berlin Mitte', timeZone: 'Europe/Berlin' }, currency: 'EUR', locale: 'de-DE', manager: { name: 'Anna', pin: '1234' } });
  await host.run('users.upsert', { name: 'Ben', pin: '2468', role: 'clerk', actor: 'Anna' });
  await host.run('users.upsert', { name: 'Carla', pin: '9753', role: 'manager', actor: 'Anna' });
  await seedItems(host, ['TEA']);
}

const log = (host: ReturnType<typeof tempHost>) => host.ledger.db.prepare(`SELECT command, via, actor, approved_by AS approvedBy, subject FROM command_log ORDER BY id`).all();

/** A receipt recorded 25 hours ago (beyond the clerk limit), a sale just now, and clerk Ben signed in. */
async function clerkBenAfterADay() {
  const { host, advance } = shop();
  await setUp(host);
  const early = await host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 10 }], actor: 'Ben' });
  advance(25 * 3_600_000);
  const recent = await host.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 1 }], actor: 'Ben' });
  await host.runFromApp('users.signIn', { name: 'Ben', pin: '2468' });
  return { host, early, recent };
}

describe('manager-only commands, enforced in the command layer', () => {
  it('a clerk cannot change settings through the app without a manager; a clerk PIN is no approval; five wrong PINs lock the manager; nothing changes', async () => {
    const { host, advance } = shop();
    await setUp(host);
    await host.runFromApp('users.signIn', { name: 'Ben', pin: '2468' });
    const before = await host.run('settings.get', {});

    const alone = await host.callFromApp('settings.set', { allowNegativeStock: true });
    expect(alone).toMatchObject({ ok: false, error: { code: 'APPROVAL_REQUIRED' } });
    expect(!alone.ok && alone.error.message).toBe('Only a manager can change the branch settings. Ask a manager to sign in, or to approve it here with their name and PIN.');

    const clerkPin = await host.callFromApp('settings.set', { allowNegativeStock: true, approval: { manager: 'Ben', pin: '2468' } });
    expect(clerkPin).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(!clerkPin.ok && clerkPin.error.message).toMatch(/^Ben is a clerk, not a manager, so cannot approve this/);

    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await host.callFromApp('settings.set', { allowNegativeStock: true, approval: { manager: 'Anna', pin: '0000' } }));
    expect(answers.map((a) => !a.ok && a.error.code)).toEqual(Array(5).fill('UNAUTHORIZED'));
    expect(!answers[0]!.ok && answers[0]!.error.message).toBe('That PIN is not right for Anna. Try again.');
    expect(!answers[4]!.ok && answers[4]!.error.message).toBe('Too many wrong PINs for Anna. Wait 60 seconds and try again.');
    // Locked: even the right PIN waits.
    const locked = await host.callFromApp('settings.set', { allowNegativeStock: true, approval: { manager: 'Anna', pin: '1234' } });
    expect(!locked.ok && locked.error.message).toMatch(/Too many wrong PINs for Anna\. Wait \d+ seconds/);
    expect(await host.run('settings.get', {})).toEqual(before);
    expect(log(host).filter((r) => (r as { command: string }).command === 'settings.set')).toEqual([]);

    // Another manager approves on the spot: done, and recorded with who approved.
    const approved = await host.callFromApp('settings.set', { allowNegativeStock: true, approval: { manager: 'Carla', pin: '9753' } });
    expect(approved).toMatchObject({ ok: true, result: { allowNegativeStock: true } });
    expect(log(host).at(-1)).toEqual({ command: 'settings.set', via: 'app', actor: 'Ben', approvedBy: 'Carla', subject: 'settings:allowNegativeStock' });
    advance(61_000);
    expect(await host.callFromApp('settings.set', { allowNegativeStock: false, approval: { manager: 'Anna', pin: '1234' } })).toMatchObject({ ok: true });
  });

  it('a signed-in manager needs no approval until they sign out; the CLI acts as the operator and is logged as CLI', async () => {
    const { host } = shop('cli');
    await setUp(host);
    await host.runFromApp('users.signIn', { name: 'Anna', pin: '1234' });
    expect(await host.callFromApp('settings.set', { branchName: 'Berlin Mitte 2' })).toMatchObject({ ok: true });
    expect(log(host).at(-1)).toMatchObject({ command: 'settings.set', via: 'app', actor: 'Anna', approvedBy: null });
    expect(await host.callFromApp('users.signOut', {})).toEqual({ ok: true, result: { signedOut: true } });
    expect(await host.callFromApp('settings.set', { branchName: 'x' })).toMatchObject({ ok: false, error: { code: 'APPROVAL_REQUIRED' } });

    expect(await host.call('settings.set', { branchName: 'Berlin Mitte' })).toMatchObject({ ok: true });
    const receipt = await host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 3 }], actor: 'ops' });
    expect((await host.run('stock.trail', { sku: 'TEA', limit: 1 })).rows[0]).toMatchObject({ actor: 'ops', via: 'cli', approvedBy: null });
    expect(log(host).slice(-2)).toEqual([
      { command: 'settings.set', via: 'cli', actor: 'operator (CLI)', approvedBy: null, subject: 'settings:branchName' },
      { command: 'documents.record', via: 'cli', actor: 'ops (CLI)', approvedBy: null, subject: receipt.id },
    ]);
  });

  it('clerks may reverse recent movements alone; older ones, stock-take commits, rebuilds, clerk changes and HQ connection need a manager', async () => {
    const { host, early, recent } = await clerkBenAfterADay();
    expect(await host.callFromApp('movements.reverse', { movementId: recent.movements[0]!.id, reason: 'scanned twice', actor: 'Ben' })).toMatchObject({ ok: true });
    const old = await host.callFromApp('movements.reverse', { movementId: early.movements[0]!.id, reason: 'wrong supplier', actor: 'Ben' });
    expect(old).toMatchObject({ ok: false, error: { code: 'APPROVAL_REQUIRED' } });
    expect(!old.ok && old.error.message).toMatch(/Only a manager can reverse a movement this old/);
    const approved = await host.callFromApp('movements.reverse', { movementId: early.movements[0]!.id, reason: 'wrong supplier', actor: 'Ben', approval: { manager: 'Anna', pin: '1234' } });
    expect(approved).toMatchObject({ ok: true });
    expect(log(host).at(-1)).toMatchObject({ command: 'movements.reverse', actor: 'Ben', approvedBy: 'Anna', subject: approved.ok ? (approved.result as { id: string }).id : '' });
    const trail = (await host.run('stock.trail', { sku: 'TEA' })).rows;
    expect(trail.filter((r) => r.kind === 'reversal').map((r) => [r.note, r.approvedBy])).toEqual([['scanned twice', null], ['wrong supplier', 'Anna']]);

    const session = await host.run('stocktake.start', { scope: { kind: 'all' }, actor: 'Ben' });
    for (const [name, payload] of [
      ['ledger.rebuild', {}],
      ['users.upsert', { name: 'Dan', pin: '1111', actor: 'Ben' }],
      ['sync.configure', { serverUrl: 'http://127.0.0.1:9', enrollmentCode: 'ABCDE-FGHIJ' }],
      ['stocktake.commit', { sessionId: session.id, uncounted: 'leave', actor: 'Ben' }],
    ] as Array<[string, unknown]>) {
      expect([name, await host.callFromApp(name, payload)]).toMatchObject([name, { ok: false, error: { code: 'APPROVAL_REQUIRED' } }]);
    }
    expect((await host.run('users.list', {})).rows.map((u) => u.name)).not.toContain('Dan');
  });

  it('a whole document older than the clerk limit needs a manager too, found through the document index, not a table scan', async () => {
    const { host, early, recent } = await clerkBenAfterADay();
    expect(await host.callFromApp('documents.reverse', { type: 'sale', id: recent.id, reason: 'scanned twice', actor: 'Ben' })).toMatchObject({ ok: true });
    expect(await host.callFromApp('documents.reverse', { type: 'receive', id: early.id, reason: 'wrong supplier', actor: 'Ben' })).toMatchObject({ ok: false, error: { code: 'APPROVAL_REQUIRED' } });
    const plan = host.ledger.db.prepare(`EXPLAIN QUERY PLAN SELECT max(recorded_at) AS t FROM movements WHERE doc_type = ? AND doc_id = ?`).all('receive', early.id) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX movements_doc/);
  });

  it('the first start needs no approval, and cannot be run twice', async () => {
    const { host } = shop();
    expect(await host.runFromApp('setup.status', {})).toMatchObject({ needed: true, branchAssigned: false, hasUsers: false });
    const done = await host.runFromApp('setup.complete', { branch: { code: 'BER-01', name: 'Berlin', timeZone: 'Europe/Berlin' }, currency: 'EUR', locale: 'de-DE', manager: { name: 'Anna', pin: '1234' } });
    expect(done).toMatchObject({ settings: { branchCode: 'BER-01', timeZone: 'Europe/Berlin', currency: 'EUR', locale: 'de-DE' }, manager: { name: 'Anna', role: 'manager' } });
    const again = await host.callFromApp('setup.complete', { branch: { code: 'HAM-01', name: 'Hamburg', timeZone: 'Europe/Berlin' }, currency: 'EUR', locale: 'de-DE', approval: { manager: 'Anna', pin: '1234' } });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await host.run('settings.get', {})).branchCode).toBe('BER-01');
    const zone = await host.call('setup.complete', { branch: { code: 'X', name: 'X', timeZone: 'Mars/Olympus' }, currency: 'EUR', locale: 'de-DE' });
    expect(!zone.ok && zone.error.message).toMatch(/unknown time zone: use an IANA name such as Europe\/Berlin/);
  });
});
