import { describe, expect, it } from 'vitest';
import { openTestStore, startHq, STORE_KINDS } from '../helpers/hq';
import { storeDevice } from '../helpers/seed';
import { addOperators, ConsoleClient } from './session';

describe.each(STORE_KINDS)('HQ console: deciding on quarantined rows (%s)', (kind) => {
  it('an admin accepts or rejects a quarantined row by an appended decision; a viewer cannot; a decision is kept as made', async () => {
    const store = await openTestStore(kind);
    await addOperators(store);
    await store.upsertItem({ sku: 'TEA-01', name: 'Green tea' });
    const hq = await startHq(store);
    try {
      const till = await storeDevice(store, 'NORTH');
      const receive = till.next({ sku: 'TEA-01', qty: 10 });
      const ahead = till.next({ sku: 'TEA-01', kind: 'sale', qty: 4, onHandDelta: -4, occurredAt: new Date(Date.now() + 3 * 86_400_000).toISOString() });
      const broken = till.next({ sku: 'TEA-01', kind: 'sale', qty: -50, onHandDelta: 50 });
      await till.push({ movements: [receive, ahead, broken] });
      const [qAhead, qBroken] = await store.quarantine({});

      const viewer = new ConsoleClient(hq.url);
      await viewer.login('vera');
      expect((await viewer.write(`/review/quarantine/${qAhead!.id}/decision`, { decision: 'accepted', note: 'fine' })).status).toBe(403);

      const admin = new ConsoleClient(hq.url);
      await admin.login('ana');
      expect((await admin.write(`/review/quarantine/${qAhead!.id}/decision`, { decision: 'accepted', note: 'ok', extra: 1 })).status).toBe(400);
      const cannot = await admin.write(`/review/quarantine/${qBroken!.id}/decision`, { decision: 'accepted', note: 'looks fine' });
      expect(cannot.status).toBe(409);
      expect(cannot.body.error.message).toMatch(/cannot be accepted as sent/);

      const accepted = await admin.write(`/review/quarantine/${qAhead!.id}/decision`, { decision: 'accepted', note: 'the clock was ahead; the sale was real' });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ decision: 'accepted', actor: 'ana', movementId: ahead.id });
      expect((await admin.write(`/review/quarantine/${qBroken!.id}/decision`, { decision: 'rejected', note: 'garbage from an old till' })).body).toMatchObject({ decision: 'rejected', actor: 'ana' });
      expect((await admin.write(`/review/quarantine/${qAhead!.id}/decision`, { decision: 'rejected', note: 'changed my mind' })).status).toBe(409);
      expect((await admin.write('/review/quarantine/999/decision', { decision: 'rejected', note: 'x' })).status).toBe(404);

      const review = (await admin.send('GET', '/review')).body;
      expect(review.open.quarantine).toBe(0);
      expect(review.queues.quarantine.map((q: { resolution: { decision: string }; notes: Array<{ note: string }> }) => [q.resolution.decision, q.notes.at(-1)!.note]))
        .toEqual([['accepted', 'Accepted: the clock was ahead; the sale was real'], ['rejected', 'Rejected: garbage from an old till']]);
      // The accepted sale counts at HQ now; the rejected row never does.
      expect((await store.stock('TEA-01')).find((b) => b.branch === 'NORTH')).toMatchObject({ onHand: 6 });
    } finally {
      await hq.close();
    }
  }, 60_000);
});
