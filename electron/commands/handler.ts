import type { CommandName, CommandPayload, CommandResult } from '../../shared/contract';
import type { CommandContext } from './context';

export type Handler<N extends CommandName> = (payload: CommandPayload<N>, ctx: CommandContext) => CommandResult<N> | Promise<CommandResult<N>>;

/** A group of handlers for some of the contract's commands; the compiler checks names and types. */
export type Handlers<N extends CommandName> = { [K in N]: Handler<K> };
