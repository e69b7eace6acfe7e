/**
 * The little SQL surface HQ's shared store code needs, implemented once for SQLite and once for
 * PostgreSQL. Shared SQL is written with `?` placeholders and the common subset of both dialects
 * (ON CONFLICT, RETURNING, CAST(... AS BIGINT)); the PostgreSQL side numbers the placeholders.
 */
export type Row = Record<string, unknown>;
export type PgType = 'text' | 'int8' | 'int4';

export interface SqlConn {
  readonly dialect: 'sqlite' | 'postgres';
  all<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  run(sql: string, params?: unknown[]): Promise<number>;
  /** Inserts many rows in as few statements as the engine allows (PostgreSQL: one unnest). */
  insertMany(table: string, columns: Array<[name: string, type: PgType]>, rows: unknown[][]): Promise<void>;
  /** Allocates n consecutive values of HQ's change sequence (the pull cursor). */
  nextSeqs(n: number): Promise<number[]>;
  /** `col ${inList()}` matches any value of the array bound with list(values). */
  inList(): string;
  list(values: unknown[]): unknown;
}

export interface Backend {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * One write transaction. Exclusive writers (the default: anything that allocates change sequences)
   * are serialised, so sequences commit in order and a pull cursor never skips a late commit.
   */
  write<T>(fn: (conn: SqlConn) => Promise<T>, options?: { exclusive?: boolean }): Promise<T>;
  /** One read-only snapshot. */
  read<T>(fn: (conn: SqlConn) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `?` → `$1, $2…` for PostgreSQL. The shared SQL never contains a literal question mark. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
export const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
