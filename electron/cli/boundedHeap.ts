import { isMainThread, Worker } from 'node:worker_threads';

/**
 * Imports stream files of any size in constant memory, but V8 sizes its heap from the machine's RAM and
 * lets garbage pile up long before collecting it: a 2 GB CSV took the CLI past 300 MB of RSS with no
 * live data to show for it (with the old space capped at 128 MB the same import peaks near 200 MB at
 * the same speed). So a streaming command runs in a worker thread of this process with a bounded old
 * generation, unless the user already chose a heap size. A thread, not a child process: killing the CLI
 * (even with SIGKILL) must stop the import with it.
 */
const STREAMING_COMMANDS = new Set(['import', 'import-items', 'stocktake-import']);
export const IMPORT_HEAP_MB = 128;
const HEAP_FLAG = '--max-old-space-size';

/** Should this CLI call run in a bounded worker? Not when it is one already, or the user chose a heap. */
export function wantsBoundedHeap(argv: string[], execArgv: string[], env: NodeJS.ProcessEnv, mainThread = isMainThread): boolean {
  if (!mainThread || !argv.some((a) => STREAMING_COMMANDS.has(a))) return false;
  return !execArgv.some((a) => a.startsWith(HEAP_FLAG)) && !(env.NODE_OPTIONS ?? '').includes(HEAP_FLAG);
}

/** Runs this CLI call again in a worker thread with a bounded heap; answers its exit code. */
export function runWithBoundedHeap(script: string, argv: string[]): Promise<number> {
  return new Promise((resolve) => {
    const worker = new Worker(script, { argv, resourceLimits: { maxOldGenerationSizeMb: IMPORT_HEAP_MB } });
    worker.on('error', (err) => {
      process.stderr.write(`stock-ledger: ${err.message}\n`);
      resolve(1);
    });
    worker.on('exit', (code) => resolve(code));
  });
}
