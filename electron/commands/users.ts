import { setUserActive, signIn, listUsers, upsertUser } from '../users/users';
import type { CommandContext } from './context';
import type { Handlers } from './handler';

/** A manager who approved on the spot, or the signed-in manager over the app (checked by the guard). */
const approver = (ctx: CommandContext): string | null => ctx.authorization?.approvedBy ?? (ctx.caller?.transport === 'ui' ? ctx.authorization?.actor ?? null : null);

export const userHandlers: Handlers<'users.list' | 'users.upsert' | 'users.signIn' | 'users.setActive' | 'users.signOut'> = {
  'users.list': (p, ctx) => listUsers(ctx.ledger.db, p.includeDisabled ?? false),
  'users.upsert': ({ approval: _a, ...p }, ctx) => upsertUser(ctx.ledger, p, ctx.now(), approver(ctx)),
  'users.signIn': (p, ctx) => {
    const clerk = signIn(ctx.ledger, p, ctx.now());
    // Over the app, the window's session is this clerk from now on: roles are checked against it.
    if (ctx.caller?.transport === 'ui') ctx.caller.session.userId = clerk.id;
    return clerk;
  },
  'users.setActive': ({ approval: _a, ...p }, ctx) => setUserActive(ctx.ledger, p, ctx.now(), approver(ctx)),
  'users.signOut': (_p, ctx) => {
    if (ctx.caller?.transport !== 'ui') return { signedOut: false };
    const was = ctx.caller.session.userId !== null;
    ctx.caller.session.userId = null;
    return { signedOut: was };
  },
};
