import { DEFAULT_TIME_LIMIT_RULES } from '../domain/time-limits.ts';
import type { Queryable } from '../platform/db.ts';

/**
 * A deployment starts with the limits of DOMAIN.md §4 so that every order finds a rule; admins then
 * edit them. Runs only while the table is empty, so edits are never overwritten.
 */
export async function ensureDefaultTimeLimitRules(q: Queryable): Promise<number> {
  const [row] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM time_limit_rules');
  if ((row?.n ?? 0) > 0) return 0;
  for (const r of DEFAULT_TIME_LIMIT_RULES) {
    await q.query(
      `INSERT INTO time_limit_rules (name, request_type, urgency, category_id, task_force, valid_from, valid_to,
         dispatch_limit, sign_limit, return_limit, handle_limit, yellow_share, active)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        r.name,
        r.requestType,
        r.urgency,
        r.categoryId,
        r.taskForce,
        r.validFrom,
        r.validTo,
        JSON.stringify(r.dispatchLimit),
        JSON.stringify(r.signLimit),
        JSON.stringify(r.returnLimit),
        JSON.stringify(r.handleLimit),
        r.yellowShare,
        r.active,
      ],
    );
  }
  return DEFAULT_TIME_LIMIT_RULES.length;
}
