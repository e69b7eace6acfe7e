import { readFileSync } from 'node:fs';
import { buildHqServer, DEFAULT_BODY_LIMIT } from '../app';
import type { HqStore } from '../store/store';

// The package version, inlined by the bundler (shown in /openapi.json).
const HQ_VERSION: string = (require('../../package.json') as { version: string }).version;

/**
 * `stock-ledger-hq serve`: HQ on 127.0.0.1 by default (another address only with --host). Prints one
 * line "HQ listening on http://HOST:PORT" on stdout once ready; request logs go to stderr.
 * SIGINT/SIGTERM finish the requests in flight, then close the store.
 */
export async function serve(store: HqStore, options: {
  host: string; port: number; bodyLimit?: number; verbose: boolean; describe: string;
  tls?: { cert: string; key: string }; trustProxy?: boolean; updatesDir?: string;
}): Promise<void> {
  const app = buildHqServer({
    store,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    logger: { level: options.verbose ? 'info' : 'warn', stream: process.stderr } as never,
    https: options.tls ? { cert: readFileSync(options.tls.cert), key: readFileSync(options.tls.key) } : undefined,
    trustProxy: options.trustProxy,
    updatesDir: options.updatesDir,
    version: HQ_VERSION,
  });
  const address = await app.listen({ host: options.host, port: options.port });
  const port = (app.server.address() as { port: number }).port;
  process.stdout.write(`HQ listening on ${options.tls ? 'https' : 'http'}://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}\n`);
  process.stderr.write(`store: ${options.describe}; epoch ${store.epoch}; admin API ${process.env.HQ_ADMIN_TOKEN ? 'on' : 'off (set HQ_ADMIN_TOKEN)'}; console at /console/; ${options.updatesDir ? `app updates from ${options.updatesDir} at /updates/; ` : ''}${address}\n`);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`${signal}: stopping HQ\n`);
      app.close().then(() => store.close()).finally(resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
