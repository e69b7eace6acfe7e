import { describe, expect, it } from 'vitest';
import { costHost, day, outflow, post } from './helpers';

describe('FIFO costs through the commands', () => {
  it('prices a sale from receipts at different costs and leaves the rest as layers', async () => {
    const host = await costHost();
    await post(host, 'receive', 'TEA', 10, day(1), 100);
    await post(host, 'receive', 'TEA', 10, day(2), 120);
    const sale = await post(host, 'sale', 'TEA', 15, day(3));
    const item = await host.run('costs.item', { sku: 'TEA' });
    expect(outflow(item, sale.id)).toMatchObject({ qty: 15, pricedQty: 15, cost: 1600, pendingQty: 0, state: 'priced' });
    expect(outflow(item, sale.id).parts.map((p) => [p.qty, p.cost, p.unitCost])).toEqual([[10, 1000, 100], [5, 600, 120]]);
    expect(item.layers.map((l) => [l.remaining, l.value, l.unitCost, l.qtyIn, l.valueIn])).toEqual([[5, 600, 120, 10, 1200]]);
    expect(item).toMatchObject({ qty: 5, value: 600, avgUnitCost: 120, pendingQty: 0 });
  });

  it('keeps a sale made before the purchase pending, then prices it retroactively', async () => {
    const host = await costHost();
    const sale = await post(host, 'sale', 'TEA', 4, day(2));
    let item = await host.run('costs.item', { sku: 'TEA' });
    expect(outflow(item, sale.id)).toMatchObject({ pendingQty: 4, cost: 0, state: 'pending' });
    expect(item).toMatchObject({ qty: -4, value: 0, pendingQty: 4 });
    expect(item.negativePeriods).toEqual([{ from: day(2), to: null, lowestQty: -4 }]);
    const valuation = await host.run('valuation.report', {});
    expect(valuation.rows[0]).toMatchObject({ sku: 'TEA', qty: -4, value: 0, pendingQty: 4, avgUnitCost: null });
    expect(valuation.totals).toMatchObject({ negativeItems: 1, pendingQty: 4, value: 0 });

    await post(host, 'receive', 'TEA', 10, day(3), 100);
    item = await host.run('costs.item', { sku: 'TEA' });
    expect(outflow(item, sale.id)).toMatchObject({ pendingQty: 0, cost: 400, state: 'priced' });
    expect(outflow(item, sale.id).parts[0]!.retroactive).toBe(true);
    expect(item.negativePeriods).toEqual([{ from: day(2), to: day(3), lowestQty: -4 }]);
    expect(item).toMatchObject({ qty: 6, value: 600 });
  });

  it('prices an earlier sale from a receipt recorded later but dated before it', async () => {
    const host = await costHost();
    const sale = await post(host, 'sale', 'TEA', 4, day(5));
    await post(host, 'receive', 'TEA', 10, day(4), 90);
    const item = await host.run('costs.item', { sku: 'TEA' });
    expect(outflow(item, sale.id)).toMatchObject({ cost: 360, pendingQty: 0, state: 'priced' });
    expect(outflow(item, sale.id).parts[0]!.retroactive).toBe(false);
    expect(item.negativePeriods).toEqual([]);
  });

  it('reprices a later sale and the period COGS when a cheaper receipt is back-dated', async () => {
    const host = await costHost(['TEA'], false);
    await post(host, 'receive', 'TEA', 10, day(2), 100);
    const sale = await post(host, 'sale', 'TEA', 5, day(10));
    expect((await host.run('costs.cogs', { from: '2026-03-01', to: '2026-03-31' })).totals).toEqual({ qty: 5, pendingQty: 0, cost: 500 });
    await post(host, 'receive', 'TEA', 10, day(1), 80);
    const item = await host.run('costs.item', { sku: 'TEA' });
    expect(outflow(item, sale.id).cost).toBe(400);
    const cogs = await host.run('costs.cogs', { from: '2026-03-01', to: '2026-03-31' });
    expect(cogs.totals).toEqual({ qty: 5, pendingQty: 0, cost: 400 });
    expect(cogs.byKind).toEqual([{ kind: 'sale', kindLabel: 'Sale', qty: 5, pendingQty: 0, cost: 400 }]);
    expect((await host.run('costs.cogs', { from: '2026-03-11', to: '2026-03-31' })).totals.cost).toBe(0);
    expect(item).toMatchObject({ qty: 15, value: 5 * 80 + 10 * 100 });
  });

  it('reversing a partly consumed receipt re-costs the sale from the next receipt, ledger untouched', async () => {
    const host = await costHost(['TEA'], false);
    const wrong = await post(host, 'receive', 'TEA', 10, day(1), 100);
    await post(host, 'receive', 'TEA', 10, day(2), 120);
    const sale = await post(host, 'sale', 'TEA', 4, day(3));
    expect(outflow(await host.run('costs.item', { sku: 'TEA' }), sale.id).cost).toBe(400);
    const movementsBefore = (await host.run('stock.trail', { sku: 'TEA' })).rows.length;
    await host.run('movements.reverse', { movementId: wrong.id, reason: 'wrong supplier', actor: 'test' });
    const item = await host.run('costs.item', { sku: 'TEA' });
    expect(outflow(item, sale.id)).toMatchObject({ cost: 480, state: 'priced', pendingQty: 0 });
    expect(item.layers.map((l) => [l.remaining, l.value])).toEqual([[6, 720]]);
    expect((await host.run('stock.trail', { sku: 'TEA' })).rows.length).toBe(movementsBefore + 1);
  });

  it('values stock that went negative at zero and prices the shortfall when stock recovers', async () => {
    const host = await costHost();
    await post(host, 'receive', 'TEA', 5, day(1), 100);
    const sale = await post(host, 'sale', 'TEA', 8, day(2));
    expect(await host.run('costs.item', { sku: 'TEA' })).toMatchObject({ qty: -3, value: 0, pendingQty: 3 });
    expect(outflow(await host.run('costs.item', { sku: 'TEA' }), sale.id)).toMatchObject({ state: 'partly-pending', pricedQty: 5, pendingQty: 3, cost: 500 });
    await post(host, 'receive', 'TEA', 10, day(4), 110);
    const item = await host.run('costs.item', { sku: 'TEA' });
    expect(outflow(item, sale.id)).toMatchObject({ state: 'priced', cost: 830 });
    expect(item.negativePeriods).toEqual([{ from: day(2), to: day(4), lowestQty: -3 }]);
    const onDay3 = await host.run('valuation.report', { asOf: '2026-03-03' });
    expect(onDay3.rows[0]).toMatchObject({ qty: -3, value: 0, pendingQty: 3 });
  });

  it('takes a customer return back at its original cost when the line carries it', async () => {
    const host = await costHost(['TEA'], false);
    await post(host, 'receive', 'TEA', 2, day(1), 100);
    await post(host, 'receive', 'TEA', 5, day(2), 150);
    await post(host, 'sale', 'TEA', 3, day(3));
    await post(host, 'customer_return', 'TEA', 1, day(4), 100);
    const item = await host.run('costs.item', { sku: 'TEA' });
    expect(item.layers.map((l) => [l.kind, l.remaining, l.value, l.basis])).toEqual([['receive', 4, 600, 'row'], ['customer_return', 1, 100, 'row']]);
  });

  it('a reversed sale gives back exactly the layers it took', async () => {
    const host = await costHost(['TEA'], false);
    await post(host, 'receive', 'TEA', 3, day(1), 100);
    await post(host, 'receive', 'TEA', 5, day(2), 120);
    const sale = await post(host, 'sale', 'TEA', 5, day(3));
    await host.run('movements.reverse', { movementId: sale.id, reason: 'keyed twice', actor: 'test' });
    const item = await host.run('costs.item', { sku: 'TEA' });
    expect(item.layers.map((l) => [l.remaining, l.value])).toEqual([[3, 300], [5, 600]]);
    const rev = item.outflows.find((o) => o.state === 'reversal')!;
    expect(rev).toMatchObject({ qty: -5, cost: -540 });
    expect(outflow(item, sale.id).reversedBy).toBe(rev.movementId);
    expect((await host.run('costs.cogs', { from: '2026-03-01', to: '2026-03-31' })).totals).toEqual({ qty: 0, pendingQty: 0, cost: 0 });
  });

  it('shows the layers as they stood on a past day', async () => {
    const host = await costHost(['TEA'], false);
    await post(host, 'receive', 'TEA', 10, day(1), 100);
    await post(host, 'sale', 'TEA', 6, day(2));
    await post(host, 'receive', 'TEA', 10, day(3), 130);
    await post(host, 'sale', 'TEA', 6, day(4));
    const past = await host.run('costs.item', { sku: 'TEA', asOf: '2026-03-02' });
    expect(past).toMatchObject({ qty: 4, value: 400, asOf: '2026-03-02T23:59:59.999Z' });
    expect(past.outflows.length).toBe(1);
    const now = await host.run('costs.item', { sku: 'TEA' });
    expect(now.layers.map((l) => [l.remaining, l.value])).toEqual([[8, 1040]]);
  });

  it('exports each view as CSV with money as a decimal amount and in minor units', async () => {
    const host = await costHost(['TEA', 'MUG'], false);
    await post(host, 'receive', 'TEA', 10, day(1), 100);
    await post(host, 'receive', 'MUG', 2, day(1), 450);
    await post(host, 'sale', 'TEA', 3, day(2));
    const valuation = await host.run('valuation.reportCsv', {});
    expect(valuation.csv.split('\r\n')).toEqual(['\uFEFFsku,name,category,qty,value,avg_unit_cost,value_minor,avg_unit_cost_minor,pending_qty', 'MUG,Item MUG,,2,9.00,4.50,900,450,0', 'TEA,Item TEA,,7,7.00,1.00,700,100,0', 'TOTAL,2 items,,9,16.00,,1600,,0', '']);
    const cogs = await host.run('costs.cogsCsv', { from: '2026-03-01', to: '2026-03-02' });
    expect(cogs.csv).toContain('TEA,Item TEA,,3,3.00,300,0');
    expect(cogs.filename).toBe('cogs-2026-03-01-to-2026-03-02.csv');
    const item = await host.run('costs.itemCsv', { sku: 'TEA' });
    expect(item.csv.split('\r\n')[0]).toBe('\uFEFFrow,occurred_at,kind,document,movement_id,qty,cost,unit_cost,cost_minor,unit_cost_minor,layer_occurred_at,pending_qty,state');
    expect(item.rows).toBe(2);
  });

  it('filters the valuation by category and by the SKUs a list shows', async () => {
    const host = await costHost([], false);
    await host.run('items.upsert', { sku: 'A', name: 'Apple juice', category: 'drinks' });
    await host.run('items.upsert', { sku: 'B', name: 'Bread', category: 'bakery' });
    await post(host, 'receive', 'A', 3, day(1), 200);
    await post(host, 'receive', 'B', 4, day(1), 50);
    expect((await host.run('valuation.report', { category: 'drinks' })).rows.map((r) => r.sku)).toEqual(['A']);
    const bySku = await host.run('valuation.report', { skus: ['B'] });
    expect(bySku.rows).toEqual([{ sku: 'B', name: 'Bread', category: 'bakery', qty: 4, value: 200, avgUnitCost: 50, pendingQty: 0 }]);
    expect((await host.run('valuation.report', { sort: '-value' })).rows.map((r) => r.sku)).toEqual(['A', 'B']);
  });

  it('refuses a period that ends before it starts and an unknown item', async () => {
    const host = await costHost();
    const bad = await host.call('costs.cogs', { from: '2026-03-05', to: '2026-03-01' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await host.call('costs.item', { sku: 'NOPE' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('the cost of one outflow, for a transfer to carry', () => {
  it('answers the FIFO cost of a movement and a per-unit figure rounded half up', async () => {
    const { outflowCost } = await import('../../electron/costs/outflowCost');
    const host = await costHost(['TEA'], false);
    await post(host, 'receive', 'TEA', 2, day(1), 100);
    await post(host, 'receive', 'TEA', 5, day(2), 101);
    const sale = await post(host, 'sale', 'TEA', 3, day(3));
    expect(outflowCost(host.ledger.db, sale.id)).toEqual({ qty: 3, cost: 301, pendingQty: 0, unitCost: 100 });
  });
});
