import { describe, expect, it } from 'vitest';
import { tempHost } from '../helpers/tempLedger';

const line = (sku: string, qty: number, key?: string) => ({ type: 'receive' as const, sku, qty, ...(key === undefined ? {} : { key }) });
const count = (host: ReturnType<typeof tempHost>) => host.ledger.db.prepare('SELECT count(*) FROM movements').pluck().get() as number;

describe('documents.import keys, looked up and remembered a batch at a time', () => {
  it('a caller\'s own keys (any text) and unkeyed lines: keyed rows are appended once across documents, unkeyed ones each time', async () => {
    const host = tempHost();
    const items = [{ sku: 'A', name: 'Apple' }, { sku: 'B', name: 'Banana' }];
    const first = await host.run('documents.import', { id: 'doc-1', actor: 'ann', items, lines: [line('A', 1, 'row "1"'), line('B', 2, 'ABCDEF0123456789ABCDEF0123456789'), line('A', 3)] });
    expect(first).toMatchObject({ movements: 3, alreadyImported: false, skipped: 0 });
    // Another document with the same keys and one new: only the new key and the unkeyed line are appended.
    const second = await host.run('documents.import', { id: 'doc-2', actor: 'ann', lines: [line('A', 1, 'row "1"'), line('B', 2, 'ABCDEF0123456789ABCDEF0123456789'), line('B', 4, 'row 3'), line('A', 3)] });
    expect(second).toMatchObject({ movements: 2, alreadyImported: false, skipped: 2 });
    expect(count(host)).toBe(5);
    // The same document again: its first answer (movements counted from the ledger), nothing appended.
    const again = await host.run('documents.import', { id: 'doc-2', actor: 'ann', lines: [line('A', 1, 'row "1"'), line('B', 2, 'ABCDEF0123456789ABCDEF0123456789'), line('B', 4, 'row 3'), line('A', 3)] });
    expect(again).toMatchObject({ movements: 2, alreadyImported: true });
    expect(count(host)).toBe(5);
    expect((await host.run('stock.get', { sku: 'B' })).onHand).toBe(6);
  });

  it('a line for an unknown item is refused with its SKU named, and nothing of the batch is written', async () => {
    const host = tempHost();
    const outcome = await host.call('documents.import', { id: 'doc-1', actor: 'ann', items: [{ sku: 'A', name: 'Apple' }], lines: [line('A', 1, 'k1'), line('Z-9', 1, 'k2')] });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('NOT_FOUND');
      expect(outcome.error.message).toMatch(/Z-9/);
    }
    expect(count(host)).toBe(0);
    expect(host.ledger.db.prepare('SELECT count(*) FROM import_keys').pluck().get()).toBe(0);
  });
});
