import { z } from 'zod';
import { actor, empty } from './common';
import { managerApproval } from './approval';

/** Local users of this shop PC (clerks). A clerk signs in with a name and a PIN; PINs are stored hashed. */
export const CLERK_ROLES = ['clerk', 'manager'] as const;
export type ClerkRole = (typeof CLERK_ROLES)[number];

export const pin = z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits');
export const clerkName = z.string().trim().min(1, 'a name is required').max(60, 'a name is at most 60 characters');
const userId = z.string().trim().min(1).max(100);

export const userCommands = {
  'users.list': z.object({ includeDisabled: z.boolean().optional() }).optional().default({}),
  /**
   * Adds a clerk (PIN required) or changes one (by id; PIN optional = keep). `actor` is the signed-in
   * manager doing it; on a fresh ledger with no users the first user is created without one and is a manager.
   */
  'users.upsert': z.object({ id: userId.optional(), name: clerkName, pin: pin.optional(), role: z.enum(CLERK_ROLES).optional(), actor: actor.optional(), approval: managerApproval.optional() }),
  'users.signIn': z.object({ userId: userId.optional(), name: clerkName.optional(), pin: z.string().max(32) })
    .refine((p) => p.userId !== undefined || p.name !== undefined, 'say who is signing in: a userId or a name'),
  'users.setActive': z.object({ userId, active: z.boolean(), actor, approval: managerApproval.optional() }),
  /** Ends the app window's session (switch clerk); manager-only commands then need a manager again. */
  'users.signOut': empty,
};

export interface Clerk {
  id: string;
  name: string;
  role: ClerkRole;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface UserResults {
  'users.list': { rows: Clerk[]; firstRun: boolean };
  'users.upsert': Clerk;
  'users.signIn': Clerk;
  'users.setActive': Clerk;
  'users.signOut': { signedOut: boolean };
}
