import type { IncomingMessage } from 'node:http';
import { networkInterfaces, hostname } from 'node:os';
import type { ErrorCode } from '../../shared/errors';
import { bearerToken, cookieName, readCookie, sameToken } from './token';

export interface Refusal {
  status: number;
  code: ErrorCode;
  message: string;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * The Host names this server answers to. On loopback only the loopback names: a page on another
 * site that re-points its DNS name at 127.0.0.1 (DNS rebinding) arrives with its own name and is
 * refused. When widened with --host, also this machine's own addresses and name.
 */
export function allowedHosts(listenHost: string, port: number): Set<string> {
  const names = new Set(LOOPBACK_NAMES);
  if (!LOOPBACK_NAMES.includes(listenHost) && listenHost !== '::1') {
    if (listenHost !== '0.0.0.0' && listenHost !== '::') names.add(listenHost.includes(':') ? `[${listenHost}]` : listenHost);
    else {
      for (const list of Object.values(networkInterfaces())) {
        for (const a of list ?? []) names.add(a.family === 'IPv6' ? `[${a.address}]` : a.address);
      }
      names.add(hostname().toLowerCase());
      names.add(`${hostname().toLowerCase()}.local`);
    }
  }
  return new Set([...names].map((n) => `${n}:${port}`));
}

/** Refuses a request whose Host is not ours (421) or that a foreign page sent (403). */
export function checkOrigin(req: IncomingMessage, hosts: Set<string>): Refusal | null {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!hosts.has(host)) {
    return { status: 421, code: 'FORBIDDEN', message: `This server answers only to ${[...hosts][0]}; the request was addressed to ${JSON.stringify(host)}.` };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) {
    return { status: 403, code: 'FORBIDDEN', message: 'Requests from other web pages are refused. Open the ledger from the address stock-ledger app printed.' };
  }
  // A browser that tells us the request is cross-site (a form or script on another site) is refused even without Origin.
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') {
    return { status: 403, code: 'FORBIDDEN', message: 'Requests from other web pages are refused.' };
  }
  return null;
}

export type Credential = 'bearer' | 'cookie' | null;

/** Which valid credential the request carries: `Authorization: Bearer TOKEN` or the session cookie. */
export function credentialOf(req: IncomingMessage, token: string, port: number): Credential {
  if (sameToken(bearerToken(req.headers.authorization), token)) return 'bearer';
  if (sameToken(readCookie(req.headers.cookie, cookieName(port)), token)) return 'cookie';
  return null;
}

export const UNAUTHORIZED: Refusal = {
  status: 401,
  code: 'UNAUTHORIZED',
  message: 'Missing or wrong token. Open the address stock-ledger app printed, or send "Authorization: Bearer TOKEN" with the token from the .app.json file next to the ledger.',
};
