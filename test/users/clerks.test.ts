import { describe, expect, it } from 'vitest';
import { LOCK_MS, MAX_FAILED_ATTEMPTS } from '../../electron/users/users';
import { seedItems, tempHost } from '../helpers/tempLedger';

async function shopWithManager(now?: () => number) {
  const host = tempHost(now ? { now } : {});
  const anna = await host.run('users.upsert', { name: 'Anna', pin: '1234' });
  return { host, anna };
}

describe('local users (clerks)', () => {
  it('lets a fresh ledger create its first user without anyone signed in, and makes them a manager', async () => {
    const host = tempHost();
    expect(await host.run('users.list', {})).toEqual({ rows: [], firstRun: true });
    const first = await host.run('users.upsert', { name: 'Anna', pin: '1234', role: 'clerk' });
    expect(first.role).toBe('manager');
    const list = await host.run('users.list', {});
    expect(list.firstRun).toBe(false);
    expect(list.rows.map((c) => c.name)).toEqual(['Anna']);
  });

  it('stores PINs hashed with a salt per user, never the PIN itself', async () => {
    const { host } = await shopWithManager();
    await host.run('users.upsert', { name: 'Ben', pin: '1234', actor: 'Anna' });
    const rows = host.ledger.db.prepare('SELECT name, pin_salt, pin_hash FROM users').all() as Array<{ name: string; pin_salt: string; pin_hash: string }>;
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.pin_hash).not.toContain('1234');
      expect(r.pin_hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(rows[0]!.pin_salt).not.toBe(rows[1]!.pin_salt);
    expect(rows[0]!.pin_hash).not.toBe(rows[1]!.pin_hash);
  });

  it('signs a clerk in with the right PIN and refuses a wrong one', async () => {
    const { host, anna } = await shopWithManager();
    expect((await host.run('users.signIn', { userId: anna.id, pin: '1234' })).name).toBe('Anna');
    expect((await host.run('users.signIn', { name: 'anna', pin: '1234' })).id).toBe(anna.id);
    const wrong = await host.call('users.signIn', { userId: anna.id, pin: '9999' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', message: 'That PIN is not right for Anna. Try again.' } });
  });

  it('locks a clerk for a minute after repeated wrong PINs, even with the right PIN', async () => {
    let now = Date.parse('2026-03-14T10:00:00Z');
    const { host, anna } = await shopWithManager(() => now);
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) expect((await host.call('users.signIn', { userId: anna.id, pin: '0000' })).ok).toBe(false);
    const locked = await host.call('users.signIn', { userId: anna.id, pin: '1234' });
    expect(locked).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(!locked.ok && locked.error.message).toMatch(/Too many wrong PINs for Anna. Wait \d+ seconds/);
    now += LOCK_MS + 1;
    expect((await host.run('users.signIn', { userId: anna.id, pin: '1234' })).name).toBe('Anna');
  });

  it('lets only a manager add or change clerks', async () => {
    const { host } = await shopWithManager();
    const ben = await host.run('users.upsert', { name: 'Ben', pin: '2468', actor: 'Anna' });
    expect(ben.role).toBe('clerk');
    const byClerk = await host.call('users.upsert', { name: 'Cleo', pin: '1357', actor: 'Ben' });
    expect(byClerk).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const byNobody = await host.call('users.upsert', { name: 'Cleo', pin: '1357' });
    expect(byNobody).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await host.run('users.list', {})).rows.map((c) => c.name)).toEqual(['Anna', 'Ben']);
  });

  it('refuses a second clerk with the same name, whatever the case', async () => {
    const { host } = await shopWithManager();
    const again = await host.call('users.upsert', { name: 'ANNA', pin: '5555', actor: 'Anna' });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('refuses a new clerk without a PIN, and a PIN that is not 4 to 8 digits', async () => {
    const { host } = await shopWithManager();
    expect(await host.call('users.upsert', { name: 'Ben', actor: 'Anna' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await host.call('users.upsert', { name: 'Ben', pin: '12', actor: 'Anna' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await host.call('users.upsert', { name: 'Ben', pin: '12ab', actor: 'Anna' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('changes a PIN, keeps the old one when none is given, and disabled clerks cannot sign in', async () => {
    const { host } = await shopWithManager();
    const ben = await host.run('users.upsert', { name: 'Ben', pin: '2468', actor: 'Anna' });
    await host.run('users.upsert', { id: ben.id, name: 'Ben Osei', actor: 'Anna' });
    expect((await host.run('users.signIn', { userId: ben.id, pin: '2468' })).name).toBe('Ben Osei');
    await host.run('users.upsert', { id: ben.id, name: 'Ben Osei', pin: '8642', actor: 'Anna' });
    expect((await host.call('users.signIn', { userId: ben.id, pin: '2468' })).ok).toBe(false);
    await host.run('users.setActive', { userId: ben.id, active: false, actor: 'Anna' });
    expect(await host.call('users.signIn', { userId: ben.id, pin: '8642' })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect((await host.run('users.list', {})).rows.map((c) => c.name)).toEqual(['Anna']);
    expect((await host.run('users.list', { includeDisabled: true })).rows.map((c) => c.name)).toEqual(['Anna', 'Ben Osei']);
  });

  it('never leaves the shop without an active manager', async () => {
    const { host, anna } = await shopWithManager();
    expect(await host.call('users.setActive', { userId: anna.id, active: false, actor: 'Anna' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await host.call('users.upsert', { id: anna.id, name: 'Anna', role: 'clerk', actor: 'Anna' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

describe('items.facets', () => {
  it('lists the categories and brands in the catalogue with their item counts', async () => {
    const host = tempHost();
    await seedItems(host, ['A-1']);
    await host.run('items.upsert', { sku: 'T-1', name: 'Tea', category: 'Tea', brand: 'Clipper' });
    await host.run('items.upsert', { sku: 'T-2', name: 'Tea 2', category: 'Tea', brand: 'Pukka' });
    await host.run('items.upsert', { sku: 'S-1', name: 'Soap', category: 'Household', brand: 'Clipper' });
    expect(await host.run('items.facets', {})).toEqual({
      categories: [{ value: 'Household', items: 1 }, { value: 'Tea', items: 2 }],
      brands: [{ value: 'Clipper', items: 2 }, { value: 'Pukka', items: 1 }],
    });
  });
});
