import { spawn, spawnSync } from 'node:child_process';
import { bundleScript } from './bundleScript';

let cli = '';
/** The CLI bundled fresh from source, run as its own process like a user would. */
export function cliPath(): string {
  if (!cli) cli = bundleScript('electron/cli.ts');
  return cli;
}

export function runCli(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string; json: unknown } {
  const r = spawnSync(process.execPath, [cliPath(), ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  let json: unknown = null;
  try { json = JSON.parse(r.stdout); } catch { /* not JSON */ }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, json };
}

export function spawnCli(args: string[]) {
  return spawn(process.execPath, [cliPath(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}
