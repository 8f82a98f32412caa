import { randomBytes } from 'node:crypto';
import { type Db, openPostgres } from '../platform/db.ts';

/** Runs `fn` on a connection to the server's maintenance database (CREATE/DROP DATABASE). */
export async function withDatabase<T>(url: string, fn: (admin: Db) => Promise<T>): Promise<T> {
  const u = new URL(url);
  u.pathname = '/postgres';
  const admin = openPostgres(u.toString(), { max: 1 });
  try {
    return await fn(admin);
  } finally {
    await admin.close();
  }
}

export const uniqueDbName = () => `jiesu_test_${randomBytes(5).toString('hex')}`;
