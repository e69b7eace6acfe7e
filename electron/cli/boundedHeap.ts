import { spawnSync } from 'node:child_process';

/**
 * Imports stream files of any size in constant memory, but V8 sizes its heap from the machine's RAM and
 * lets garbage pile up long before collecting it: a 2 GB CSV took the CLI past 300 MB of RSS with no
 * live data to show for it (with the old space capped at 128 MB the same import peaks near 200 MB at
 * the same speed). So the streaming commands re-run themselves in a child node with a bounded heap,
 * unless the user already chose one.
 */
const STREAMING_COMMANDS = new Set(['import', 'import-items', 'stocktake-import']);
export const IMPORT_HEAP_MB = 128;
const HEAP_FLAG = '--max-old-space-size';

/** The node arguments to re-run this CLI call with a bounded heap, or null to run it in this process. */
export function boundedHeapArgs(argv: string[], execArgv: string[], env: NodeJS.ProcessEnv, script: string): string[] | null {
  if (!argv.some((a) => STREAMING_COMMANDS.has(a))) return null;
  if (execArgv.some((a) => a.startsWith(HEAP_FLAG)) || (env.NODE_OPTIONS ?? '').includes(HEAP_FLAG)) return null;
  return [`${HEAP_FLAG}=${IMPORT_HEAP_MB}`, ...execArgv, script, ...argv];
}

/** Re-runs a streaming command with a bounded heap; answers its exit code, or null when this process should run it. */
export function rerunWithBoundedHeap(argv: string[]): number | null {
  const args = boundedHeapArgs(argv, process.execArgv, process.env, process.argv[1]!);
  if (!args) return null;
  const child = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (child.error) return null; // could not start a child: run here, with the default heap
  return child.status ?? 1;
}
