import { describe, expect, it } from 'vitest';
import { csvRecords, parseCatalogueCsv } from '../../../server/console/catalogueCsv';

describe('catalogue CSV', () => {
  it('numbers records by the physical line they start on (CRLF, BOM, quoted newlines, blank lines)', () => {
    const text = '\uFEFFsku,name\r\nA,"two\r\nlines"\r\n\r\nB,"say ""hi"""\r\n';
    expect(csvRecords(text)).toEqual([
      { line: 1, fields: ['sku', 'name'] },
      { line: 2, fields: ['A', 'two\r\nlines'] },
      { line: 5, fields: ['B', 'say "hi"'] },
    ]);
  });

  it('names every bad line: wrong field count, unterminated quote, too long a name, duplicate SKU', () => {
    const { items, problems } = parseCatalogueCsv(`sku,name\nA,Apple\nB,Banana,extra\nC,${'x'.repeat(201)}\nA,Again\nD,"open\n`);
    expect(items.map((i) => i.item.sku)).toEqual(['A']);
    expect(problems.map((p) => p.line)).toEqual([3, 4, 5, 6]);
    expect(problems[0]!.message).toBe('Has 3 fields; the header has 2.');
    expect(problems[3]!.message).toMatch(/never closed/);
  });

  it('refuses an empty file, a header without sku or name, and unknown columns', () => {
    expect(parseCatalogueCsv('').problems[0]!.message).toMatch(/empty/);
    expect(parseCatalogueCsv('sku,unit\nA,kg\n').problems[0]!.message).toMatch(/"name" column/);
    expect(parseCatalogueCsv('sku,name,price\nA,B,1\n').problems[0]!.message).toMatch(/Unknown column "price"/);
    expect(parseCatalogueCsv('sku,name\n').problems[0]!.message).toMatch(/no items/);
  });
});
