import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, type Launch } from '../../electron/appServer/launch';
import { post, raw, SHIPPED } from './helpers';

type Started = Extract<Launch, { started: true }>;
let app: Started;
let dir: string;

const SALE = { type: 'sale', id: 'TILL-0001', actor: 'till', lines: [{ sku: 'TEA', qty: 1 }] };

/** What the ledger holds, read through the API: any refused request must leave this unchanged. */
async function snapshot() {
  const status = (await post(app.port, app.token, 'app.status')).json.result;
  const tea = (await post(app.port, app.token, 'stock.get', { sku: 'TEA' })).json.result;
  const items = (await post(app.port, app.token, 'items.list', {})).json.result;
  return { movements: status.movements, tea, items: items.total ?? items.rows?.length };
}

beforeAll(async () => {
  // One server for the file (tempDir would remove the folder after the first test).
  dir = mkdtempSync(join(tmpdir(), 'stock-ledger-appserver-'));
  const launch = await launchApp({ ledgerFile: join(dir, 'shop.sqlite'), ...SHIPPED });
  if (!launch.started) throw new Error('a previous run left a live server on this file');
  app = launch;
  expect((await post(app.port, app.token, 'items.upsert', { sku: 'TEA', name: 'Green tea' })).json.ok).toBe(true);
  expect((await post(app.port, app.token, 'documents.record', { type: 'receive', id: 'DEL-1', actor: 'ann', lines: [{ sku: 'TEA', qty: 10 }] })).json.ok).toBe(true);
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the local command API of stock-ledger app (real server, real ledger worker bundle)', () => {
  it('answers a command exactly as IPC does, and repeating a document id records it once', async () => {
    const before = await snapshot();
    const first = await post(app.port, app.token, 'documents.record', SALE);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ ok: true, result: { movements: [{ sku: 'TEA' }] } });
    const again = await post(app.port, app.token, 'documents.record', SALE);
    expect(again.json).toEqual(first.json);
    const after = await snapshot();
    expect(after.movements).toBe(before.movements + 1);
    expect(after.tea.onHand).toBe(before.tea.onHand - 1);
    // A refusal by the ledger is a normal answer: 200, ok false, a code and a sentence.
    const short = await post(app.port, app.token, 'documents.record', { ...SALE, id: 'TILL-0002', lines: [{ sku: 'TEA', qty: 999 }] });
    expect(short.status).toBe(200);
    expect(short.json).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_STOCK' } });
    expect((await snapshot()).movements).toBe(after.movements);
  });

  it('refuses a missing or wrong token with 401 and writes nothing', async () => {
    const before = await snapshot();
    const none = await raw(app.port, { method: 'POST', path: '/api/commands/documents.record', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...SALE, id: 'X-1' }) });
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const wrong = await post(app.port, app.token.slice(0, -2) + 'xx', 'documents.record', { ...SALE, id: 'X-2' });
    expect(wrong.status).toBe(401);
    const cookie = await raw(app.port, { method: 'POST', path: '/api/commands/documents.record', headers: { 'content-type': 'application/json', cookie: `stock-ledger-${app.port}=nope` }, body: JSON.stringify({ ...SALE, id: 'X-3' }) });
    expect(cookie.status).toBe(401);
    // The page itself is not served without the key either.
    expect((await raw(app.port, { path: '/' })).status).toBe(401);
    expect((await raw(app.port, { path: '/?token=not-the-token' })).status).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a foreign Host (DNS rebinding) with 421 and a foreign Origin with 403, even with the token', async () => {
    const before = await snapshot();
    const rebound = await post(app.port, app.token, 'documents.record', { ...SALE, id: 'X-4' }, { host: `evil.example:${app.port}` });
    expect(rebound.status).toBe(421);
    expect(rebound.json.error.code).toBe('FORBIDDEN');
    const foreign = await post(app.port, app.token, 'documents.record', { ...SALE, id: 'X-5' }, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const otherPort = await post(app.port, app.token, 'documents.record', { ...SALE, id: 'X-6' }, { origin: `http://127.0.0.1:${app.port + 1}` });
    expect(otherPort.status).toBe(403);
    const crossSite = await post(app.port, app.token, 'documents.record', { ...SALE, id: 'X-7' }, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(await snapshot()).toEqual(before);
    // Our own origin, and localhost, are fine.
    expect((await post(app.port, app.token, 'app.status', undefined, { origin: `http://127.0.0.1:${app.port}` })).status).toBe(200);
    expect((await post(app.port, app.token, 'app.status', undefined, { host: `localhost:${app.port}`, origin: `http://localhost:${app.port}` })).status).toBe(200);
  });

  it('refuses an unknown command with 404 UNKNOWN_COMMAND, and other methods and paths', async () => {
    const before = await snapshot();
    const unknown = await post(app.port, app.token, 'ledger.dropEverything', {});
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    // Inherited object keys are not commands.
    expect((await post(app.port, app.token, '__proto__', {})).json.error.code).toBe('UNKNOWN_COMMAND');
    expect((await post(app.port, app.token, 'constructor', {})).status).toBe(404);
    expect((await post(app.port, app.token, '%E0%A4%A', {})).json.error.code).toBe('UNKNOWN_COMMAND');
    expect((await raw(app.port, { path: '/api/commands/documents.record', headers: { authorization: `Bearer ${app.token}` } })).status).toBe(405);
    expect((await raw(app.port, { path: '/api/nothing', headers: { authorization: `Bearer ${app.token}` } })).status).toBe(404);
    const list = await raw(app.port, { path: '/api/commands', headers: { authorization: `Bearer ${app.token}` } });
    expect(list.json.commands).toContain('documents.record');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses malformed JSON with 400 and a non-JSON body with 415, as JSON errors', async () => {
    const before = await snapshot();
    const bad = await raw(app.port, { method: 'POST', path: '/api/commands/documents.record', headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' }, body: '{"type":"sale","lines":[{"sku":"TEA","qty":1}' });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(bad.json.error.message).toMatch(/not valid JSON/);
    const form = await raw(app.port, { method: 'POST', path: '/api/commands/documents.record', headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'type=sale' });
    expect(form.status).toBe(415);
    expect(form.json.ok).toBe(false);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a body over 5 MB with 413 and a JSON error, declared or streamed', async () => {
    const before = await snapshot();
    const lines = Array.from({ length: 120_000 }, (_, i) => ({ sku: 'TEA', qty: 1, note: `line ${i} ${'x'.repeat(30)}` }));
    const body = JSON.stringify({ type: 'receive', id: 'BIG-1', actor: 'till', lines });
    expect(body.length).toBeGreaterThan(5 * 1024 * 1024);
    const declared = await raw(app.port, { method: 'POST', path: '/api/commands/documents.record', headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, body });
    expect(declared.status).toBe(413);
    expect(declared.json).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    // Chunked, so the size is only known while reading.
    const streamed = await raw(app.port, { method: 'POST', path: '/api/commands/documents.record', headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, body });
    expect(streamed.status).toBe(413);
    expect(await snapshot()).toEqual(before);
  });

  it('trades the token in the address for an HttpOnly SameSite=Strict cookie, serves the CSP as a header, and sends no CORS headers', async () => {
    const first = await raw(app.port, { path: `/?token=${app.token}` });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^stock-ledger-${app.port}=${app.token};`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const jar = cookie.split(';')[0]!;
    const index = await raw(app.port, { path: '/', headers: { cookie: jar } });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(index.headers['content-security-policy']).toMatch(/connect-src 'self'/);
    expect(index.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(index.text).not.toMatch(/Content-Security-Policy/);
    expect(index.text).toMatch(/<script type="module"/);
    // The cookie works for the page's own requests (same Origin).
    const viaCookie = await raw(app.port, { method: 'POST', path: '/api/commands/app.status', headers: { cookie: jar, origin: `http://127.0.0.1:${app.port}` } });
    expect(viaCookie.json.ok).toBe(true);
    // Without its Origin, the cookie alone does not carry a command (programs use the bearer token).
    const noOrigin = await raw(app.port, { method: 'POST', path: '/api/commands/app.status', headers: { cookie: jar } });
    expect(noOrigin.status).toBe(403);
    const preflight = await raw(app.port, { method: 'OPTIONS', path: '/api/commands/documents.record', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(403);
    for (const a of [first, index, viaCookie, preflight]) expect(Object.keys(a.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('writes the address and token beside the ledger, readable by its owner only', async () => {
    const info = JSON.parse(readFileSync(app.infoFile, 'utf8'));
    expect(info).toMatchObject({ pid: process.pid, token: app.token, apiBase: `http://127.0.0.1:${app.port}` });
    if (process.platform !== 'win32') expect(statSync(app.infoFile).mode & 0o777).toBe(0o600);
  });

  it('streams a change made by another client and the progress of long work as server-sent events', async () => {
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${app.port}/api/events`, { headers: { authorization: `Bearer ${app.token}` }, signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let seen = '';
    const until = async (pattern: RegExp) => {
      while (!pattern.test(seen)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${pattern}: ${seen}`);
        seen += new TextDecoder().decode(value);
      }
    };
    await until(/retry: \d+/);
    await post(app.port, app.token, 'documents.record', { ...SALE, id: 'SSE-1' });
    await until(/event: changed\ndata: \{"command":"documents.record"\}/);
    await post(app.port, app.token, 'ledger.verify', {});
    await until(/event: progress\ndata: \{[^\n]*"task"/);
    controller.abort();
  });
});
