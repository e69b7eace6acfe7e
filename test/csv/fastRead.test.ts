import { appendFileSync, closeSync, mkdtempSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES, readCsvFast, type FileDigests } from '../../electron/csv/fastRead';
import { readCsv, type Delimiter } from '../../electron/csv/read';

const dir = mkdtempSync(join(tmpdir(), 'fastcsv-'));
let n = 0;
function file(content: string | Buffer): string {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, content);
  return path;
}

/**
 * The records a reader gives for a file, or its error. How many records came before an error is left
 * out: csv-parse drops those it parsed in the failing chunk, and an import throws them all away anyway.
 */
async function outcome(records: AsyncIterable<{ line: number; fields: string[] }>): Promise<unknown> {
  const out: Array<[number, string[]]> = [];
  try {
    for await (const r of records) out.push([r.line, r.fields]);
    return { records: out };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** A small random generator (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['a', 'bc', 'é', '漢', '😀', ' ', ',', ';', '\t', '"', '""', '\n', '\r\n', '\r', '\n\n', 'x"y'];

/** Mostly well-formed CSV (quoted fields with quotes and line breaks inside), sometimes broken. */
function randomCsv(r: () => number, d: Delimiter): string {
  const width = 1 + Math.floor(r() * 3);
  const lines: string[] = [];
  const rows = 1 + Math.floor(r() * 6);
  for (let i = 0; i < rows; i++) {
    const cells: string[] = [];
    const w = r() < 0.9 ? width : width + (r() < 0.5 ? 1 : -1);
    for (let c = 0; c < w; c++) {
      let text = '';
      const len = Math.floor(r() * 4);
      for (let k = 0; k < len; k++) text += PIECES[Math.floor(r() * PIECES.length)]!;
      const quoted = r() < 0.4;
      if (quoted) cells.push(`"${r() < 0.9 ? text.replaceAll('"', '""') : text}"`);
      else cells.push(r() < 0.85 ? text.replace(/["\r\n,;\t]/g, '') : text);
    }
    lines.push(cells.join(d));
    if (r() < 0.1) lines.push('');
  }
  const end = ['\n', '\r\n', ''][Math.floor(r() * 3)]!;
  return (r() < 0.1 ? '\uFEFF' : '') + lines.join(r() < 0.8 ? '\n' : '\r\n') + end;
}

describe('the fast CSV reader gives exactly what csv-parse gives', () => {
  it('on 1,500 random small files: the same records, line numbers and error messages', async () => {
    const r = random(20261130);
    let errors = 0;
    let fast = 0;
    for (let i = 0; i < 1500; i++) {
      const d = ([',', ';', '\t'] as Delimiter[])[i % 3]!;
      const path = file(randomCsv(r, d));
      const expected = await outcome(readCsv(path, d));
      const digests: FileDigests = { chunks: [], complete: true };
      expect({ path, got: await outcome(readCsvFast(path, d, { record: digests })) }).toEqual({ path, got: expected });
      if ((expected as { error?: string }).error) errors += 1;
      else if (digests.complete) fast += 1;
    }
    // The generator exercises both sides, and most good files never needed csv-parse.
    expect(errors).toBeGreaterThan(150);
    expect(errors).toBeLessThan(1350);
    expect(fast).toBeGreaterThan((1500 - errors) * 0.8);
  });

  it('across a chunk boundary at every byte of a row with a quoted CRLF, doubled quotes and multi-byte characters', async () => {
    const special = '"line one\r\nline ""two""",漢字😀é,7';
    const filler = `S,${'plain '.repeat(20)},1\n`; // long rows: few records per chunk, so csv-parse keeps up
    for (let k = 0; k <= Buffer.byteLength(special) + 1; k++) {
      // The header, then filler up to k bytes before the boundary (padded in the first filler row), then the row.
      const head = 'sku,note,qty\n';
      const room = CHUNK_BYTES - k - Buffer.byteLength(head);
      const rows = Math.floor(room / filler.length);
      const pad = room - rows * filler.length;
      const text = head + `S${'s'.repeat(pad)},${'plain '.repeat(20)},1\n` + filler.repeat(rows - 1) + special + '\r\n' + 'T,after,2\n';
      const path = file(text);
      const digests: FileDigests = { chunks: [], complete: true };
      const got = await outcome(readCsvFast(path, ',', { record: digests }));
      expect(digests.complete).toBe(true);
      expect(got).toEqual(await outcome(readCsv(path, ',')));
      const records = (got as { records: Array<[number, string[]]> }).records;
      expect(records.at(-2)).toEqual([rows + 2, ['line one\r\nline "two"', '漢字😀é', '7']]);
      expect(records.at(-1)).toEqual([rows + 5, ['T', 'after', '2']]); // csv-parse counts the quoted CR and LF as two lines
    }
  });

  it('a stray quote far into a big file is csv-parse\'s error, with its line and column', async () => {
    const path = file('sku,qty\n' + `A,${'1'.repeat(60)}\n`.repeat(30_000) + 'B,2"\n' + 'C,3\n');
    const fast = await outcome(readCsvFast(path, ','));
    expect(fast).toEqual(await outcome(readCsv(path, ',')));
    expect((fast as { error: string }).error).toMatch(/line 30002, column 2: a quote/);
  });
});

describe('the digests of a checked file', () => {
  async function check(path: string): Promise<FileDigests> {
    const digests: FileDigests = { chunks: [], complete: true };
    for await (const _ of readCsvFast(path, ',', { record: digests })) { /* read through */ }
    return digests;
  }
  const changed = () => new Error('changed');

  it('let an unchanged file be read again', async () => {
    const path = file('sku,qty\n' + 'A,1\n'.repeat(600_000));
    const digests = await check(path);
    expect(digests.complete).toBe(true);
    expect(digests.chunks.length).toBe(3);
    let rows = 0;
    for await (const _ of readCsvFast(path, ',', { verify: { digests, changed } })) rows += 1;
    expect(rows).toBe(600_001);
  });

  it('stop a second read at the first chunk that differs, before a row of it is given', async () => {
    const path = file('sku,qty\n' + 'A,1\n'.repeat(600_000));
    const digests = await check(path);
    const text = 'sku,qty\n' + 'A,1\n'.repeat(600_000);
    writeFileSync(path, text.slice(0, CHUNK_BYTES + 8) + 'B' + text.slice(CHUNK_BYTES + 9)); // one byte in chunk 2
    let rows = 0;
    await expect((async () => { for await (const _ of readCsvFast(path, ',', { verify: { digests, changed } })) rows += 1; })()).rejects.toThrow('changed');
    expect(rows).toBeLessThanOrEqual(CHUNK_BYTES / 4 + 1); // nothing from the changed chunk
  });

  it('notice a file that grew or shrank', async () => {
    const path = file('sku,qty\nA,1\n');
    const digests = await check(path);
    appendFileSync(path, 'B,2\n');
    await expect(outcome(readCsvFast(path, ',', { verify: { digests, changed } }))).resolves.toMatchObject({ error: 'changed' });
    writeFileSync(path, '');
    await expect(outcome(readCsvFast(path, ',', { verify: { digests, changed } }))).resolves.toMatchObject({ error: 'changed' });
  });

  it('are marked incomplete when csv-parse had to read part of the file', async () => {
    const path = file('sku,qty\nA,1\rB,2\n'); // a bare CR ends a record: left to csv-parse
    const digests = await check(path);
    expect(digests.complete).toBe(false);
  });
});

describe('the records of the fast reader', () => {
  it('do not keep their 1 MB chunk alive: fields kept from every chunk of a 40 MB file cost kilobytes, not the file', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const row = (i: number) => `SKU-${i},${'Long item name for a chunk '.repeat(3)}${i},1\n`;
    const path = join(dir, 'big.csv');
    const fd = openSync(path, 'w');
    let i = 0;
    for (let bytes = 0; bytes < 40 * CHUNK_BYTES; i++) bytes += writeSync(fd, i === 0 ? 'sku,name,qty\n' : row(i));
    closeSync(fd);
    // What an import's per-item maps do: keep a name now and then (here one per 2,000 records, some in every chunk).
    const kept: string[] = [];
    gc();
    const before = process.memoryUsage().heapUsed;
    for await (const r of readCsvFast(path, ',')) if (r.line % 2000 === 0) kept.push(r.fields[1]!);
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(kept.length).toBeGreaterThan(200);
    expect(grown).toBeLessThan(8 * CHUNK_BYTES);
  });
});
