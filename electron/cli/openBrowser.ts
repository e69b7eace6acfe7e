import { spawn } from 'node:child_process';

/**
 * Opens `url` in the default browser when this machine has one (a desktop session); on a server or
 * over SSH nothing is opened and the printed address is the way in. Never fails the app.
 */
export function openBrowser(url: string): boolean {
  const [cmd, args]: [string, string[]] | [null, []] =
    process.platform === 'darwin' ? ['open', [url]]
    : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]]
    : process.env.DISPLAY || process.env.WAYLAND_DISPLAY ? ['xdg-open', [url]]
    : [null, []];
  if (!cmd) return false;
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true, windowsHide: true });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}
