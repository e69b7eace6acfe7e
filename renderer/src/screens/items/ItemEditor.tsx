import { useEffect, useRef, useState } from 'react';
import type { Item } from '../../../../shared/contract';
import { attempt } from '../../api';
import { displaySettings } from '../../ui/format';
import { BarcodeList } from './BarcodeList';
import { draftOf, emptyDraft, fieldErrors, payloadOf, type ItemDraft, type TextField } from './itemForm';

const FIELDS: Array<{ key: TextField; label: string; hint?: string; money?: boolean }> = [
  { key: 'sku', label: 'SKU', hint: 'required; cannot change later' },
  { key: 'name', label: 'Name', hint: 'required' },
  // Rendered as the list of the item's codes (BarcodeList), not one box.
  { key: 'barcode', label: 'Barcodes' },
  { key: 'category', label: 'Category' },
  { key: 'brand', label: 'Brand' },
  { key: 'unit', label: 'Unit', hint: 'pcs, box, kg…' },
  { key: 'defaultCost', label: 'Default cost', money: true },
  { key: 'price', label: 'Selling price', money: true },
  { key: 'reorderLevel', label: 'Reorder level', hint: 'order more below this' },
];

/** Adds or edits one item. Enter saves; the contract's refusal lands on its field. */
export function ItemEditor({ item, onSaved, onCancel, onToggleActive }: { item: Item | null; onSaved(item: Item): void; onCancel(): void; onToggleActive?(): void }) {
  const [draft, setDraft] = useState<ItemDraft>(item ? draftOf(item) : emptyDraft());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [refusedCode, setRefusedCode] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => { first.current?.focus(); }, []);
  const currency = displaySettings().currency;

  const save = async () => {
    const { payload, errors: local } = payloadOf(draft);
    if (Object.keys(local).length) { setErrors(local); setFormError(null); return; }
    setBusy(true);
    const outcome = await attempt('items.upsert', payload);
    setBusy(false);
    if (outcome.ok) { setErrors({}); setFormError(null); setRefusedCode(undefined); onSaved(outcome.result); return; }
    const placed = fieldErrors(outcome.error, payload.barcodes ?? []);
    const refused = outcome.error.details?.barcode;
    setRefusedCode(typeof refused === 'string' ? refused : undefined);
    setErrors(placed.fields);
    setFormError(placed.form);
  };

  return (
    <form className="item-editor" data-testid="item-editor" onSubmit={(e) => { e.preventDefault(); void save(); }}
      onKeyDown={(e) => { if (e.key === 'Escape') { e.preventDefault(); onCancel(); } }}>
      <h2>{item ? <>Edit {item.sku}</> : 'New item'}</h2>
      {item?.managedByHq && <div className="muted" data-testid="item-hq-note">HQ manages this item: its name, barcodes, category, brand and unit follow HQ’s catalogue at the next sync.</div>}
      {item && !item.active && <div className="error-box">Deactivated: it cannot be scanned into a new document.</div>}
      <div className="form-grid">
        {FIELDS.map((f, i) => f.key === 'barcode' ? (
          <div key={f.key} className="form-row" style={{ display: 'contents' }}>
            <span>{f.label}</span>
            <BarcodeList codes={draft.barcodes} pending={draft.barcode} error={errors.barcodes} invalidCode={refusedCode}
              onChange={(next) => { setDraft({ ...draft, barcodes: next.codes, barcode: next.pending }); setErrors({ ...errors, barcodes: '' }); }} />
          </div>
        ) : (
          <label key={f.key} className="form-row" style={{ display: 'contents' }}>
            <span>{f.label}{f.money ? ` (${currency})` : ''}</span>
            <span className="field">
              <input ref={i === (item ? 1 : 0) ? first : undefined} data-testid={`item-${f.key}`} value={draft[f.key]} readOnly={f.key === 'sku' && item !== null}
                className={f.money || f.key === 'reorderLevel' ? 'num wide' : ''} inputMode={f.money ? 'decimal' : f.key === 'reorderLevel' ? 'numeric' : undefined}
                placeholder={f.hint} onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })} aria-invalid={errors[f.key] ? true : undefined} />
              {errors[f.key] && <span className="field-error" data-testid={`item-error-${f.key}`}>{errors[f.key]}</span>}
            </span>
          </label>
        ))}
      </div>
      {formError && <div className="error-box" data-testid="item-form-error">{formError}</div>}
      <div className="actions">
        {item && onToggleActive && (
          <button type="button" className={`btn ${item.active ? 'danger' : ''}`} data-testid="item-toggle-active" onClick={onToggleActive}>
            {item.active ? 'Deactivate' : 'Reactivate'}
          </button>
        )}
        <span style={{ flex: 1 }} />
        <button type="button" className="btn" onClick={onCancel}>Cancel <kbd>Esc</kbd></button>
        <button type="submit" className="btn primary" data-testid="item-save" disabled={busy}>{item ? 'Save' : 'Add item'} <kbd>Enter</kbd></button>
      </div>
    </form>
  );
}
