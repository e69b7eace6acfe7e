import type { FastifyInstance } from 'fastify';
import { HqError } from '../../errors';
import { addReviewNote, reviewNotes, type Queue, type ReviewNote } from '../views';
import type { ConsoleDeps } from '../plugin';

const noteBody = {
  type: 'object', additionalProperties: false, required: ['queue', 'ref', 'note'],
  properties: {
    queue: { type: 'string', enum: ['quarantine', 'negative', 'unknown_sku'] },
    ref: { type: 'string', minLength: 1, maxLength: 200 },
    note: { type: 'string', minLength: 1, maxLength: 2000 },
    handled: { type: 'boolean' },
  },
};

/** What to do about each kind of entry, shown next to it in the console. */
export const WHAT_TO_DO: Record<Queue, string> = {
  quarantine: 'HQ did not store this row. Read the reason and the raw row, then decide: accept it as the PC recorded it, or reject it so its effect never counts. The decision is kept with the row and reaches the branch on its next pull.',
  negative: 'Two PCs sold the same units offline, or stock was never received. Ask the branch to count the item and record a stock-take or adjustment, then mark it handled.',
  unknown_sku: 'A branch used an SKU HQ did not know. Confirm it by saving it in the catalogue (name, unit…), or ask the branch to correct the item, then mark it handled.',
};

const decisionBody = {
  type: 'object', additionalProperties: false, required: ['decision', 'note'],
  properties: { decision: { type: 'string', enum: ['accepted', 'rejected'] }, note: { type: 'string', minLength: 1, maxLength: 1000 } },
};

const state = (notes: ReviewNote[] | undefined) => ({ notes: notes ?? [], handled: notes?.at(-1)?.handled ?? false });

/** The three review queues, each entry with its notes; marking handled appends a note, never edits the entry. */
export function reviewRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { store, db, now } = deps;

  app.get('/review', { schema: { tags: ['console'] } }, async () => {
    const [quarantine, negative, unknown, qn, nn, un] = await Promise.all([
      store.quarantine({}), store.negativeStock(), store.listItems({ review: true }),
      reviewNotes(db, 'quarantine'), reviewNotes(db, 'negative'), reviewNotes(db, 'unknown_sku'),
    ]);
    const queues = {
      quarantine: quarantine.map((q) => ({ ref: String(q.id), ...q, ...state(qn.get(String(q.id))) })),
      negative: negative.map((n) => ({ ref: `${n.branch}/${n.sku}`, ...n, ...state(nn.get(`${n.branch}/${n.sku}`)) })),
      unknownSkus: unknown.filter((i) => i.needsReview).map((i) => ({ ref: i.sku, ...i, ...state(un.get(i.sku)) })),
    };
    const open = (list: Array<{ handled: boolean }>) => list.filter((e) => !e.handled).length;
    return { whatToDo: WHAT_TO_DO, queues, open: { quarantine: open(queues.quarantine), negative: open(queues.negative), unknownSkus: open(queues.unknownSkus) } };
  });

  app.post<{ Body: { queue: Queue; ref: string; note: string; handled?: boolean } }>('/review/notes', { schema: { body: noteBody, tags: ['console'] } }, async (request) => {
    const { queue, ref, handled = true } = request.body;
    const note = request.body.note.trim();
    if (!note) throw new HqError(400, 'VALIDATION', 'Write what was done (the note cannot be blank). Nothing was recorded.');
    const exists = queue === 'quarantine' ? (await store.quarantine({})).some((q) => String(q.id) === ref)
      : queue === 'negative' ? (await store.negativeStock()).some((n) => `${n.branch}/${n.sku}` === ref)
        : (await store.getItem(ref)) !== null;
    if (!exists) throw new HqError(404, 'NOT_FOUND', `There is no ${queue.replace('_', ' ')} entry ${ref} to note. Nothing was recorded.`, { queue, ref });
    return addReviewNote(db, { queue, ref, handled, note, operator: request.operator!.operator }, now());
  });

  // The console's way out of quarantine: the same appended decision as `stock-ledger-hq quarantine resolve`,
  // attributed to the signed-in operator, and the entry marked handled with what was decided.
  app.post<{ Params: { id: string }; Body: { decision: 'accepted' | 'rejected'; note: string } }>('/review/quarantine/:id/decision', { schema: { body: decisionBody, tags: ['console'] } }, async (request) => {
    const id = Number(request.params.id);
    if (!Number.isSafeInteger(id) || id < 1) throw new HqError(404, 'NOT_FOUND', `There is no quarantined row ${request.params.id}.`, { id: request.params.id });
    const operator = request.operator!.operator;
    const resolution = await store.resolveQuarantine({ id, decision: request.body.decision, note: request.body.note.trim(), actor: operator }, now());
    await addReviewNote(db, { queue: 'quarantine', ref: String(id), handled: true, note: `${resolution.decision === 'accepted' ? 'Accepted' : 'Rejected'}: ${resolution.note}`, operator }, now());
    return resolution;
  });
}
