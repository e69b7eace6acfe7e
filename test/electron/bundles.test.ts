import { existsSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../shared/contract';
import { ELECTRON_BUNDLE_EXTERNALS } from '../../scripts/bundles.mjs';
import { REPO_ROOT } from '../helpers/bundleScript';
import { electronBundlesDir } from '../helpers/electronBundles';

/**
 * What Electron loads from the asar must not need anything the asar does not hold: main and preload
 * require only electron, the worker only better-sqlite3 (the one native module), beyond Node built-ins.
 * A `require("zod")` left in the worker is what made the packaged app fail with MODULE_NOT_FOUND.
 */
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function requiresOf(code: string): { literal: string[]; dynamic: number } {
  const literal = [...code.matchAll(/\brequire\(\s*(["'`])([^"'`]+)\1\s*\)/g)].map((m) => m[2]!);
  const all = [...code.matchAll(/\brequire\s*\(/g)].length;
  return { literal: [...new Set(literal)].sort(), dynamic: all - literal.length };
}

function foreignRequires(code: string, allowed: string[]): string[] {
  return requiresOf(code).literal.filter((r) => !builtins.has(r) && !allowed.includes(r));
}

const builtSets: Array<[string, () => Promise<string>]> = [['built by scripts/bundles.mjs', electronBundlesDir]];
for (const dir of ['dist', 'app/dist']) {
  if (existsSync(join(REPO_ROOT, dir, 'electron/worker.js'))) builtSets.push([`in ${dir}/`, async () => join(REPO_ROOT, dir)]);
}

describe.each(builtSets)('the Electron bundles %s', (_label, dirOf) => {
  let dir = '';
  beforeAll(async () => { dir = await dirOf(); }, 60_000);

  it.each(Object.entries(ELECTRON_BUNDLE_EXTERNALS))('%s requires nothing but %j and Node built-ins', (file, allowed) => {
    const code = readFileSync(join(dir, file), 'utf8');
    expect(foreignRequires(code, allowed)).toEqual([]);
    expect(requiresOf(code).dynamic, 'require() of a computed name').toBe(0);
    for (const a of allowed) expect(requiresOf(code).literal).toContain(a);
  });

  it('keeps the preload small: the command names as a list, no zod, no schemas', () => {
    const code = readFileSync(join(dir, 'electron/preload.js'), 'utf8');
    expect(statSync(join(dir, 'electron/preload.js')).size).toBeLessThan(8_000);
    expect(code).not.toMatch(/zod|ZodError|safeParse/);
    for (const name of COMMAND_NAMES) expect(code).toContain(JSON.stringify(name));
  });

  it('keeps zod and the schemas out of main too; only the worker validates', () => {
    expect(readFileSync(join(dir, 'electron/main.js'), 'utf8')).not.toMatch(/ZodError|safeParse/);
    expect(readFileSync(join(dir, 'electron/worker.js'), 'utf8')).toMatch(/safeParse/);
  });

  it.each(['verifyWorker.js', 'learnedWorker.js'])('ships the helper thread %s beside the worker, where the worker looks for it', (helper) => {
    expect(existsSync(join(dir, 'electron', helper))).toBe(true);
    expect(readFileSync(join(dir, 'electron/worker.js'), 'utf8')).toContain(`"${helper}"`);
  });
});

describe('the require scanner', () => {
  it('finds literal and computed requires (so the checks above can fail)', () => {
    expect(requiresOf('require("zod"); require(\'node:fs\'); require(x)')).toEqual({ literal: ['node:fs', 'zod'], dynamic: 1 });
    expect(foreignRequires('require("zod"); require("node:fs"); require("electron")', ['electron'])).toEqual(['zod']);
  });
});
