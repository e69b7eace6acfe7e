import { readSettings } from '../ledger/settings';
import { knownBranches } from '../sync/branches';
import { receiveTransfer } from '../transfers/receive';
import { sendTransfer } from '../transfers/send';
import { inboundTransfers, listTransfers } from '../transfers/store';
import type { Handlers } from './handler';

export const transferHandlers: Handlers<'transfers.send' | 'transfers.inbound' | 'transfers.receive' | 'transfers.list' | 'transfers.branches'> = {
  'transfers.send': (p, ctx) => sendTransfer(ctx.ledger, p, ctx.now()),
  'transfers.inbound': (_p, ctx) => ({ rows: inboundTransfers(ctx.ledger.db, readSettings(ctx.ledger.db).branchCode ?? '') }),
  'transfers.receive': (p, ctx) => receiveTransfer(ctx.ledger, p, ctx.now()),
  'transfers.list': (_p, ctx) => ({ rows: listTransfers(ctx.ledger.db, readSettings(ctx.ledger.db).branchCode ?? '') }),
  'transfers.branches': (_p, ctx) => {
    const known = knownBranches(ctx.ledger.db, readSettings(ctx.ledger.db).branchCode);
    return { known: known !== null, branches: known?.branches ?? [], fetchedAt: known?.fetchedAt ?? null };
  },
};
