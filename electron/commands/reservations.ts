import { expireHolds, fulfil, listReservations, release, reserve } from '../reservations/reservations';
import type { Handlers } from './handler';

export const reservationHandlers: Handlers<'reservations.reserve' | 'reservations.release' | 'reservations.fulfil' | 'reservations.list' | 'reservations.expire'> = {
  'reservations.reserve': (p, ctx) => reserve(ctx.ledger, p, ctx.now()),
  'reservations.release': (p, ctx) => release(ctx.ledger, p.ref, p.actor, ctx.now()),
  'reservations.fulfil': (p, ctx) => fulfil(ctx.ledger, p.ref, p.actor, ctx.now()),
  'reservations.list': (p, ctx) => ({ rows: listReservations(ctx.ledger.db, p) }),
  'reservations.expire': (p, ctx) => ({ released: expireHolds(ctx.ledger, p.now ? Date.parse(p.now) : ctx.now()) }),
};
