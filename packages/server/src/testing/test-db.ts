import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { type Db, openPglite, openPostgres } from '../platform/db.ts';
import { databaseUrlFor } from './global-setup.ts';
import { uniqueDbName, withDatabase } from './pg-admin.ts';

export interface TestDb {
  db: Db;
  /** A connection string to the same database, for tests that start server processes. */
  url: string | undefined;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a PGlite restored from the run's snapshot, or —
 * when DATABASE_URL is set — a new PostgreSQL database copied from the migrated template.
 */
export async function createTestDb(): Promise<TestDb> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = uniqueDbName();
    await withDatabase(url, (admin) =>
      admin.exec(`CREATE DATABASE ${name} TEMPLATE ${inject('templateDb')}`),
    );
    const dbUrl = databaseUrlFor(url, name);
    const db = openPostgres(dbUrl);
    return {
      db,
      url: dbUrl,
      drop: async () => {
        await db.close();
        await withDatabase(url, (admin) => admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      },
    };
  }
  const snapshot = readFileSync(inject('pgliteSnapshot'));
  const db = await openPglite({ loadDataDir: new Blob([snapshot]) });
  return { db, url: undefined, drop: () => db.close() };
}
