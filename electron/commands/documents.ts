import { CommandError } from '../../shared/errors';
import { importBatch } from '../documents/importBatch';
import { recordDocument } from '../documents/record';
import { reverseMovement } from '../documents/reverse';
import { readDocument } from '../documents/store';
import type { Handlers } from './handler';

export const documentHandlers: Handlers<'documents.import' | 'documents.record' | 'documents.get' | 'movements.reverse'> = {
  'documents.import': (p, ctx) => importBatch(ctx.ledger, p, ctx.now()),
  'documents.record': (p, ctx) => recordDocument(ctx.ledger, p, ctx.now()),
  'documents.get': (p, ctx) => {
    const doc = readDocument(ctx.ledger.db, p.type, p.id);
    if (!doc) throw new CommandError('NOT_FOUND', `No ${p.type} document with id ${p.id}.`, { type: p.type, id: p.id });
    return doc;
  },
  'movements.reverse': (p, ctx) => reverseMovement(ctx.ledger, p, ctx.now()),
};
