import { setUserActive, signIn, listUsers, upsertUser } from '../users/users';
import type { Handlers } from './handler';

export const userHandlers: Handlers<'users.list' | 'users.upsert' | 'users.signIn' | 'users.setActive'> = {
  'users.list': (p, ctx) => listUsers(ctx.ledger.db, p.includeDisabled ?? false),
  'users.upsert': (p, ctx) => upsertUser(ctx.ledger, p, ctx.now()),
  'users.signIn': (p, ctx) => signIn(ctx.ledger, p, ctx.now()),
  'users.setActive': (p, ctx) => setUserActive(ctx.ledger, p, ctx.now()),
};
