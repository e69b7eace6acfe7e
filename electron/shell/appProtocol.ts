import path from 'node:path';

/** The renderer is served from app://stock-ledger/ (a standard, secure origin), never from file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'stock-ledger';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const RENDERER_URL = `${APP_ORIGIN}/index.html`;
export const STARTUP_ERROR_URL = `${APP_ORIGIN}/startup-error`;
/** Shown while a new version upgrades the ledger file, before the app can open (upgradePage.ts). */
export const UPGRADE_URL = `${APP_ORIGIN}/upgrading`;

/** Sent as a header with every page (index.html carries the same policy as a meta tag). */
export const RENDERER_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/** The start-up pages (the error page, the upgrade page) have no script at all. */
export const STARTUP_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json',
};

/**
 * The file an app:// request may read: only below the renderer folder, only from our host, never a
 * path that climbs out (`..`, encoded or not). null → 404.
 */
export function resolveAppRequest(url: string, rendererDir: string): { file: string; contentType: string } | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\')) return null;
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${rel === '/' ? '/index.html' : rel}`);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  const contentType = types[path.extname(file).toLowerCase()];
  return contentType ? { file, contentType } : null;
}

/** Whether an IPC message comes from our own page (the top frame of our origin). */
export function isAppOrigin(frameUrl: string | undefined): boolean {
  if (!frameUrl) return false;
  try {
    const u = new URL(frameUrl);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}
