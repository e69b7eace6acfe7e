import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

export const UPDATES_PREFIX = '/updates/';

/**
 * The desktop app's update feed (electron-updater "generic" provider): the folder electron-builder
 * writes (latest.yml, the installer, its .blockmap) served as-is at /updates/, so a chain updates its
 * shops from its own HQ. Byte ranges are served (differential downloads); nothing is listed.
 */
export async function registerUpdates(app: FastifyInstance, dir: string): Promise<void> {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new Error(`--updates ${dir}: no such folder; create it and copy electron-builder's output (latest.yml, the installer, .blockmap) into it.`);
  await app.register(fastifyStatic, {
    root, prefix: UPDATES_PREFIX, decorateReply: false, index: false, list: false, dotfiles: 'deny', schemaHide: true,
    // latest.yml must never be cached: a shop would keep seeing an old version. Installers are immutable by name.
    cacheControl: false,
    setHeaders: (res, path) => res.setHeader('cache-control', path.endsWith('.yml') || path.endsWith('.yaml') ? 'no-cache' : 'public, max-age=3600'),
  });
}
