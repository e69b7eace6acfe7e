import { createInterface } from 'node:readline';
import { backendOf } from '../console/db';
import { OperatorStore, ROLES, type Role } from '../console/operators';
import { HqError } from '../errors';
import type { HqStore } from '../store/store';
import { printJson, table } from './output';

/**
 * `stock-ledger-hq operator add NAME --role admin|viewer | list | disable NAME | passwd NAME | signout NAME`.
 * Passwords are read from stdin twice (hidden on a terminal; two lines when piped), never from argv,
 * so they stay out of shell history and `ps`.
 */
export async function operatorCommand(store: HqStore, args: string[], o: { role?: string; json?: boolean }): Promise<number> {
  const operators = new OperatorStore(backendOf(store));
  const [sub, name] = args;
  const needName = () => {
    if (!name) throw new HqError(400, 'VALIDATION', `Missing the operator name: operator ${sub} NAME.`);
    return name;
  };
  switch (sub) {
    case 'add': {
      const n = needName();
      const role = (o.role ?? '') as Role;
      if (!ROLES.includes(role)) throw new HqError(400, 'VALIDATION', `--role must be admin or viewer${o.role ? `, not "${o.role}"` : ''}.`);
      const op = await operators.add(n, role, await readPasswordTwice());
      if (o.json) printJson(op);
      else process.stdout.write(`added operator ${op.name} (${op.role}); sign in at /console/\n`);
      return 0;
    }
    case 'list': {
      const list = await operators.list();
      if (o.json) printJson(list);
      else table(list.map((x) => ({ ...x, state: x.disabledAt ? `disabled ${x.disabledAt}` : 'active' })) as never, ['name', 'role', 'state', 'createdAt', 'passwordChangedAt'], 'no operators yet: operator add NAME --role admin');
      return 0;
    }
    case 'disable': {
      const n = needName();
      await operators.disable(n);
      if (o.json) printJson({ disabled: n });
      else process.stdout.write(`disabled ${n}; their sessions ended\n`);
      return 0;
    }
    case 'signout': {
      const n = needName();
      const ended = await operators.revokeSessions(n);
      if (o.json) printJson({ operator: n, sessionsEnded: ended });
      else process.stdout.write(`ended ${ended} session${ended === 1 ? '' : 's'} of ${n}\n`);
      return 0;
    }
    case 'passwd': {
      const n = needName();
      await operators.setPassword(n, await readPasswordTwice());
      if (o.json) printJson({ passwordChanged: n });
      else process.stdout.write(`changed ${n}'s password; their other sessions ended\n`);
      return 0;
    }
    default:
      throw new HqError(400, 'VALIDATION', 'Use: operator add NAME --role admin|viewer | operator list | operator disable NAME | operator passwd NAME | operator signout NAME.');
  }
}

async function readPasswordTwice(): Promise<string> {
  const [first, second] = process.stdin.isTTY ? [await askHidden('Password: '), await askHidden('Password again: ')] : await readLines(2);
  if (first === undefined || second === undefined) throw new HqError(400, 'VALIDATION', 'Give the password twice on stdin (two lines).');
  if (first !== second) throw new HqError(400, 'VALIDATION', 'The two passwords differ; nothing was changed.');
  return first;
}

function readLines(n: number): Promise<Array<string | undefined>> {
  return new Promise((resolve) => {
    const lines: string[] = [];
    const rl = createInterface({ input: process.stdin });
    rl.on('line', (l) => { lines.push(l); if (lines.length >= n) rl.close(); });
    rl.on('close', () => resolve(Array.from({ length: n }, (_, i) => lines[i])));
  });
}

function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    process.stderr.write(prompt);
    const stdin = process.stdin;
    stdin.setRawMode(true);
    stdin.resume();
    let value = '';
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          resolve(value);
          return;
        }
        if (ch === '\u0003') process.exit(130);
        if (ch === '\u007f') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
