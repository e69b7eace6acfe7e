import { describe, expect, it } from 'vitest';
import { issueEnrollmentCode } from '../../../server/auth';
import { openTestStore, startHq, STORE_KINDS } from '../helpers/hq';
import { addOperators, ConsoleClient, count, PASSWORD } from './session';

/** The console API's doors: each refusal answers clearly and writes nothing. */
describe.each(STORE_KINDS)('HQ console refusals (%s)', (kind) => {
  async function setup(options: Parameters<typeof startHq>[1] = {}) {
    const store = await openTestStore(kind);
    const ops = await addOperators(store);
    await store.addBranch({ code: 'LIS-01', name: 'Lisbon' });
    const hq = await startHq(store, options);
    return { store, ops, url: hq.url, client: () => new ConsoleClient(hq.url) };
  }

  it('a wrong password and an unknown name get the same 401, no cookie and no session', async () => {
    const { store, client } = await setup();
    const wrong = await client().login('ana', 'not-the-password');
    const unknown = await client().login('nobody', PASSWORD);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    expect(wrong.body.error.message).not.toMatch(/password is wrong|unknown user|no such/i);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(await count(store, 'operator_sessions')).toBe(0);
  });

  it('signs in with an HttpOnly SameSite=Strict cookie (Secure behind TLS), and every API call needs it', async () => {
    const { client } = await setup({ trustProxy: true });
    expect((await client().send('GET', '/branches')).status).toBe(401);
    const c = client();
    const ok = await c.login('ana');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ user: 'ana', role: 'admin' });
    expect(c.setCookie).toMatch(/HttpOnly/);
    expect(c.setCookie).toMatch(/SameSite=Strict/);
    expect(c.setCookie).not.toMatch(/Secure/);
    expect((await c.send('GET', '/branches')).status).toBe(200);
    const behindTls = client();
    await behindTls.send('POST', '/login', { user: 'ana', password: PASSWORD }, { 'x-forwarded-proto': 'https' });
    expect(behindTls.setCookie).toMatch(/; Secure/);
  });

  it('a disabled operator is refused (401), and their open session ends at once', async () => {
    const { ops, client } = await setup();
    const c = client();
    await c.login('vera');
    expect((await c.send('GET', '/branches')).status).toBe(200);
    await ops.disable('vera');
    expect((await c.send('GET', '/branches')).status).toBe(401);
    const again = await client().login('vera');
    expect(again.status).toBe(401);
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('a viewer writing gets 403 and nothing is stored', async () => {
    const { store, client } = await setup();
    const c = client();
    await c.login('vera');
    const r = await c.write('/items', { sku: 'NEW-1', name: 'New item' });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('FORBIDDEN');
    expect(await store.getItem('NEW-1')).toBeNull();
    expect((await c.write('/enrolment-codes', { branch: 'LIS-01' })).status).toBe(403);
    expect(await count(store, 'enrollment_codes')).toBe(0);
  });

  it('a write without the CSRF token, with a wrong one, or from another origin gets 403 and nothing is stored', async () => {
    const { store, client } = await setup();
    const c = client();
    await c.login('ana');
    const none = await c.send('POST', '/items', { sku: 'NEW-1', name: 'New item' });
    expect(none.status).toBe(403);
    expect(none.body.error.message).toMatch(/CSRF/);
    expect((await c.send('POST', '/items', { sku: 'NEW-1', name: 'New item' }, { 'x-csrf-token': 'x'.repeat(32) })).status).toBe(403);
    const foreign = await c.send('POST', '/items', { sku: 'NEW-1', name: 'New item' }, { 'x-csrf-token': c.csrf, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(await store.getItem('NEW-1')).toBeNull();
    expect((await c.write('/items', { sku: 'NEW-1', name: 'New item' })).status).toBe(200);
    expect((await store.getItem('NEW-1'))?.name).toBe('New item');
  });

  it('an item with an unknown field or a blank name is refused, naming the field', async () => {
    const { store, client } = await setup();
    const c = client();
    await c.login('ana');
    const extra = await c.write('/items', { sku: 'NEW-1', name: 'New item', colour: 'red' });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toMatch(/colour/);
    const blank = await c.write('/items', { sku: 'NEW-1', name: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.error.message).toMatch(/name/);
    expect(await store.getItem('NEW-1')).toBeNull();
  });

  it('a catalogue CSV with a bad line is refused whole, naming the line; a good one previews, then imports', async () => {
    const { store, client } = await setup();
    const c = client();
    await c.login('ana');
    const csv = 'sku,name,unit\nCOF-1,Coffee,bag\n"COF-2,Broken quote,bag\n';
    const bad = await c.write('/items/import', { csv: 'sku,name,unit\nCOF-1,Coffee,bag\nCOF-2,,bag\nCOF-1,Again,bag\n', commit: true });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/line 3/);
    expect(bad.body.error.details.problems).toEqual([
      { line: 3, message: expect.stringMatching(/name/) },
      { line: 4, message: 'SKU COF-1 is already on line 2.' },
    ]);
    expect((await c.write('/items/import', { csv, commit: true })).body.error.details.problems[0].line).toBe(3);
    expect((await c.write('/items/import', { csv: 'sku,name,colour\nA,B,red\n' })).body.error.message).toMatch(/line 1: Unknown column "colour"/);
    expect(await store.listItems()).toEqual([]);
    const good = 'sku,name,unit\nCOF-1,Coffee,bag\n"COF-2","Tea, green; loose",tin\nCOF-3,Cocoa,tin\n';
    const preview = await c.write('/items/import', { csv: good });
    expect(preview.status).toBe(200);
    expect(preview.body.preview.map((p: { line: number }) => p.line)).toEqual([2, 3, 4]);
    expect(await store.listItems()).toEqual([]);
    const done = await c.write('/items/import', { csv: good, commit: true });
    expect(done.body).toMatchObject({ committed: true, summary: { new: 3, changed: 0, unchanged: 0 } });
    expect((await store.getItem('COF-2'))?.name).toBe('Tea, green; loose');
  });

  it('an enrolment code for an unknown branch is 400 and none is stored; a known one is shown once', async () => {
    const { store, client } = await setup();
    const c = client();
    await c.login('ana');
    const r = await c.write('/enrolment-codes', { branch: 'NOPE-9' });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/no branch NOPE-9/);
    expect(await count(store, 'enrollment_codes')).toBe(0);
    const ok = await c.write('/enrolment-codes', { branch: 'LIS-01', ttlHours: 24 });
    expect(ok.status).toBe(200);
    expect(ok.body.code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(JSON.stringify(await backendRows(store))).not.toContain(ok.body.code);
  });

  it('sign-in is rate limited per operator name (429 with Retry-After), even for the right password', async () => {
    const { client } = await setup({ console: { loginRateLimit: { perUser: { burst: 3, perMinute: 1 } } } });
    for (let i = 0; i < 3; i++) expect((await client().login('ana', 'wrong-password')).status).toBe(401);
    const limited = await client().login('ana');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await client().login('vera')).status).toBe(200);
  });

  it('sessions end when idle, when signed out, and when the password changes', async () => {
    let now = Date.parse('2026-11-30T09:00:00Z');
    const policy = { absoluteMs: 8 * 3600_000, idleMs: 3600_000 };
    const { ops, client, store } = await setup({ now: () => now, console: { sessionPolicy: policy } });
    const a = client();
    await a.login('ana');
    now += 30 * 60_000;
    expect((await a.send('GET', '/me')).status).toBe(200);
    now += 61 * 60_000;
    expect((await a.send('GET', '/me')).status).toBe(401);
    const b = client();
    await b.login('ana');
    const saved = b.cookie;
    expect((await b.write('/logout')).status).toBe(200);
    b.cookie = saved; // a copied cookie is worthless after sign-out
    expect((await b.send('GET', '/me')).status).toBe(401);
    const c = client();
    await c.login('vera');
    await ops.setPassword('vera', 'a-new-long-password');
    expect((await c.send('GET', '/me')).status).toBe(401);
    const d = client();
    await d.login('ana');
    // Only the live session counts: the one that idled out above let nobody in any more.
    const { OperatorStore } = await import('../../../server/console/operators');
    const { backendOf } = await import('../../../server/console/db');
    expect(await new OperatorStore(backendOf(store), policy).revokeSessions('ana', now)).toBe(1);
    expect((await d.send('GET', '/me')).status).toBe(401);
  });

  it('marking a queue entry handled appends a note; notes cannot be edited, even in SQL', async () => {
    const { store, client } = await setup();
    await store.upsertItem({ sku: 'TEA-1', name: 'Tea' });
    const c = client();
    await c.login('ana');
    expect((await c.write('/review/notes', { queue: 'unknown_sku', ref: 'NOPE', note: 'x' })).status).toBe(404);
    const r = await c.write('/review/notes', { queue: 'unknown_sku', ref: 'TEA-1', note: 'confirmed with the supplier' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ handled: true, operator: 'ana' });
    const { backendOf } = await import('../../../server/console/db');
    await expect(backendOf(store).write((x) => x.run(`UPDATE review_notes SET note = 'edited'`))).rejects.toThrow(/append-only|permission denied/);
    await expect(backendOf(store).write((x) => x.run(`DELETE FROM review_notes`))).rejects.toThrow(/append-only|permission denied/);
    expect(await count(store, 'review_notes')).toBe(1);
  });

  async function backendRows(store: Parameters<typeof count>[0]) {
    const { backendOf } = await import('../../../server/console/db');
    return backendOf(store).read((x) => x.all(`SELECT * FROM enrollment_codes`));
  }
});
