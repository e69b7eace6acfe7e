import { useEffect, useState } from 'react';
import type { Facet, StocktakeScope } from '../../../../shared/contract';
import { uuidv7 } from '../../../../shared/ids';
import { attempt, call } from '../../api';
import { navigate } from '../../app/navigation';
import { currentActor } from '../../app/session';

type Kind = StocktakeScope['kind'];

/** Start a count: what to count (all, a category, a brand, a list of SKUs), blind or not, a note. */
export function StartView() {
  const [kind, setKind] = useState<Kind>('category');
  const [facets, setFacets] = useState<{ categories: Facet[]; brands: Facet[] }>({ categories: [], brands: [] });
  const [category, setCategory] = useState('');
  const [brand, setBrand] = useState('');
  const [skus, setSkus] = useState('');
  const [blind, setBlind] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One id per form: a double click starts one count.
  const [id] = useState(() => uuidv7());

  useEffect(() => {
    call('items.facets', {}).then((f) => {
      setFacets(f);
      setCategory((c) => c || f.categories[0]?.value || '');
      setBrand((b) => b || f.brands[0]?.value || '');
    }, () => undefined);
  }, []);

  const scope = (): StocktakeScope => {
    if (kind === 'category') return { kind, category };
    if (kind === 'brand') return { kind, brand };
    if (kind === 'skus') return { kind, skus: [...new Set(skus.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))] };
    return { kind: 'all' };
  };

  const start = async () => {
    setBusy(true);
    const outcome = await attempt('stocktake.start', { scope: scope(), blind, note: note.trim() || undefined, actor: currentActor(), id });
    setBusy(false);
    if (!outcome.ok) { setError(outcome.error.message); return; }
    navigate('stocktake', { view: 'scan', session: outcome.result.id });
  };

  const total = facets.categories.reduce((n, f) => n + f.items, 0);
  return (
    <>
      <div className="toolbar">
        <button type="button" className="btn" onClick={() => navigate('stocktake')}>← All counts</button>
        <h1>Start a stock take</h1>
      </div>
      <div className="panel">
        <div className="st-start">
          <b>What to count</b>
          <div className="choice" data-testid="st-scope">
            <label><input type="radio" name="scope" checked={kind === 'all'} onChange={() => setKind('all')} data-testid="st-scope-all" /> Everything in the shop {total ? <span className="muted">({total.toLocaleString('en-GB')} items)</span> : null}</label>
            <label>
              <input type="radio" name="scope" checked={kind === 'category'} onChange={() => setKind('category')} data-testid="st-scope-category" /> One category
              <select value={category} onChange={(e) => { setCategory(e.target.value); setKind('category'); }} data-testid="st-category">
                {facets.categories.map((f) => <option key={f.value} value={f.value}>{f.value} ({f.items})</option>)}
              </select>
            </label>
            <label>
              <input type="radio" name="scope" checked={kind === 'brand'} onChange={() => setKind('brand')} data-testid="st-scope-brand" /> One brand
              <select value={brand} onChange={(e) => { setBrand(e.target.value); setKind('brand'); }} data-testid="st-brand">
                {facets.brands.map((f) => <option key={f.value} value={f.value}>{f.value} ({f.items})</option>)}
              </select>
            </label>
            <label style={{ alignItems: 'flex-start' }}>
              <input type="radio" name="scope" checked={kind === 'skus'} onChange={() => setKind('skus')} data-testid="st-scope-skus" /> These items
              <textarea placeholder="SKUs, one per line (or separated by commas)" value={skus} onChange={(e) => { setSkus(e.target.value); setKind('skus'); }} data-testid="st-skus" />
            </label>
          </div>
          <b>Blind count</b>
          <label style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
            <input type="checkbox" checked={blind} onChange={(e) => setBlind(e.target.checked)} data-testid="st-blind" />
            <span>Hide the expected quantities from the counters. The differences appear only after the count is committed.</span>
          </label>
          <b>Note</b>
          <input value={note} onChange={(e) => setNote(e.target.value)} placeholder="e.g. Quarterly count, aisle 3" style={{ width: 420 }} data-testid="st-note" />
          <span />
          <div className="toolbar">
            <button type="button" className="btn primary" disabled={busy} onClick={() => void start()} data-testid="st-start">Start counting</button>
            <span className="muted">The shop can stay open: sales during the count are not double-counted.</span>
          </div>
        </div>
      </div>
      {error && <div className="error-box" data-testid="st-start-error">{error}</div>}
    </>
  );
}
