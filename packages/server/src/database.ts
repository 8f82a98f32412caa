import type { Db } from './platform/db.ts';
import { migrate } from './platform/migrate.ts';
import { ensureDefaultTimeLimitRules } from './time-limits/default-rules.ts';

/** Brings a database to the current schema with the data every deployment needs. */
export async function prepareDatabase(db: Db) {
  const applied = await migrate(db);
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(72712346)');
    await ensureDefaultTimeLimitRules(tx);
  });
  return applied;
}
