import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { CommandError } from '../../shared/errors';
import { readCsv, type CsvRecord, type Delimiter } from './read';

/** Bytes read (and digested) at a time. Fixed, so both passes of an import cut the file the same way. */
export const CHUNK_BYTES = 1 << 20;
/** A record longer than this is left to csv-parse (re-scanning it per chunk would grow quadratically). */
const MAX_PENDING = 8 * CHUNK_BYTES;

/**
 * What a checking pass learns about the bytes it read: one digest per CHUNK_BYTES. `complete` says
 * every record came from the fast tokenizer (never from the csv-parse fallback), so a later pass that
 * reads the same digests read exactly the records that were checked.
 */
export interface FileDigests { chunks: Buffer[]; complete: boolean }

export interface FastReadOptions {
  /** Checking pass: the digest of every chunk is pushed here. */
  record?: FileDigests;
  /**
   * Writing pass: every chunk must match the checking pass's digest before a byte of it is used;
   * otherwise `changed()` is thrown (the file was edited between or during the passes).
   */
  verify?: { digests: FileDigests; changed: () => Error };
}

class Bail extends Error {}

/**
 * The records of a CSV file, exactly as readCsv (csv-parse) gives them, several times faster: a
 * tokenizer for what real files contain (unquoted fields, quoted fields with doubled quotes and line
 * breaks inside, LF or CRLF line ends, a UTF-8 BOM, empty lines skipped). Anything else (a stray or
 * unclosed quote, a bare CR, a line with the wrong number of fields, bytes that are not UTF-8) hands
 * the rest of the file to csv-parse, which reads from the start, skips the records already given and
 * either continues or stops with its own error message, line and column. So the errors, their line
 * numbers and the records are csv-parse's by construction; only the ordinary case is fast.
 */
export async function* readCsvFast(file: string, delimiter: Delimiter, o: FastReadOptions = {}): AsyncGenerator<CsvRecord> {
  let given = 0;
  let bailed = false;
  const fh = await open(file, 'r').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new CommandError('NOT_FOUND', `There is no file ${file}. Check the path.`);
    throw err;
  });
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    const decoder = new StringDecoder('utf8');
    const tok = new Tokenizer(delimiter.charCodeAt(0));
    let chunk = 0;
    let pos = 0;
    for (;;) {
      // Fill the buffer whole (a short read mid-file would move every later chunk boundary).
      let n = 0;
      while (n < CHUNK_BYTES) {
        const { bytesRead } = await fh.read(buf, n, CHUNK_BYTES - n, pos + n);
        if (bytesRead === 0) break;
        n += bytesRead;
      }
      pos += n;
      const bytes = buf.subarray(0, n);
      if (n > 0) digest(bytes, chunk, o);
      else if (o.verify && o.verify.digests.chunks.length !== chunk) throw o.verify.changed();
      chunk += 1;
      const eof = n < CHUNK_BYTES;
      let text = n > 0 ? decoder.write(bytes) : '';
      if (eof) text += decoder.end();
      if (text.includes('\uFFFD')) throw new Bail(); // not UTF-8 (or a replacement character): csv-parse's decoding decides
      for (const rec of tok.feed(text, eof)) {
        given += 1;
        yield rec;
      }
      if (eof) break;
    }
  } catch (err) {
    if (!(err instanceof Bail)) throw err;
    bailed = true;
  } finally {
    await fh.close();
  }
  if (!bailed) return;
  if (o.record) o.record.complete = false;
  if (o.verify) throw o.verify.changed(); // the same bytes cannot bail on the second pass when they did not on the first
  let skip = given;
  for await (const rec of readCsv(file, delimiter)) {
    if (skip > 0) { skip -= 1; continue; }
    yield rec;
  }
}

function digest(bytes: Buffer, chunk: number, o: FastReadOptions): void {
  if (!o.record && !o.verify) return;
  const d = createHash('sha256').update(bytes).digest();
  if (o.record) o.record.chunks.push(d);
  if (o.verify) {
    const expected = o.verify.digests.chunks[chunk];
    if (!expected || !expected.equals(d)) throw o.verify.changed();
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** The tokenizer's state across chunks: text not yet making a whole record, the line count, the header's width. */
class Tokenizer {
  private pending = '';
  private line = 1;
  private width = -1;
  private first = true;
  /** The next quote at or after the current record in the current text (Infinity: none), found once per text, not per record. */
  private quoteAt = -1;

  constructor(private readonly delim: number) {}

  /** Whole records in `text` (after what was pending); at `eof` the last one needs no line end. */
  *feed(text: string, eof: boolean): Generator<CsvRecord> {
    let s = this.pending + text;
    if (this.first && s.length > 0) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      this.first = false;
    }
    let at = 0;
    this.quoteAt = -1;
    for (;;) {
      if (at >= s.length) { this.pending = ''; return; }
      const rec = this.record(s, at, eof);
      if (rec === null) {
        this.pending = s.slice(at);
        if (this.pending.length > MAX_PENDING) throw new Bail();
        return;
      }
      at = rec.next;
      if (rec.fields === null) continue; // an empty line
      if (this.width < 0) this.width = rec.fields.length;
      else if (rec.fields.length !== this.width) throw new Bail();
      yield { line: rec.line, fields: rec.fields };
    }
  }

  /** The record starting at `at`: its fields (null for an empty line) and where the next starts; null when it needs more text. */
  private record(s: string, at: number, eof: boolean): { line: number; fields: string[] | null; next: number } | null {
    const nl = s.indexOf('\n', at);
    if (nl < 0 && !eof) return null;
    const end = nl < 0 ? s.length : nl;
    const lineEnd = end > at && s.charCodeAt(end - 1) === CR ? end - 1 : end;
    if (this.quoteAt < at) {
      const q = s.indexOf('"', at);
      this.quoteAt = q < 0 ? Infinity : q;
    }
    const plain = this.quoteAt >= end;
    if (plain) {
      const text = s.slice(at, lineEnd);
      if (text.includes('\r')) throw new Bail(); // a bare CR: csv-parse's record delimiters decide
      const line = this.line;
      this.line += 1;
      const next = nl < 0 ? s.length : nl + 1;
      if (text.length === 0) return { line, fields: null, next };
      return { line, fields: detach(text).split(String.fromCharCode(this.delim)), next };
    }
    return this.quoted(s, at, eof);
  }

  /** A record with at least one quote in it, char by char. */
  private quoted(s: string, at: number, eof: boolean): { line: number; fields: string[] | null; next: number } | null {
    const fields: string[] = [];
    const start = this.line;
    let lines = 0;
    let i = at;
    for (;;) {
      // One field starting at i.
      if (s.charCodeAt(i) === QUOTE) {
        let value = '';
        let from = i + 1;
        for (;;) {
          const q = s.indexOf('"', from);
          if (q < 0) { if (eof) throw new Bail(); return null; } // unclosed: csv-parse names it
          if (q + 1 >= s.length && !eof) return null; // is it a doubled quote? the next chunk says
          value += s.slice(from, q);
          if (s.charCodeAt(q + 1) === QUOTE) { value += '"'; from = q + 2; continue; }
          i = q + 1;
          break;
        }
        lines += countBreaks(value);
        fields.push(detach(value));
      } else {
        let j = i;
        for (; j < s.length; j++) {
          const c = s.charCodeAt(j);
          if (c === this.delim || c === LF || c === CR) break;
          if (c === QUOTE) throw new Bail(); // a quote inside an unquoted field
        }
        if (j >= s.length && !eof) return null;
        fields.push(detach(s.slice(i, j)));
        i = j;
      }
      // After a field: a delimiter, a line end, or the end of the file.
      if (i >= s.length) {
        if (!eof) return null;
        this.line = start + lines + 1;
        return { line: start, fields, next: i };
      }
      const c = s.charCodeAt(i);
      if (c === this.delim) { i += 1; continue; }
      if (c === LF) { this.line = start + lines + 1; return { line: start, fields, next: i + 1 }; }
      if (c === CR) {
        if (i + 1 >= s.length && !eof) return null;
        if (s.charCodeAt(i + 1) !== LF) throw new Bail();
        this.line = start + lines + 1;
        return { line: start, fields, next: i + 2 };
      }
      throw new Bail(); // text after a closing quote
    }
  }
}

/**
 * A copy of a piece of the chunk's text that does not keep the chunk alive. V8 cuts substrings as
 * views of their parent: an item name kept in a map (the import's per-item checks) would otherwise
 * hold its whole 1 MB chunk, and a file with new items all through it would hold every chunk.
 * Concatenating and slicing makes V8 flatten a fresh string of the piece's size.
 */
function detach(piece: string): string {
  return (' ' + piece).slice(1);
}

/** Line breaks inside a quoted field, as csv-parse counts them: every CR and every LF (so CRLF counts twice). */
function countBreaks(v: string): number {
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === LF || c === CR) n += 1;
  }
  return n;
}
