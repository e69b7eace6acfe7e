import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, contract } from '../../shared/contract';
import { runCli } from '../helpers/cli';
import { seedItems, tempDir, tempHost } from '../helpers/tempLedger';
import { join } from 'node:path';

describe('every command refuses keys it does not know', () => {
  it('a misspelt setting is refused with the nearest name, and nothing changes', async () => {
    const host = tempHost();
    const before = await host.run('settings.get', {});
    const outcome = await host.call('settings.set', { allowNegativStock: true });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('VALIDATION');
    expect(outcome.error.message).toContain('Unknown field "allowNegativStock" (did you mean allowNegativeStock?). Nothing was changed');
    expect(outcome.error.details).toMatchObject({ issues: [{ unknownKeys: ['allowNegativStock'] }] });
    expect(await host.run('settings.get', {})).toEqual(before);
  });

  it('a misspelt field on a document line is refused, naming the line', async () => {
    const host = tempHost();
    await seedItems(host, ['A']);
    const outcome = await host.call('documents.record', { type: 'receive', lines: [{ sku: 'A', qty: 2, unitcost: 300 }], actor: 'ann' });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.message).toMatch(/Check line 1: unknown field "unitcost" \(did you mean unitCost\?\)/);
    expect((await host.run('stock.get', { sku: 'A' })).onHand).toBe(0);
  });

  it('the CLI exits 2 on a misspelt setting', () => {
    const db = join(tempDir(), 'shop.sqlite');
    const r = runCli(['--db', db, 'call', 'settings.set', '{"allowNegativStock":true}']);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('did you mean allowNegativeStock?');
  });

  it('holds for every command in the contract, including ones added later', () => {
    for (const name of COMMAND_NAMES) {
      const schema = contract[name];
      const r = schema.safeParse({ surelyNotAField: 1 });
      expect(r.success, `${name} accepted an unknown key`).toBe(false);
    }
  });
});
