import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { COMMAND_NAMES, isCommandName } from '../../shared/contract';
import type { CommandOutcome } from '../../shared/errors';
import { readJsonBody } from './body';
import { EventStream } from './events';
import { allowedHosts, checkOrigin, credentialOf, UNAUTHORIZED, type Refusal } from './guard';
import { loadRenderer } from './staticFiles';
import { sameToken, sessionCookie } from './token';

/** What the server needs from the ledger: the WorkerHost (or anything answering like it). */
export interface CommandCaller {
  call(name: string, payload: unknown): Promise<CommandOutcome<unknown>>;
}

export interface AppServerOptions {
  commands: CommandCaller;
  rendererDir: string;
  token: string;
  /** 127.0.0.1 unless the user widened it explicitly. */
  host?: string;
  port?: number;
}

export interface AppServer {
  server: Server;
  port: number;
  /** Where the browser starts: carries the token once, then the cookie takes over. */
  url: string;
  events: EventStream;
  close(): Promise<void>;
}

/** Commands named with a reading verb never announce a change; any other success does (a new command is a write until named otherwise). */
const READS = /\.(get|list|status|progress|trail|facets|item|itemCsv|cogs|cogsCsv|report|reportCsv|review|events|exportCsv|inbound|check|verify|signIn)$/;

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

function json(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', ...extra }).end(JSON.stringify(body));
}

function refuse(res: ServerResponse, r: Refusal, extra: Record<string, string> = {}): void {
  json(res, r.status, { ok: false, error: { code: r.code, message: r.message } }, extra);
}

function decoded(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

function page(res: ServerResponse, status: number, text: string, csp: string): void {
  const html = `<!doctype html><meta charset="utf-8"><title>Stock Ledger</title><body style="font:16px system-ui;margin:3em"><h1>Stock Ledger</h1><p>${text}</p>`;
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp }).end(html);
}

/**
 * The shop PC's local server: the built renderer and the command API (`POST /api/commands/NAME`) on
 * loopback, both behind a per-launch token. Every refusal happens before the ledger is asked, so a
 * refused request has written nothing.
 */
export async function startAppServer(o: AppServerOptions): Promise<AppServer> {
  const renderer = loadRenderer(o.rendererDir);
  const listenHost = o.host ?? '127.0.0.1';
  const events = new EventStream();
  let hosts = new Set<string>();
  let port = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const refusal = checkOrigin(req, hosts);
    if (refusal) return refuse(res, refusal);
    const url = new URL(req.url ?? '/', 'http://local');
    const path = url.pathname;

    // First visit from the printed address: trade the token in the URL for a cookie the page's
    // scripts cannot read, and drop the token from the address bar (history, screenshots).
    const given = url.searchParams.get('token');
    if (given !== null && req.method === 'GET' && !path.startsWith('/api/')) {
      if (!sameToken(given, o.token)) return page(res, 401, 'This address is out of date. Use the address <code>stock-ledger app</code> printed when it started.', renderer.csp);
      res.writeHead(303, { ...SECURITY_HEADERS, location: '/', 'set-cookie': sessionCookie(port, o.token) }).end();
      return;
    }
    const credential = credentialOf(req, o.token, port);
    if (!credential) {
      if (path.startsWith('/api/')) return refuse(res, UNAUTHORIZED, { 'www-authenticate': 'Bearer' });
      return page(res, 401, 'Open the address <code>stock-ledger app</code> printed when it started (it carries this launch’s key).', renderer.csp);
    }

    if (path.startsWith('/api/')) {
      if (path === '/api/events' && req.method === 'GET') return events.add(res);
      if (path === '/api/commands' && req.method === 'GET') return json(res, 200, { commands: COMMAND_NAMES });
      const m = /^\/api\/commands\/([^/]+)$/.exec(path);
      if (!m) return refuse(res, { status: 404, code: 'NOT_FOUND', message: `Nothing at ${path}. Commands are at POST /api/commands/NAME.` });
      const name = decoded(m[1]!);
      if (name === null || !isCommandName(name)) {
        return refuse(res, { status: 404, code: 'UNKNOWN_COMMAND', message: `There is no command named ${JSON.stringify(name)}. GET /api/commands lists them.` });
      }
      if (req.method !== 'POST') return refuse(res, { status: 405, code: 'VALIDATION', message: `Send commands with POST, not ${req.method}.` }, { allow: 'POST' });
      // The browser's cookie rides along by itself, so a cookie-borne command must also say where it
      // comes from (every browser sends Origin on POST); a program uses the bearer token instead.
      if (credential === 'cookie' && req.headers.origin === undefined) {
        return refuse(res, { status: 403, code: 'FORBIDDEN', message: 'A command sent with the session cookie must carry its Origin. Programs send "Authorization: Bearer TOKEN".' });
      }
      const body = await readJsonBody(req);
      if (!body.ok) {
        const code = body.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION';
        return refuse(res, { status: body.status, code, message: body.message }, { connection: 'close' });
      }
      const outcome = await o.commands.call(name, body.payload);
      if (outcome.ok && !READS.test(name)) events.send('changed', { command: name });
      // The command ran: 200, and the body is exactly IPC's outcome (`ok` says what the ledger decided).
      // Non-2xx statuses are kept for the transport's own refusals (token, origin, name, body), so a
      // clerk's everyday refusal (not enough stock) is not logged by the browser as a failed request.
      return json(res, 200, outcome);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, { status: 405, code: 'VALIDATION', message: 'Only GET is served here.' });
    if (path === '/favicon.ico') return void res.writeHead(204, SECURITY_HEADERS).end();
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': renderer.csp }).end(renderer.indexHtml);
      return;
    }
    const asked = decoded(path);
    const file = asked === null ? null : await renderer.file(asked);
    if (!file) return page(res, 404, 'Not found.', renderer.csp);
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': file.type }).end(file.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent) refuse(res, { status: 500, code: 'INTERNAL', message: `The local server failed: ${err.message}. Nothing was recorded.` });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, listenHost, () => { server.off('error', reject); resolve(); });
  });
  port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(listenHost, port);
  const shownHost = listenHost === '0.0.0.0' || listenHost === '::' ? '127.0.0.1' : listenHost.includes(':') ? `[${listenHost}]` : listenHost;
  return {
    server,
    port,
    url: `http://${shownHost}:${port}/?token=${o.token}`,
    events,
    close: () => new Promise<void>((resolve) => {
      events.closeAll();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
