import type { LedgerHost } from '../../electron/host/inProcessHost';
import type { OutflowView } from '../../shared/contract/costs';
import type { DocumentType } from '../../shared/contract/documents';
import { seedItems, tempHost } from '../helpers/tempLedger';

const DAY = 86_400_000;
/** A fixed clock, so "days ago" are stable within a test and never in the future. */
export const NOW = Date.parse('2026-03-31T12:00:00Z');
export const day = (n: number, hour = 10) => new Date(Date.parse('2026-03-01T00:00:00Z') + (n - 1) * DAY + hour * 3_600_000).toISOString();

export async function costHost(skus: string[] = ['TEA'], allowNegativeStock = true): Promise<LedgerHost> {
  const host = tempHost({ now: () => NOW });
  await seedItems(host, skus);
  if (allowNegativeStock) await host.run('settings.set', { allowNegativeStock: true });
  return host;
}

let docs = 0;
export async function post(host: LedgerHost, type: DocumentType, sku: string, qty: number, occurredAt: string, unitCost?: number, note?: string) {
  const doc = await host.run('documents.record', {
    type, id: `doc-${++docs}`, actor: 'test', occurredAt, note: note ?? (type === 'adjustment' ? 'test adjustment' : undefined),
    lines: [{ sku, qty, ...(unitCost === undefined ? {} : { unitCost }) }],
  });
  return doc.movements[0]!;
}

export function outflow(result: { outflows: OutflowView[] }, movementId: string): OutflowView {
  const o = result.outflows.find((x) => x.movementId === movementId);
  if (!o) throw new Error(`no outflow ${movementId}`);
  return o;
}
