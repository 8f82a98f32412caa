import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * One way to talk to PostgreSQL, whether it is embedded PGlite or a real server. Services receive a
 * `Queryable`; anything that writes more than one row runs inside `db.transaction`.
 */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations, test fixtures). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// int8 and numeric arrive as JS numbers (counts and ids stay far below 2^53); dates stay 'YYYY-MM-DD'
// strings so no time zone can shift them.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const toNumber = (v: string) => Number(v);
const asIs = (v: string) => v;

/** Embedded PostgreSQL. `dump()` snapshots the whole data directory (used for fast test databases). */
export async function openPglite(
  options: { dataDir?: string; loadDataDir?: Blob } = {},
): Promise<Db & { dump(): Promise<Blob> }> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const lite = await PGlite.create(options.dataDir, {
    loadDataDir: options.loadDataDir,
    parsers: { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: asIs },
  });
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const res = await q.query<T>(sql, params as unknown[] | undefined);
      return res.rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  return {
    kind: 'pglite',
    ...wrap(lite),
    transaction: (fn) => lite.transaction((tx) => fn(wrap(tx))),
    close: () => lite.close(),
    dump: () => lite.dumpDataDir('none'),
  };
}

export function openPostgres(
  connectionString: string,
  options: { max?: number; onIdleError?: (err: Error) => void } = {},
): Db {
  const types = {
    getTypeParser: ((oid: number, format?: string) => {
      if (oid === INT8 || oid === NUMERIC) return toNumber;
      if (oid === DATE) return asIs;
      return pg.types.getTypeParser(oid, format as 'text');
    }) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString, max: options.max ?? 20, types });
  // An idle connection that the server closes (restart, failover) must not take the process down;
  // the pool replaces it on the next query.
  pool.on('error', (err) => options.onIdleError?.(err));
  const wrap = (q: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const res = await q.query(sql, params as unknown[] | undefined);
      return res.rows as T[];
    },
    async exec(sql: string) {
      await q.query(sql);
    },
  });
  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export async function openDb(config: { databaseUrl: string | undefined; dataDir: string }): Promise<Db> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite({ dataDir: config.dataDir });
}

/** First row or undefined: for queries that select by a unique key. */
export async function queryOne<T>(q: Queryable, sql: string, params?: readonly unknown[]) {
  const rows = await q.query<T>(sql, params);
  return rows[0];
}
