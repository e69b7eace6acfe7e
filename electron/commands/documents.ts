import { CommandError } from '../../shared/errors';
import { importBatch } from '../documents/importBatch';
import { docTypeLabel, documentLines, listDocuments } from '../documents/journal';
import { recordDocument } from '../documents/record';
import { reverseDocument } from '../documents/reverseDocument';
import { reverseMovement } from '../documents/reverse';
import { readDocument } from '../documents/store';
import { ensureCosted } from '../costs/catchUp';
import type { Handlers } from './handler';

export const documentHandlers: Handlers<'documents.import' | 'documents.record' | 'documents.get' | 'documents.list' | 'documents.reverse' | 'movements.reverse'> = {
  'documents.import': (p, ctx) => importBatch(ctx.ledger, p, ctx.now()),
  'documents.record': (p, ctx) => recordDocument(ctx.ledger, p, ctx.now()),
  'documents.get': (p, ctx) => {
    ensureCosted(ctx.ledger); // a sale's value is its FIFO cost, computed just after the clerk's transaction
    const doc = readDocument(ctx.ledger.db, p.type, p.id);
    if (!doc) throw new CommandError('NOT_FOUND', `No ${docTypeLabel(p.type).toLowerCase()} with number ${p.id}. Look it up in the journal.`, { type: p.type, id: p.id });
    return { ...doc, typeLabel: docTypeLabel(p.type), lines: documentLines(ctx.ledger.db, p.type, p.id) };
  },
  'documents.list': (p, ctx) => {
    const from = p.from ? Date.parse(p.from) : undefined;
    const to = p.to ? Date.parse(p.to) : undefined;
    if (from !== undefined && to !== undefined && from > to) throw new CommandError('VALIDATION', 'The journal’s “from” is after its “to”. Swap the two dates.', { field: 'from' });
    ensureCosted(ctx.ledger);
    return listDocuments(ctx.ledger.db, { ...p, from, to });
  },
  'documents.reverse': (p, ctx) => reverseDocument(ctx.ledger, p, ctx.now()),
  'movements.reverse': (p, ctx) => reverseMovement(ctx.ledger, p, ctx.now()),
};
