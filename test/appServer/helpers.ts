import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/bundleScript';

/** What ships: the ledger worker bundle and renderer that `npm run build` writes (and the desktop app loads). */
export const SHIPPED = {
  workerFile: join(REPO_ROOT, 'dist', 'electron', 'worker.js'),
  rendererDir: join(REPO_ROOT, 'dist', 'renderer'),
  cli: join(REPO_ROOT, 'bin', 'stock-ledger.js'),
};
for (const f of [SHIPPED.workerFile, join(SHIPPED.rendererDir, 'index.html'), join(REPO_ROOT, 'dist', 'electron', 'cli.js')]) {
  if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` before these tests.`);
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A raw HTTP request (node:http, so Host and Origin can be anything a hostile page could send). */
export function raw(port: number, o: { method?: string; path: string; headers?: Record<string, string | number>; body?: string | Buffer }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: o.method ?? 'GET', path: o.path, headers: { host: `127.0.0.1:${port}`, ...o.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    // The server may answer (413) and close before the whole body is written.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

/** POST a command with the bearer token (what a till sends). */
export function post(port: number, token: string, name: string, payload?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return raw(port, {
    method: 'POST',
    path: `/api/commands/${name}`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: payload === undefined ? undefined : JSON.stringify(payload),
  });
}
