// Main process only (never imported by the worker, the CLI or tests): the desktop's Sealer backed by
// the OS keychain through Electron's safeStorage. main.ts passes it to the worker's secret store.
import type { SafeStorage } from 'electron';
import type { Sealer } from './secretStore';

export function safeStorageSealer(safeStorage: SafeStorage): Sealer | null {
  if (!safeStorage.isEncryptionAvailable()) return null; // no keychain (some Linux sessions): the 0600 file alone
  return {
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (wrapped) => safeStorage.decryptString(wrapped),
  };
}
