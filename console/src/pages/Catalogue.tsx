import { useState, type FormEvent } from 'react';
import { ApiError, get, post } from '../api';
import { when } from '../format';
import type { Item } from '../types';
import { Empty, errorText, Notice, Section, useLoad } from '../ui';

const FIELDS = ['sku', 'name', 'category', 'brand', 'unit'] as const;
/** `barcodes`: one code a line, the first the primary (what a scanner types, pasted or scanned in turn). */
type Draft = Record<(typeof FIELDS)[number] | 'barcodes', string>;
const blank: Draft = { sku: '', name: '', category: '', brand: '', unit: '', barcodes: '' };
const codesOf = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

export function Catalogue({ canWrite }: { canWrite: boolean }) {
  const [search, setSearch] = useState('');
  const { data, error, reload } = useLoad(() => get<{ items: Item[]; total: number }>(`/items?search=${encodeURIComponent(search)}`), [search]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    setMessage(null);
    try {
      const body = { ...Object.fromEntries(FIELDS.map((f) => [f, f === 'sku' || f === 'name' ? draft[f] : draft[f].trim() || null])), barcodes: codesOf(draft.barcodes) };
      const item = await post<Item>('/items', body);
      setMessage({ kind: 'ok', text: `Saved ${item.sku} (${item.name}). Branches receive it at their next sync.` });
      setDraft(null);
      reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>Catalogue</h1>
        {canWrite && <button type="button" className="primary" onClick={() => { setDraft({ ...blank }); setEditing(false); setMessage(null); }} data-testid="item-add">Add item</button>}
      </div>
      {message && <Notice kind={message.kind} testId="catalogue-message">{message.text}</Notice>}
      {draft && (
        <Section title={editing ? `Edit ${draft.sku}` : 'New item'} testId="item-form">
          <form className="form-grid" onSubmit={save}>
            {FIELDS.map((f) => (
              <label key={f}>{f === 'sku' ? 'SKU' : f[0]!.toUpperCase() + f.slice(1)}{f === 'sku' || f === 'name' ? ' *' : ''}
                <input value={draft[f]} readOnly={editing && f === 'sku'} onChange={(e) => setDraft({ ...draft, [f]: e.target.value })} data-testid={`item-field-${f}`} />
              </label>
            ))}
            <label>Barcodes <span className="muted small">one a line, the first is the primary</span>
              <textarea rows={3} value={draft.barcodes} onChange={(e) => setDraft({ ...draft, barcodes: e.target.value })} data-testid="item-field-barcodes" />
            </label>
            <div className="row"><button type="submit" className="primary" data-testid="item-save">Save</button><button type="button" onClick={() => setDraft(null)}>Cancel</button></div>
          </form>
        </Section>
      )}
      {canWrite && <CsvImport onDone={() => { setMessage(null); reload(); }} />}
      <Section title={`Items${data ? ` · ${data.total}` : ''}`} testId="items">
        <div className="row"><label>Search<input value={search} onChange={(e) => setSearch(e.target.value)} placeholder="SKU, name or barcode" data-testid="items-search" /></label></div>
        {error && <Notice kind="error">{error}</Notice>}
        {data && !data.items.length && <Empty>{search ? `No item matches "${search}".` : 'The catalogue is empty: add an item or import a CSV.'}</Empty>}
        {data && data.items.length > 0 && (
          <table className="grid" data-testid="items-table">
            <thead><tr><th>SKU</th><th>Name</th><th>Category</th><th>Brand</th><th>Barcodes</th><th>Unit</th><th>Updated</th><th /></tr></thead>
            <tbody>
              {data.items.map((i) => (
                <tr key={i.sku} data-testid={`item-row-${i.sku}`}>
                  <td className="mono">{i.sku}</td><td>{i.name}{i.needsReview && <span className="badge badge-warn">from {i.learnedFrom}, review</span>}</td>
                  <td>{i.category ?? ''}</td><td>{i.brand ?? ''}</td><td className="mono" data-testid={`item-barcodes-${i.sku}`}>{i.barcodes.join(', ')}</td><td>{i.unit ?? ''}</td><td>{when(i.updatedAt)}</td>
                  <td>{canWrite && <button type="button" className="small" onClick={() => { setDraft({ ...(Object.fromEntries(FIELDS.map((f) => [f, i[f] ?? ''])) as Draft), barcodes: i.barcodes.join('\n') }); setEditing(true); setMessage(null); }} data-testid={`item-edit-${i.sku}`}>Edit</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}

interface Preview { committed: boolean; summary: { new: number; changed: number; unchanged: number }; preview: Array<{ line: number; item: Record<string, string | null>; change: string }> }

function CsvImport({ onDone }: { onDone: () => void }) {
  const [csv, setCsv] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problems, setProblems] = useState<{ text: string; lines: Array<{ line: number; message: string }> } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState<'preview' | 'import' | null>(null);
  const send = async (commit: boolean) => {
    setProblems(null);
    setDone(null);
    setBusy(commit ? 'import' : 'preview');
    try {
      const r = await post<Preview>('/items/import', { csv, commit });
      if (commit) { setDone(`Imported: ${r.summary.new} new, ${r.summary.changed} changed, ${r.summary.unchanged} unchanged. Branches receive them at their next sync.`); setPreview(null); setCsv(''); onDone(); } else setPreview(r);
    } catch (e) {
      setPreview(null);
      const lines = e instanceof ApiError && Array.isArray(e.details?.problems) ? (e.details!.problems as Array<{ line: number; message: string }>) : [];
      setProblems({ text: errorText(e), lines });
    } finally {
      setBusy(null);
    }
  };
  const readFile = async (file: File | undefined) => { if (file) { setCsv(await file.text()); setPreview(null); setProblems(null); } };
  return (
    <Section title="Import a CSV" testId="csv-import">
      <p className="muted small">Columns: sku, name, category, brand, barcode, barcodes, unit (header line first; barcodes: every code of the item separated by |, like 4006381333931|5012345678900). The file is checked whole: one bad line refuses it all, naming the line.</p>
      <div className="row">
        <input type="file" accept=".csv,text/csv" onChange={(e) => void readFile(e.target.files?.[0])} data-testid="csv-file" />
      </div>
      <textarea rows={5} value={csv} onChange={(e) => { setCsv(e.target.value); setPreview(null); }} placeholder={'sku,name,unit\nTEA-002,Green tea 100 g,pack'} data-testid="csv-text" />
      <div className="row">
        <button type="button" onClick={() => void send(false)} disabled={!csv.trim() || busy !== null} data-testid="csv-preview">{busy === 'preview' ? 'Checking…' : 'Preview'}</button>
        <button type="button" className="primary" onClick={() => void send(true)} disabled={!preview || busy !== null} data-testid="csv-commit">{busy === 'import' ? 'Importing…' : `Import ${preview ? `${preview.summary.new + preview.summary.changed} items` : ''}`}</button>
        {busy && <progress aria-label="working" data-testid="csv-busy" />}
      </div>
      {done && <Notice kind="ok" testId="csv-done">{done}</Notice>}
      {problems && (
        <Notice kind="error" testId="csv-problems">
          {problems.lines.length > 0 ? `The file was refused whole; nothing was imported. Fix ${problems.lines.length === 1 ? 'this line' : 'these lines'} and preview again:` : problems.text}
          {problems.lines.length > 0 && <ul>{problems.lines.map((p, i) => <li key={i}><strong>Line {p.line}:</strong> {p.message}</li>)}</ul>}
        </Notice>
      )}
      {preview && (
        <>
          <p data-testid="csv-summary">{preview.summary.new} new · {preview.summary.changed} changed · {preview.summary.unchanged} unchanged</p>
          {!preview.preview.length ? <Empty>No items in the file.</Empty> : (
            <table className="grid" data-testid="csv-preview-table">
              <thead><tr><th>Line</th><th>Change</th><th>SKU</th><th>Name</th><th>Unit</th></tr></thead>
              <tbody>{preview.preview.map((p) => <tr key={p.line}><td className="num">{p.line}</td><td><span className={`badge badge-${p.change === 'new' ? 'info' : p.change === 'changed' ? 'warn' : 'muted'}`}>{p.change}</span></td><td className="mono">{p.item.sku}</td><td>{p.item.name}</td><td>{p.item.unit ?? ''}</td></tr>)}</tbody>
            </table>
          )}
        </>
      )}
    </Section>
  );
}
