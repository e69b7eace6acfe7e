import { create } from 'zustand';
import type { CommandInput, StockRow } from '../../../../shared/contract';
import { call, errorMessage } from '../../api';

/** Rows come from `stock.list` in pages as the list scrolls; 40,000 items never load at once. */
export const PAGE_SIZE = 200;

export type StockQuery = Omit<NonNullable<CommandInput<'stock.list'>>, 'limit' | 'offset'>;

interface StockListState {
  query: StockQuery;
  total: number | null;
  pages: Record<number, StockRow[]>;
  /** Bumped whenever the query changes: answers to an older query are dropped. */
  generation: number;
  selected: number;
  error: string | null;
  /** performance.now() when the first page of the current query arrived (the 40k measurement reads it). */
  firstPageAt: number | null;
  setQuery(patch: Partial<StockQuery>): void;
  ensureRange(first: number, last: number): void;
  select(index: number): void;
  reload(): void;
}

const inFlight = new Set<string>();

export const useStockList = create<StockListState>((set, get) => {
  async function loadPage(page: number): Promise<void> {
    const { generation, query } = get();
    const key = `${generation}:${page}`;
    if (inFlight.has(key) || get().pages[page]) return;
    inFlight.add(key);
    try {
      const res = await call('stock.list', { ...query, limit: PAGE_SIZE, offset: page * PAGE_SIZE });
      if (get().generation !== generation) return;
      set((s) => ({ pages: { ...s.pages, [page]: res.rows }, total: res.total, error: null, firstPageAt: s.firstPageAt ?? performance.now() }));
    } catch (err) {
      if (get().generation === generation) set({ error: errorMessage(err) });
    } finally {
      inFlight.delete(key);
    }
  }
  return {
    query: { sort: 'name' },
    total: null,
    pages: {},
    generation: 0,
    selected: 0,
    error: null,
    firstPageAt: null,
    setQuery: (patch) => {
      set((s) => ({ query: { ...s.query, ...patch }, generation: s.generation + 1, pages: {}, selected: 0, firstPageAt: null }));
      void loadPage(0);
    },
    ensureRange: (first, last) => {
      for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) void loadPage(p);
    },
    select: (index) => set({ selected: index }),
    reload: () => {
      set((s) => ({ generation: s.generation + 1, pages: {}, firstPageAt: null }));
      void loadPage(0);
    },
  };
});

/** One row by its position; components subscribe to just their row. */
export const useStockRow = (index: number): StockRow | undefined =>
  useStockList((s) => s.pages[Math.floor(index / PAGE_SIZE)]?.[index % PAGE_SIZE]);

export function rowAt(index: number): StockRow | undefined {
  return useStockList.getState().pages[Math.floor(index / PAGE_SIZE)]?.[index % PAGE_SIZE];
}
