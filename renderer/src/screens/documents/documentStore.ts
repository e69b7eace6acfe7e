import { parseLocalDateTime } from '../../../../shared/domain/time';
import { useBranch } from '../../app/branch';
import { create } from 'zustand';
import type { DocumentType, LedgerDocument } from '../../../../shared/contract';
import { uuidv7 } from '../../../../shared/ids';
import { attempt } from '../../api';
import { currentActor } from '../../app/session';
import { fmtAmount, parseAmount } from '../../ui/format';
import { SUPPLIER_TYPES } from '../../../../shared/contract/documents';

export interface DocLine {
  key: number;
  sku: string;
  name: string;
  /** As typed: the clerk edits it in place; it is sent as a whole number. */
  qty: string;
  /** As typed, in currency units (e.g. "3.50"); sent in minor units. */
  unitCost: string;
  /** What the stock list said was available when the line was added (for the clerk's eye only). */
  availableWhenAdded: number;
}

interface DocumentState {
  type: DocumentType;
  /** Generated once per form: posting twice (double click, retry) sends the same id, so the ledger records it once. */
  docId: string;
  lines: DocLine[];
  note: string;
  supplier: string;
  supplierRef: string;
  occurredAt: string;
  /** The ledger's refusal, shown on the line it concerns (by line index), on the note, or for the whole form. */
  lineErrors: Record<number, string>;
  noteError: string | null;
  formError: string | null;
  posting: boolean;
  lastPosted: LedgerDocument | null;
  setType(type: DocumentType): void;
  addItem(item: { sku: string; name: string; available: number; defaultCost?: number | null }): void;
  setLine(key: number, patch: Partial<Pick<DocLine, 'qty' | 'unitCost'>>): void;
  removeLine(key: number): void;
  setNote(note: string): void;
  setSupplier(patch: { supplier?: string; supplierRef?: string }): void;
  setOccurredAt(value: string): void;
  post(): Promise<boolean>;
  clear(): void;
}

let nextKey = 1;

const parseCost = parseAmount;

/** Maps the ledger's refusal onto the form: which line, the note, or the document as a whole. */
function placeError(error: { code: string; message: string; details?: Record<string, unknown> }, lines: DocLine[]) {
  const lineErrors: Record<number, string> = {};
  let noteError: string | null = null;
  let formError: string | null = null;
  const d = error.details ?? {};
  if (Array.isArray(d.lines)) {
    for (const l of d.lines as Array<{ line: number; sku: string; available: number; requested: number }>) {
      lineErrors[l.line] = `Only ${l.available} available, ${l.requested} requested.`;
    }
    formError = error.message;
  } else if (typeof d.line === 'number') {
    lineErrors[d.line] = error.message;
  } else if (Array.isArray(d.issues)) {
    for (const issue of d.issues as Array<{ path: string[]; message: string }>) {
      if (issue.path[0] === 'lines' && issue.path[1] !== undefined) lineErrors[Number(issue.path[1])] = `${issue.path[2] ?? 'line'}: ${issue.message}`;
      else if (issue.path[0] === 'note') noteError = issue.message;
      else formError = error.message;
    }
  } else if (d.field === 'note') {
    noteError = error.message;
  } else if (typeof d.sku === 'string' && lines.some((l) => l.sku === d.sku)) {
    lines.forEach((l, i) => { if (l.sku === d.sku) lineErrors[i] = error.message; });
  } else {
    formError = error.message;
  }
  return { lineErrors, noteError, formError };
}

const blank = () => ({ docId: uuidv7(), lines: [] as DocLine[], note: '', supplier: '', supplierRef: '', occurredAt: '', lineErrors: {}, noteError: null, formError: null });

export const useDocument = create<DocumentState>((set, get) => ({
  type: 'receive',
  ...blank(),
  posting: false,
  lastPosted: null,
  setType: (type) => set({ type, lineErrors: {}, noteError: null, formError: null }),
  addItem: (item) => set((s) => {
    // A second scan of the same item adds one to its line, as a scanner user expects.
    const existing = s.lines.find((l) => l.sku === item.sku);
    if (existing) {
      const qty = /^-?\d+$/.test(existing.qty) ? String(Number(existing.qty) + 1) : existing.qty;
      return { lines: s.lines.map((l) => (l === existing ? { ...l, qty } : l)), lastPosted: null };
    }
    // A receipt line starts from the item's default cost; the clerk overwrites it with the invoice's.
    return { lines: [...s.lines, { key: nextKey++, sku: item.sku, name: item.name, qty: '1', unitCost: item.defaultCost != null ? fmtAmount(item.defaultCost) : '', availableWhenAdded: item.available }], lastPosted: null };
  }),
  setLine: (key, patch) => set((s) => ({ lines: s.lines.map((l) => (l.key === key ? { ...l, ...patch } : l)) })),
  removeLine: (key) => set((s) => ({ lines: s.lines.filter((l) => l.key !== key), lineErrors: {} })),
  setNote: (note) => set({ note, noteError: null }),
  setSupplier: (patch) => set(patch),
  setOccurredAt: (occurredAt) => set({ occurredAt }),
  clear: () => set({ ...blank() }),
  post: async () => {
    const s = get();
    if (s.posting) return false;
    if (s.lines.length === 0) { set({ formError: 'Scan or type an item first: the document has no lines.' }); return false; }
    const badQty: Record<number, string> = {};
    s.lines.forEach((l, i) => {
      if (!/^\s*[-−]?\d+\s*$/.test(l.qty)) badQty[i] = 'Type a whole number.';
      if (Number.isNaN(parseCost(l.unitCost) ?? 0)) badQty[i] = 'Cost: type an amount like 3.50.';
    });
    if (Object.keys(badQty).length) { set({ lineErrors: badQty, formError: null }); return false; }
    // The previous document's confirmation goes as this one posts: it must never pass for this one's.
    set({ posting: true, formError: null, lineErrors: {}, noteError: null, lastPosted: null });
    const outcome = await attempt('documents.record', {
      type: s.type,
      id: s.docId,
      actor: currentActor(),
      note: s.note.trim() || undefined,
      ...(SUPPLIER_TYPES.has(s.type) && s.supplier.trim() ? { supplier: s.supplier.trim() } : {}),
      ...(SUPPLIER_TYPES.has(s.type) && s.supplierRef.trim() ? { supplierRef: s.supplierRef.trim() } : {}),
      // Typed on the branch's wall clock, whatever zone this PC is set to.
      occurredAt: s.occurredAt ? new Date(parseLocalDateTime(s.occurredAt, useBranch.getState().timeZone)).toISOString() : undefined,
      lines: s.lines.map((l) => {
        const unitCost = parseCost(l.unitCost);
        return { sku: l.sku, qty: Number(l.qty.trim().replace('−', '-')), ...(unitCost !== undefined ? { unitCost } : {}) };
      }),
    });
    if (outcome.ok) {
      set({ ...blank(), posting: false, lastPosted: outcome.result });
      return true;
    }
    // Nothing is lost: the lines, quantities and note stay as typed, with the refusal next to them.
    set({ posting: false, ...placeError(outcome.error, get().lines) });
    return false;
  },
}));
