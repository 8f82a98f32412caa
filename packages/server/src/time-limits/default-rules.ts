import { DEFAULT_TIME_LIMIT_RULES } from '../domain/time-limits.ts';
import type { Queryable } from '../platform/db.ts';
import { insertRule } from './rules-service.ts';

/**
 * A deployment starts with the limits of DOMAIN.md §4 so that every order finds a rule; admins then
 * edit them. Runs only while the table is empty, so edits are never overwritten.
 */
export async function ensureDefaultTimeLimitRules(q: Queryable): Promise<number> {
  const [row] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM time_limit_rules');
  if ((row?.n ?? 0) > 0) return 0;
  for (const r of DEFAULT_TIME_LIMIT_RULES) await insertRule(q, r);
  return DEFAULT_TIME_LIMIT_RULES.length;
}
