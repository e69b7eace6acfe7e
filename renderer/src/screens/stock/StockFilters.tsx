import { useEffect, useState } from 'react';
import type { Facet } from '../../../../shared/contract';
import { call } from '../../api';
import { useStockList } from './stockStore';

function intOrUndefined(text: string): number | undefined {
  const t = text.trim().replace('−', '-');
  return /^-?\d+$/.test(t) ? Number(t) : undefined;
}

/** Category, brand, available range and "negative only", applied by the ledger's `stock.list`. */
export function StockFilters() {
  const query = useStockList((s) => s.query);
  const setQuery = useStockList((s) => s.setQuery);
  const [facets, setFacets] = useState<{ categories: Facet[]; brands: Facet[] }>({ categories: [], brands: [] });
  const [min, setMin] = useState(query.minAvailable?.toString() ?? '');
  const [max, setMax] = useState(query.maxAvailable?.toString() ?? '');
  useEffect(() => { void call('items.facets', {}).then(setFacets).catch(() => undefined); }, []);

  return (
    <>
      <label>Category
        <select data-testid="filter-category" value={query.category ?? ''} onChange={(e) => setQuery({ category: e.target.value || undefined })}>
          <option value="">All</option>
          {facets.categories.map((f) => <option key={f.value} value={f.value}>{f.value} ({f.items})</option>)}
        </select>
      </label>
      <label>Brand
        <select data-testid="filter-brand" value={query.brand ?? ''} onChange={(e) => setQuery({ brand: e.target.value || undefined })}>
          <option value="">All</option>
          {facets.brands.map((f) => <option key={f.value} value={f.value}>{f.value} ({f.items})</option>)}
        </select>
      </label>
      <label>Available
        <input className="num" style={{ width: 56 }} placeholder="min" data-testid="filter-min" value={min}
          onChange={(e) => { setMin(e.target.value); setQuery({ minAvailable: intOrUndefined(e.target.value) }); }} />
        –
        <input className="num" style={{ width: 56 }} placeholder="max" data-testid="filter-max" value={max}
          onChange={(e) => { setMax(e.target.value); setQuery({ maxAvailable: intOrUndefined(e.target.value) }); }} />
      </label>
      <label>
        <input type="checkbox" data-testid="filter-negative" checked={query.negativeOnly ?? false} onChange={(e) => setQuery({ negativeOnly: e.target.checked || undefined })} />
        Negative only
      </label>
    </>
  );
}
