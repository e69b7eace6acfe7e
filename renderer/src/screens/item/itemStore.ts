import { create } from 'zustand';
import type { Item, StockLevel, TrailCount, TrailRow } from '../../../../shared/contract';
import { call, errorMessage } from '../../api';

/** The trail is fetched in pages of this size, newest first, and shown oldest first like a statement. */
const TRAIL_PAGE = 500;

interface ItemState {
  sku: string | null;
  item: Item | null;
  level: StockLevel | null;
  rows: TrailRow[];
  /** Matched stock-take counts among the loaded rows (not movements; shown between them). */
  counts: TrailCount[];
  nextBefore: number | null;
  error: string | null;
  loading: boolean;
  open(sku: string): Promise<void>;
  loadOlder(): Promise<void>;
}

export const useItem = create<ItemState>((set, get) => ({
  sku: null,
  item: null,
  level: null,
  rows: [],
  counts: [],
  nextBefore: null,
  error: null,
  loading: false,
  open: async (sku) => {
    set({ sku, loading: true, error: null });
    try {
      const [item, level, trail] = await Promise.all([
        call('items.get', { sku }),
        call('stock.get', { sku }),
        call('stock.trail', { sku, limit: TRAIL_PAGE }),
      ]);
      if (get().sku !== sku) return;
      set({ item, level, rows: trail.rows, counts: trail.counts, nextBefore: trail.nextBefore, loading: false });
    } catch (err) {
      if (get().sku === sku) set({ error: errorMessage(err), loading: false, item: null, level: null, rows: [], counts: [] });
    }
  },
  loadOlder: async () => {
    const { sku, nextBefore } = get();
    if (!sku || nextBefore === null) return;
    const trail = await call('stock.trail', { sku, limit: TRAIL_PAGE, before: nextBefore });
    if (get().sku === sku) set((s) => ({ rows: [...trail.rows, ...s.rows], counts: [...trail.counts, ...s.counts], nextBefore: trail.nextBefore }));
  },
}));
