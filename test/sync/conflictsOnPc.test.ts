import { describe, expect, it } from 'vitest';
import { appendReplicated } from '../../electron/ledger/append';
import { writeTransaction } from '../../electron/ledger/write';
import { reversalDeltas } from '../../shared/movements/kinds';
import type { Movement } from '../../shared/movements/row';
import { compensationFor } from '../../shared/sync/conflicts';
import { tempHost } from '../helpers/tempLedger';
import { FakeDevice } from '../server/helpers/hq';

/** Rows of other PCs arriving by pull, in the order given, each page in its own transaction. */
function pull(host: ReturnType<typeof tempHost>, ...pages: Movement[][]): void {
  for (const page of pages) writeTransaction(host.ledger, () => appendReplicated(host.ledger, page));
}
const reversalOf = (d: FakeDevice, m: Movement, over: Partial<Movement> = {}) => {
  const deltas = reversalDeltas({ onHand: m.onHandDelta, reserved: m.reservedDelta });
  return d.next({ sku: m.sku, kind: 'reversal', qty: -m.qty, onHandDelta: deltas.onHand, reservedDelta: deltas.reserved, reverses: m.id, note: 'wrong', docType: 'reversal', docId: `reversal-${m.id}`, ...over });
};

describe('the conflict rule on a PC', () => {
  it('settles a hold fulfilled on two other PCs, whatever order the rows arrive in', async () => {
    for (const order of ['low first', 'high first']) {
      const host = tempHost();
      await host.run('settings.set', { branchCode: 'EAST' });
      const [low, high] = [new FakeDevice('0-low', 'EAST'), new FakeDevice('9-high', 'EAST')];
      const hold = { sku: 'TEA', docType: 'reservation', docId: 'HOLD-1' };
      const receive = low.next({ sku: 'TEA', kind: 'receive', qty: 5 });
      const reserve = low.next({ ...hold, kind: 'reserve', qty: 2 });
      const fLow = low.next({ ...hold, kind: 'fulfil', qty: 2, docLine: 1 });
      const fHigh = high.next({ ...hold, kind: 'fulfil', qty: 2, docLine: 1 });
      if (order === 'low first') pull(host, [receive, reserve, fLow], [fHigh]);
      else pull(host, [receive, reserve], [fHigh], [fLow]);
      expect(await host.run('stock.get', { sku: 'TEA' }), order).toMatchObject({ onHand: 3, reserved: 0 });
      const c = compensationFor(fHigh);
      expect(host.ledger.db.prepare(`SELECT id, hash, actor FROM movements WHERE reverses = ?`).all(fHigh.id)).toEqual([{ id: c.id, hash: c.hash, actor: 'system' }]);
      expect(await host.run('ledger.verify', {})).toMatchObject({ ok: true });
    }
  });

  it('a clerk who also reversed the losing reversal competes with its compensation: the sale ends reversed exactly once', async () => {
    const host = tempHost();
    await host.run('settings.set', { branchCode: 'EAST' });
    const [a, b, c] = [new FakeDevice('1-a', 'EAST'), new FakeDevice('2-b', 'EAST'), new FakeDevice('3-c', 'EAST')];
    const receive = a.next({ sku: 'TEA', kind: 'receive', qty: 10 });
    const sale = a.next({ sku: 'TEA', kind: 'sale', qty: 3 });
    const r1 = reversalOf(a, sale);
    const r2 = reversalOf(b, sale);
    const undoR2 = reversalOf(c, r2); // PC c learned r2 and undid it, before anyone saw r1
    pull(host, [receive, sale], [r2], [undoR2], [r1]);
    expect((await host.run('stock.get', { sku: 'TEA' })).onHand).toBe(10);
    expect(await host.run('ledger.verify', {})).toMatchObject({ ok: true });
    expect(await host.run('ledger.check', {})).toMatchObject({ ok: true });
  });
});
