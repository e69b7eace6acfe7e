import { z } from 'zod';

/**
 * A manager's approval given on the spot (manager override, as tills do): the manager's name and PIN,
 * sent with the command that needs it. Checked where commands run, counted like a sign-in (five wrong
 * PINs lock that manager for a while), and recorded with what it approved.
 */
export const managerApproval = z.object({
  manager: z.string().trim().min(1, 'say which manager approves').max(60),
  pin: z.string().max(32),
}).strict();
export type ManagerApproval = z.infer<typeof managerApproval>;
