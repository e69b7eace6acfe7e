import { z } from 'zod';
import { actor, docId, instant, positiveQty, sku } from './common';

export const reservationCommands = {
  'reservations.reserve': z.object({ sku, qty: positiveQty, ref: docId, expiresAt: instant.optional(), customer: z.string().max(200).optional(), actor }),
  'reservations.release': z.object({ ref: docId, actor: actor.optional() }),
  'reservations.fulfil': z.object({ ref: docId, actor: actor.optional() }),
  'reservations.list': z.object({ sku: sku.optional(), state: z.enum(['open', 'released', 'fulfilled', 'all']).optional() }).optional().default({}),
  'reservations.expire': z.object({ now: instant.optional() }).optional().default({}),
};

export interface Reservation {
  ref: string;
  sku: string;
  /** The item's name (null when the catalogue does not know the SKU). */
  name: string | null;
  qty: number;
  customer: string | null;
  expiresAt: string | null;
  createdAt: string;
  actor: string;
  /** Units still held: derived from the reserve/release/fulfil movements of this ref. */
  held: number;
  state: 'open' | 'released' | 'fulfilled';
}

export interface ReservationResults {
  'reservations.reserve': Reservation;
  'reservations.release': Reservation;
  'reservations.fulfil': Reservation;
  'reservations.list': { rows: Reservation[] };
  'reservations.expire': { released: string[] };
}
