// Stages what the desktop app ships into app/ (electron-builder's two-package.json structure): app/ has
// its own package.json and, on a connected machine, its own node_modules built for Electron's ABI, so
// the root node_modules stays Node's (CLI, HQ server, tests). Source maps are left behind.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './bundles.mjs';

const out = join(ROOT, 'app', 'dist');
rmSync(out, { recursive: true, force: true });
for (const f of ['main.js', 'preload.js', 'worker.js', 'verifyWorker.js', 'learnedWorker.js']) cpSync(join(ROOT, 'dist/electron', f), join(out, 'electron', f));
if (!existsSync(join(ROOT, 'dist/renderer/index.html'))) throw new Error('dist/renderer is not built: run `npm run build`');
cpSync(join(ROOT, 'dist/renderer'), join(out, 'renderer'), { recursive: true, filter: (src) => !src.endsWith('.map') });
console.log('staged the desktop app into app/dist/');
