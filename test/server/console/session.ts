import { backendOf } from '../../../server/console/db';
import { OperatorStore, type Role } from '../../../server/console/operators';
import type { HqStore } from '../../../server/store/store';

export const PASSWORD = 'head-office-2026';

/** A browser-like client of the console API: keeps the session cookie, sends JSON. */
export class ConsoleClient {
  cookie = '';
  csrf = '';
  setCookie: string | null = null;
  constructor(readonly url: string) {}

  async send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(`${this.url}/console/api${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    this.setCookie = res.headers.get('set-cookie');
    const m = /^hq_console=([^;]*)/.exec(this.setCookie ?? '');
    if (m) this.cookie = m[1] ? `hq_console=${m[1]}` : '';
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  }

  async login(user: string, password = PASSWORD) {
    const r = await this.send('POST', '/login', { user, password });
    if (r.status === 200) this.csrf = r.body.csrf;
    return r;
  }

  /** A write as the console sends it: with the session's CSRF token. */
  write(path: string, body: unknown = {}) {
    return this.send('POST', path, body, { 'x-csrf-token': this.csrf });
  }
}

export async function addOperators(store: HqStore, list: Array<[string, Role]> = [['ana', 'admin'], ['vera', 'viewer']]): Promise<OperatorStore> {
  const ops = new OperatorStore(backendOf(store));
  for (const [name, role] of list) await ops.add(name, role, PASSWORD);
  return ops;
}

export async function count(store: HqStore, table: string): Promise<number> {
  const [r] = await backendOf(store).read((c) => c.all(`SELECT COUNT(*) AS n FROM ${table}`));
  return Number(r?.n);
}
