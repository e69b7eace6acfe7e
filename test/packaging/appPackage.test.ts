import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/bundleScript';

type Pkg = { name: string; version: string; main?: string; dependencies?: Record<string, string>; scripts?: Record<string, string>; homepage?: string; author?: unknown; license?: string; description?: string };
const read = <T>(f: string) => JSON.parse(readFileSync(join(REPO_ROOT, f), 'utf8')) as T;

/** The two package.json files: app/ ships (Electron's better-sqlite3), the root develops (Node's). */
describe('app/package.json, what the desktop app ships', () => {
  const root = read<Pkg>('package.json');
  const app = read<Pkg>('app/package.json');

  it('has the same version and metadata electron-builder needs for deb and NSIS', () => {
    expect(app.version).toBe(root.version);
    for (const pkg of [app, root]) expect(pkg.homepage).toMatch(/^https:\/\//);
    // deb needs a maintainer (author with an e-mail), NSIS a description; the shipped copy says what the root says.
    expect(JSON.stringify(root.author)).toMatch(/"email":"[^"@]+@[^"]+"/);
    expect(root.license).toMatch(/\S/);
    expect(root.description).toMatch(/\S/);
    expect({ author: app.author, license: app.license, description: app.description })
      .toEqual({ author: root.author, license: root.license, description: root.description });
    expect(app.main).toBe('dist/electron/main.js');
  });

  it('depends on better-sqlite3 alone, the same release the root tests against', () => {
    expect(app.dependencies).toEqual({ 'better-sqlite3': root.dependencies!['better-sqlite3'] });
    const appLock = read<{ packages: Record<string, { version: string }> }>('app/package-lock.json');
    const rootLock = read<{ packages: Record<string, { version: string }> }>('package-lock.json');
    expect(appLock.packages['node_modules/better-sqlite3']!.version).toBe(rootLock.packages['node_modules/better-sqlite3']!.version);
  });

  it('never rebuilds native modules on install; start and dist build app/ for Electron', () => {
    for (const pkg of [root, app]) {
      for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts?.[hook] ?? '').not.toMatch(/rebuild|install-app-deps|electron-builder/);
    }
    expect(root.scripts!.start).toBe('npm run build && electron-builder install-app-deps && electron app');
    expect(root.scripts!.dist).toBe('npm run build && electron-builder install-app-deps && electron-builder --config electron-builder.yml');
  });
});

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema, with the security checklist's fuses set", async () => {
    // The layout test leaves fuses out (its stand-in binary has none); the schema still checks them here.
    const { getConfig, validateConfiguration } = await import('app-builder-lib/out/util/config/config');
    const { DebugLogger } = await import('builder-util');
    const config = await getConfig(REPO_ROOT, join(REPO_ROOT, 'electron-builder.yml'), null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true, grantFileProtocolExtraPrivileges: false });
    expect(config.directories).toMatchObject({ app: 'app' });
    expect(config.asarUnpack).toEqual(['**/*.node']);
    expect(config.nsis).toMatchObject({ perMachine: true, include: 'build/installer.nsh' });
    // A wrong key is refused, so the check above can fail.
    await expect(validateConfiguration({ ...config, electronFuses: { ...config.electronFuses, runAsNodeX: false } } as typeof config, new DebugLogger(false))).rejects.toThrow(/configuration/);
  });
});
