import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mulberry32 } from '../../shared/random';

/**
 * A fault-injecting HTTP proxy between branch clients and HQ. Per request it either forwards cleanly
 * or injects one fault, chosen by a seeded random generator (reproducible runs), and counts it:
 *  - dropMidRequest: half the body reaches HQ, then both connections are cut (HQ sees an aborted request)
 *  - dropMidResponse: HQ handles the request fully, the client gets half the answer and a cut connection
 *  - delay: the request waits before going on (sometimes beyond the client's timeout: `timeout`)
 *  - duplicate: the request reaches HQ twice at once; the client gets one answer
 *  - error500: a 500 instead of forwarding; error500AfterCommit: forwarded, then the answer replaced by a 500
 *  - error503: a 503 with Retry-After (seconds) instead of forwarding
 *  - killHq: forwarded, then HQ is killed (connections destroyed, server closed) and rebuilt on the same
 *    store and port while the request is in flight
 * While HQ is down the proxy cuts client connections (`hqDown`), like an unreachable host.
 */
export type FaultKind = 'dropMidRequest' | 'dropMidResponse' | 'delay' | 'timeout' | 'duplicate' | 'error500' | 'error500AfterCommit' | 'error503' | 'killHq';

export interface FaultProxyOptions {
  upstreamPort: () => number;
  seed: number;
  /** Probability that a matching request gets a fault. */
  rate: number;
  /** Relative weights of the faults to draw from. */
  weights: Partial<Record<FaultKind, number>>;
  /** At most this many of a kind (then it is no longer drawn). */
  caps?: Partial<Record<FaultKind, number>>;
  delayMs?: number;
  /** Longer than the client's timeout. */
  timeoutDelayMs?: number;
  retryAfterSeconds?: number;
  /** Requests whose path matches get faults; others pass through. */
  paths?: RegExp;
  killHq?: () => Promise<void>;
}


interface Upstream { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

export class FaultProxy {
  readonly counts: Record<FaultKind | 'hqDown' | 'clean', number> = {
    dropMidRequest: 0, dropMidResponse: 0, delay: 0, timeout: 0, duplicate: 0, error500: 0, error500AfterCommit: 0, error503: 0, killHq: 0, hqDown: 0, clean: 0,
  };
  requests = 0;
  enabled = true;
  /** Client requests being handled right now, and the most at once (one device: one loop at a time). */
  inFlight = 0;
  maxInFlight = 0;
  /** When each request arrived (ms), for checking waits between attempts. */
  readonly arrivals: Array<{ at: number; method: string; path: string }> = [];
  private server: Server | null = null;
  private readonly random: () => number;
  private killing: Promise<void> | null = null;

  constructor(private readonly options: FaultProxyOptions) {
    this.random = mulberry32(options.seed);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  get faults(): number {
    return Object.entries(this.counts).filter(([k]) => k !== 'clean').reduce((n, [, v]) => n + v, 0);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async close(): Promise<void> {
    await this.killing;
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Faults that only make sense on a push (a body to cut, a write to interrupt). */
  private static readonly PUSH_ONLY: FaultKind[] = ['dropMidRequest', 'killHq'];

  /**
   * Every weighted kind is injected once before any repeats (so a run always covers the whole list),
   * then kinds are drawn by weight until their cap.
   */
  private draw(method: string, path: string): FaultKind | null {
    if (!this.enabled || (this.options.paths && !this.options.paths.test(path))) return null;
    if (this.random() >= this.options.rate) return null;
    const caps = this.options.caps ?? {};
    const isPush = method === 'POST' && path.startsWith('/v1/push');
    const choices = (Object.entries(this.options.weights) as Array<[FaultKind, number]>)
      .filter(([k, w]) => w > 0 && (caps[k] === undefined || this.counts[k] < caps[k]!) && (isPush || !FaultProxy.PUSH_ONLY.includes(k)));
    const unused = choices.find(([k]) => this.counts[k] === 0);
    if (unused) return unused[0];
    const total = choices.reduce((n, [, w]) => n + w, 0);
    let r = this.random() * total;
    for (const [k, w] of choices) {
      if ((r -= w) < 0) return k;
    }
    return null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests += 1;
    this.arrivals.push({ at: Date.now(), method: req.method ?? 'GET', path: req.url ?? '' });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => { this.inFlight -= 1; });
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const fault = this.draw(req.method ?? 'GET', req.url ?? '');
    if (fault) this.counts[fault] += 1;
    const cut = () => { res.socket?.destroy(); };
    try {
      if (this.killing) await this.killing;
      switch (fault) {
        case 'dropMidRequest':
          await this.forward(req, body, { partial: true }).catch(() => undefined);
          return cut();
        case 'dropMidResponse': {
          const up = await this.forward(req, body);
          res.writeHead(up.status, { 'content-type': 'application/json', 'content-length': String(up.body.length) });
          res.write(up.body.subarray(0, Math.floor(up.body.length / 2)));
          return void setTimeout(cut, 5);
        }
        case 'delay':
        case 'timeout':
          await sleep(fault === 'delay' ? this.options.delayMs ?? 50 : this.options.timeoutDelayMs ?? 1000);
          if (res.socket?.destroyed) return;
          break;
        case 'duplicate': {
          const [first] = await Promise.all([this.forward(req, body), this.forward(req, body).catch(() => null)]);
          return this.reply(res, first);
        }
        case 'error500':
          return this.json(res, 500, { error: { code: 'SERVER_ERROR', message: 'injected failure before HQ' } });
        case 'error500AfterCommit':
          await this.forward(req, body);
          return this.json(res, 500, { error: { code: 'SERVER_ERROR', message: 'injected failure after HQ stored the request' } });
        case 'error503':
          return this.json(res, 503, { error: { code: 'SERVER_ERROR', message: 'injected: HQ is busy' } }, { 'retry-after': String(this.options.retryAfterSeconds ?? 1) });
        case 'killHq': {
          const inFlight = this.forward(req, body).catch(() => null);
          await sleep(1);
          this.killing = this.options.killHq!().finally(() => { this.killing = null; });
          await this.killing;
          await inFlight;
          return cut();
        }
        default:
          break;
      }
      const up = await this.forward(req, body);
      if (!fault) this.counts.clean += 1;
      this.reply(res, up);
    } catch {
      // HQ unreachable (killed or restarting): the client sees a cut connection.
      this.counts.hqDown += 1;
      cut();
    }
  }

  private reply(res: ServerResponse, up: Upstream): void {
    const headers: Record<string, string> = { 'content-type': String(up.headers['content-type'] ?? 'application/json'), 'content-length': String(up.body.length) };
    if (up.headers['retry-after']) headers['retry-after'] = String(up.headers['retry-after']);
    res.writeHead(up.status, headers);
    res.end(up.body);
  }

  private json(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...extra });
    res.end(text);
  }

  private forward(req: IncomingMessage, body: Buffer, opts: { partial?: boolean } = {}): Promise<Upstream> {
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: `127.0.0.1:${this.options.upstreamPort()}`, connection: 'close', 'content-length': String(body.length) };
      const up = httpRequest({ host: '127.0.0.1', port: this.options.upstreamPort(), method: req.method, path: req.url, headers, agent: false }, (r) => {
        const parts: Buffer[] = [];
        r.on('data', (c: Buffer) => parts.push(c));
        r.on('end', () => resolve({ status: r.statusCode ?? 502, headers: r.headers, body: Buffer.concat(parts) }));
        r.on('error', reject);
      });
      up.on('error', reject);
      if (opts.partial) {
        up.write(body.subarray(0, Math.floor(body.length / 2)));
        setTimeout(() => { up.destroy(); reject(new Error('cut mid-request')); }, 5);
      } else {
        up.end(body);
      }
    });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
