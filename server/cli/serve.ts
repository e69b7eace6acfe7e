import { buildHqServer, DEFAULT_BODY_LIMIT } from '../app';
import type { HqStore } from '../store/store';

/**
 * `stock-ledger-hq serve`: HQ on 127.0.0.1 by default (another address only with --host). Prints one
 * line "HQ listening on http://HOST:PORT" on stdout once ready; request logs go to stderr.
 * SIGINT/SIGTERM finish the requests in flight, then close the store.
 */
export async function serve(store: HqStore, options: { host: string; port: number; bodyLimit?: number; verbose: boolean; describe: string }): Promise<void> {
  const app = buildHqServer({
    store,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    logger: { level: options.verbose ? 'info' : 'warn', stream: process.stderr } as never,
  });
  const address = await app.listen({ host: options.host, port: options.port });
  const port = (app.server.address() as { port: number }).port;
  process.stdout.write(`HQ listening on http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}\n`);
  process.stderr.write(`store: ${options.describe}; epoch ${store.epoch}; admin API ${process.env.HQ_ADMIN_TOKEN ? 'on' : 'off (set HQ_ADMIN_TOKEN)'}; ${address}\n`);
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
