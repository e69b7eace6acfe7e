export const ROOT: string;
export const ELECTRON_BUNDLE_EXTERNALS: Record<string, string[]>;
export function commandNames(): Promise<string[]>;
export function buildElectronBundles(outdir: string, options?: { sourcemap?: boolean }): Promise<string[]>;
