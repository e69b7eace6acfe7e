import { enrolmentSettled } from '../safety/deviceSeal';
import type { z } from 'zod';
import { describeIssues } from '../../shared/contract/describeIssues';
import { contract, isCommandName, type CommandName, type CommandResult } from '../../shared/contract';
import { CommandError, type CommandOutcome } from '../../shared/errors';
import { SCRIPT_CALLER, type Caller } from '../roles/caller';
import { authorize, logCommand } from '../roles/guard';
import type { CommandContext } from './context';
import { handlers } from './index';

// Validation issues in a clerk's words (which field, what is wrong, what to do): shared/contract/describeIssues.ts.
export { describeIssues } from '../../shared/contract/describeIssues';

function sqliteErrorToCommandError(err: { code?: string; message: string }): CommandError | null {
  if (err.code === 'SQLITE_BUSY') return new CommandError('CONFLICT', 'The ledger file is busy with another program for too long. Try again in a moment.');
  if (err.code === 'SQLITE_CONSTRAINT_TRIGGER' || /append-only/.test(err.message)) return new CommandError('CONFLICT', err.message);
  if (err.code === 'SQLITE_READONLY') return new CommandError('CONFLICT', 'The ledger file is read-only. Check the file permissions.');
  return null;
}

/**
 * The one entry point every transport uses: validate the payload with the contract's schema, run the
 * handler, and answer `{ ok, result }` or `{ ok: false, error: { code, message, details? } }`.
 * Nothing thrown escapes: a refused command has written nothing (handlers write in one transaction).
 */
export async function dispatchCommand(ctx: CommandContext, name: unknown, payload: unknown, caller: Caller = SCRIPT_CALLER): Promise<CommandOutcome<unknown>> {
  if (!isCommandName(name)) {
    return { ok: false, error: { code: 'UNKNOWN_COMMAND', message: `There is no command named ${JSON.stringify(name)}. Check the name against the command list.` } };
  }
  const parsed = (contract[name] as z.ZodType).safeParse(payload ?? undefined);
  if (!parsed.success) {
    return { ok: false, error: { code: 'VALIDATION', message: describeIssues(parsed.error.issues), details: { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message, ...(i.code === 'unrecognized_keys' ? { unknownKeys: i.keys } : {}) })) } } };
  }
  // An enrolment in flight in this process: wait for its key rather than append a row it promised to seal.
  const enrolling = name === 'sync.configure' ? undefined : enrolmentSettled(ctx.ledger.db);
  if (enrolling) await enrolling;
  try {
    // Roles are enforced here, for every transport, before the handler runs: a refusal writes nothing
    // (except a wrong approval PIN, which is counted like a wrong sign-in).
    const data = (parsed.data ?? {}) as Record<string, unknown>;
    const authorization = authorize(ctx.ledger, caller, name, data, ctx.now());
    const handler = handlers[name] as (p: unknown, c: CommandContext) => unknown;
    const result = await handler(parsed.data, { ...ctx, caller, authorization });
    logCommand(ctx.ledger, caller, name, authorization, data, result, ctx.now());
    return { ok: true, result };
  } catch (err) {
    if (err instanceof CommandError) return { ok: false, error: err.toJSON() };
    const mapped = sqliteErrorToCommandError(err as { code?: string; message: string });
    if (mapped) return { ok: false, error: mapped.toJSON() };
    const ref = ctx.reportInternal?.(err, name);
    if (!ref) return { ok: false, error: { code: 'INTERNAL', message: `Something went wrong inside the app: ${(err as Error).message}. Nothing was recorded; report this if it repeats.` } };
    return { ok: false, error: { code: 'INTERNAL', message: `Something went wrong inside the app: ${(err as Error).message}. Nothing was recorded; if it repeats, tell support the reference ${ref}.`, details: { ref } } };
  }
}

/** For in-process callers that prefer exceptions: returns the result or throws the CommandError. */
export async function runCommand<N extends CommandName>(ctx: CommandContext, name: N, payload?: unknown, caller?: Caller): Promise<CommandResult<N>> {
  const outcome = await dispatchCommand(ctx, name, payload, caller);
  if (!outcome.ok) throw new CommandError(outcome.error.code, outcome.error.message, outcome.error.details);
  return outcome.result as CommandResult<N>;
}
