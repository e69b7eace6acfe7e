// Sandboxed preload: bundled into one file (it cannot require our modules), exposes the typed API.
import { contextBridge, ipcRenderer } from 'electron';
import { buildStockLedgerApi } from './preloadApi';

contextBridge.exposeInMainWorld('stockLedger', buildStockLedgerApi((channel, name, payload) => ipcRenderer.invoke(channel, name, payload)));
