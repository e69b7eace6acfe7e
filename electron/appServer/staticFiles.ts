import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.map': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
};

const META_CSP = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>\s*/i;

export interface Renderer {
  /** index.html without its CSP meta tag: the policy travels as a header instead. */
  indexHtml: Buffer;
  /** The renderer's own policy, with `connect-src 'self'` so it may call this server, and no framing. */
  csp: string;
  file(path: string): Promise<{ body: Buffer; type: string } | null>;
}

/**
 * The built renderer (dist/renderer), the same files Electron loads from disk. The CSP stays written
 * once, in index.html; served over HTTP the only change is that the page may talk to its own origin
 * (Electron's window talks over IPC and keeps `connect-src 'none'`).
 */
export function loadRenderer(dir: string): Renderer {
  const root = resolve(dir);
  const indexFile = join(root, 'index.html');
  if (!existsSync(indexFile)) throw new Error(`The app's screens are missing (${indexFile}). Run \`npm run build\` first.`);
  const html = readFileSync(indexFile, 'utf8');
  const meta = META_CSP.exec(html);
  if (!meta) throw new Error(`${indexFile} has no Content-Security-Policy meta tag; refusing to serve it without one.`);
  const directives = meta[1]!.split(';').map((d) => d.trim()).filter(Boolean).filter((d) => !/^connect-src\b/.test(d) && !/^frame-ancestors\b/.test(d));
  const csp = [...directives, "connect-src 'self'", "frame-ancestors 'none'"].join('; ');
  return {
    indexHtml: Buffer.from(html.replace(META_CSP, '')),
    csp,
    async file(path) {
      const file = normalize(join(root, path));
      if (!file.startsWith(root + sep)) return null;
      try {
        return { body: await readFile(file), type: MIME[extname(file)] ?? 'application/octet-stream' };
      } catch {
        return null;
      }
    },
  };
}
