import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RateLimitOptions } from '../http/rateLimit';
import type { Backend } from '../store/sql';
import type { HqStore } from '../store/store';
import { backendOf } from './db';
import { consoleGuard } from './guard';
import { OperatorStore, type SessionPolicy } from './operators';
import { branchRoutes } from './routes/branches';
import { catalogueRoutes } from './routes/catalogue';
import { reviewRoutes } from './routes/review';
import { sessionRoutes } from './routes/session';
import { stockRoutes } from './routes/stock';
import { transferRoutes } from './routes/transfers';

export interface ConsoleOptions {
  /** Folder of the built console bundle (default: dist/console next to HQ's code). */
  dir?: string;
  sessionPolicy?: SessionPolicy;
  loginRateLimit?: { perUser?: RateLimitOptions; perAddress?: RateLimitOptions };
}

export interface ConsoleDeps extends ConsoleOptions {
  store: HqStore;
  db: Backend;
  now: () => number;
}

/** Where the console bundle is: dist/console beside the bundled server (dist/server) or from the source tree. */
export function findConsoleDir(): string | null {
  for (const dir of [resolve(__dirname, '../console'), resolve(__dirname, '../../dist/console')]) {
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return null;
}

/**
 * The HQ console: its JSON API under /console/api (signed-in operators only, see guard.ts) and its
 * React bundle at /console/. Registered where HQ is assembled (server/app.ts).
 */
export function registerConsole(app: FastifyInstance, options: ConsoleOptions & { store: HqStore; now: () => number }): void {
  const db = backendOf(options.store);
  const operators = new OperatorStore(db, options.sessionPolicy);
  const deps: ConsoleDeps = { ...options, db };
  app.register(async (api) => {
    api.addHook('onRequest', consoleGuard(operators, options.now));
    api.addHook('onSend', async (_request, reply) => { reply.header('cache-control', reply.getHeader('cache-control') ?? 'no-store'); });
    sessionRoutes(api, { ...deps, operators });
    branchRoutes(api, deps);
    stockRoutes(api, deps);
    transferRoutes(api, deps);
    reviewRoutes(api, deps);
    catalogueRoutes(api, deps);
  }, { prefix: '/console/api' });

  const dir = options.dir ?? findConsoleDir();
  app.register(async (web) => {
    web.addHook('onSend', async (_request, reply) => {
      reply.header('content-security-policy', "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'same-origin');
    });
    if (dir) {
      await web.register(fastifyStatic, { root: dir, prefix: '/console/', decorateReply: false, index: ['index.html'], schemaHide: true });
    } else {
      web.get('/console/', { schema: { hide: true } }, async (_request, reply) => reply.code(503).type('text/plain').send('The HQ console bundle is not built: run "npm run build" (it builds dist/console).'));
    }
    web.get('/console', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/'));
  });
}
