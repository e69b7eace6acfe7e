import { useState, type Ref } from 'react';

/**
 * An item's barcodes: the codes it has (the first is the primary, the one printed on labels and sent to
 * older callers) each with a remove button, and a box to add one. A scanner ends its code with Enter,
 * so Enter here adds the code instead of saving the form; a code left typed in the box is saved too.
 */
export function BarcodeList({ codes, pending, error, invalidCode, inputRef, onChange }: {
  codes: string[];
  pending: string;
  error?: string;
  /** The code the ledger refused (another item has it), marked in the list. */
  invalidCode?: string;
  inputRef?: Ref<HTMLInputElement>;
  onChange(next: { codes: string[]; pending: string }): void;
}) {
  const [local, setLocal] = useState<string | null>(null);
  const add = () => {
    const code = pending.trim();
    if (!code) return;
    if (codes.includes(code)) { setLocal(`${code} is already in the list.`); return; }
    setLocal(null);
    onChange({ codes: [...codes, code], pending: '' });
  };
  const shown = local ?? error;
  return (
    <span className="field barcode-list" data-testid="item-barcodes">
      {codes.length > 0 && (
        <ul className="codes">
          {codes.map((code, i) => (
            <li key={code} data-testid={`item-barcode-code-${code}`} className={code === invalidCode ? 'invalid' : undefined}>
              <code>{code}</code>
              {i === 0 ? <span className="badge" title="The primary barcode: the first one, printed on labels">primary</span>
                : <button type="button" className="link" data-testid={`item-barcode-primary-${code}`} title="Make this the primary barcode" onClick={() => onChange({ codes: [code, ...codes.filter((c) => c !== code)], pending })}>set primary</button>}
              <button type="button" className="remove" data-testid={`item-barcode-remove-${code}`} aria-label={`Remove barcode ${code}`} title="Remove this barcode"
                onClick={() => { setLocal(null); onChange({ codes: codes.filter((c) => c !== code), pending }); }}>×</button>
            </li>
          ))}
        </ul>
      )}
      <span className="add">
        <input ref={inputRef} data-testid="item-barcode" value={pending} placeholder={codes.length ? 'Scan or type another barcode, Enter' : 'Scan or type a barcode'}
          aria-invalid={shown ? true : undefined}
          onChange={(e) => { setLocal(null); onChange({ codes, pending: e.target.value }); }}
          onKeyDown={(e) => { if (e.key === 'Enter' && pending.trim()) { e.preventDefault(); e.stopPropagation(); add(); } }} />
        <button type="button" className="btn" tabIndex={-1} data-testid="item-barcode-add" onClick={add} disabled={!pending.trim()}>Add</button>
      </span>
      {shown && <span className="field-error" data-testid="item-error-barcodes">{shown}</span>}
    </span>
  );
}
