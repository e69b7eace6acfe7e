import { closeSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';

/**
 * `<ledger>.app.json`, next to the ledger file, mode 0600: which process serves this ledger, where,
 * and with which token. It is both the single-instance lock (created exclusively) and what a local
 * integration (a till) reads to find the API and its token.
 */
export interface InstanceInfo {
  pid: number;
  url?: string;
  apiBase?: string;
  token?: string;
  ledger: string;
  startedAt: string;
}

export function instanceFile(ledgerFile: string): string {
  return `${ledgerFile}.app.json`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function read(file: string): InstanceInfo | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as InstanceInfo;
  } catch {
    return null;
  }
}

/** Does the recorded server still answer with its token? (A live pid alone may be a reused one.) */
async function answers(info: InstanceInfo): Promise<boolean> {
  if (!info.apiBase || !info.token) return true; // still starting: its lock is fresh
  try {
    const res = await fetch(`${info.apiBase}/api/commands`, { headers: { authorization: `Bearer ${info.token}` }, signal: AbortSignal.timeout(3000) });
    return res.ok;
  } catch {
    return false;
  }
}

export type Claim = { claimed: true; release(): void; publish(info: Omit<InstanceInfo, 'pid' | 'startedAt' | 'ledger'>): void } | { claimed: false; running: InstanceInfo };

/**
 * Takes the ledger's app lock, or reports the instance that holds it. A lock left by a process that
 * died (or whose server no longer answers) is taken over.
 */
export async function claimInstance(ledgerFile: string): Promise<Claim> {
  const file = instanceFile(ledgerFile);
  for (let attempt = 0; attempt < 3; attempt++) {
    const mine: InstanceInfo = { pid: process.pid, ledger: ledgerFile, startedAt: new Date().toISOString() };
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify(mine));
      closeSync(fd);
      return {
        claimed: true,
        publish: (info) => writeFileSync(file, JSON.stringify({ ...mine, ...info }, null, 2) + '\n', { mode: 0o600 }),
        release: () => {
          if (read(file)?.pid === process.pid) rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    // A lock being written this very moment reads as nothing: look again before calling it stale.
    const running = read(file) ?? (await new Promise((r) => setTimeout(r, 300)), read(file));
    if (running && running.pid !== process.pid && alive(running.pid) && (await answers(running))) return { claimed: false, running };
    rmSync(file, { force: true });
  }
  throw new Error(`Could not take ${file}: another program keeps creating it.`);
}
