import { useState } from 'react';
import type { ItemImportPreview } from '../../../../shared/contract';
import { attempt } from '../../api';
import { currentActor } from '../../app/session';
import { fmtMoney, plural } from '../../ui/format';

/**
 * Catalogue CSV import: pick a file (or paste), see every row as it would be saved, with each wrong
 * line's number and reason; import only when no line is wrong (all rows in one transaction).
 */
export function ImportPanel({ onDone, onCancel }: { onDone(message: string): void; onCancel(): void }) {
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [preview, setPreview] = useState<ItemImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const check = async (text: string) => {
    setCsv(text);
    setError(null);
    if (!text.trim()) { setPreview(null); return; }
    const outcome = await attempt('items.importPreview', { csv: text });
    if (outcome.ok) setPreview(outcome.result);
    else setError(outcome.error.message);
  };

  const run = async () => {
    setBusy(true);
    const outcome = await attempt('items.import', { csv, actor: currentActor() });
    setBusy(false);
    if (outcome.ok) onDone(`Imported ${plural(outcome.result.saved, 'item')}: ${outcome.result.new} new, ${outcome.result.updated} updated.`);
    else setError(outcome.error.message);
  };

  const errors = preview?.rows.filter((r) => r.error) ?? [];
  return (
    <div className="import-panel" data-testid="items-import-panel" onKeyDown={(e) => { if (e.key === 'Escape') onCancel(); }}>
      <h2>Import a catalogue CSV</h2>
      <div className="muted">Columns: <code>sku,name,category,brand,barcode,barcodes,unit,default_cost,price,reorder_level</code>. Only sku and name are required; an empty cell leaves that field as it is. Amounts like 3.50; several barcodes in one cell separated by <code>|</code> (4006381333931|5012345678900).</div>
      <label className="btn" style={{ alignSelf: 'flex-start' }}>Choose file…
        <input type="file" accept=".csv,text/csv" data-testid="items-import-file" style={{ display: 'none' }}
          onChange={(e) => { const f = e.target.files?.[0]; if (f) { setFileName(f.name); void f.text().then(check); } }} />
      </label>
      {fileName && <div className="muted">{fileName}</div>}
      <textarea data-testid="items-import-text" placeholder="…or paste the CSV here" value={csv} rows={4} onChange={(e) => void check(e.target.value)} />
      {preview && (
        <div data-testid="items-import-summary" className={preview.counts.errors ? 'error-box' : 'ok-box'}>
          {preview.counts.errors
            ? <>{plural(preview.counts.errors, 'line')} {preview.counts.errors === 1 ? 'is' : 'are'} wrong: fix {preview.counts.errors === 1 ? 'it' : 'them'} in the file and choose it again. Nothing is imported until every line is right.</>
            : <>Ready: {preview.counts.new} new, {preview.counts.update} updated.</>}
        </div>
      )}
      {errors.length > 0 && (
        <ul className="import-errors" data-testid="items-import-errors">
          {errors.slice(0, 50).map((r) => <li key={`${r.line}-${r.error}`}><b>Line {r.line}:</b> {r.error}</li>)}
          {errors.length > 50 && <li>…and {errors.length - 50} more</li>}
        </ul>
      )}
      {preview && preview.counts.errors === 0 && (
        <div className="import-preview">
          <table className="grid" data-testid="items-import-preview">
            <colgroup><col style={{ width: 44 }} /><col style={{ width: 62 }} /><col style={{ width: 110 }} /><col /><col style={{ width: 80 }} /></colgroup>
            <thead><tr><th>Line</th><th></th><th>SKU</th><th>Name</th><th className="n">Price</th></tr></thead>
            <tbody>
              {preview.rows.slice(0, 200).map((r) => (
                <tr key={r.line}><td className="muted">{r.line}</td><td>{r.action}</td><td title={r.item!.sku}>{r.item!.sku}</td><td title={r.item!.name}>{r.item!.name}</td><td className="n">{r.item!.price == null ? '' : fmtMoney(r.item!.price)}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {error && <div className="error-box" data-testid="items-import-error">{error}</div>}
      <div className="actions">
        <button type="button" className="btn" onClick={onCancel}>Cancel <kbd>Esc</kbd></button>
        <button type="button" className="btn primary" data-testid="items-import-run" disabled={busy || !preview || preview.counts.errors > 0 || preview.rows.length === 0} onClick={() => void run()}>
          Import {preview && !preview.counts.errors ? plural(preview.rows.length, 'item') : ''}
        </button>
      </div>
    </div>
  );
}
