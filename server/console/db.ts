import type { Backend } from '../store/sql';
import type { HqStore } from '../store/store';

/** The console reads and writes its own tables through the same backend as the HQ store. */
export function backendOf(store: HqStore): Backend {
  const backend = (store as unknown as { backend?: Backend }).backend;
  if (!backend) throw new Error('The HQ console needs an SQL-backed HQ store (SqlHqStore).');
  return backend;
}

export const iso = (ms: number): string => new Date(ms).toISOString();
