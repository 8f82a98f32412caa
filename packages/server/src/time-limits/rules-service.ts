import { recordAudit } from '../audit/audit-log.ts';
import { type Actor, requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import type { TimeLimitRule } from '../domain/time-limits.ts';
import { type RuleRow, toRule } from '../organisation/reference-data.ts';
import type { Queryable } from '../platform/db.ts';
import { notFound, referenceNotFound, ruleViolation } from '../platform/errors.ts';

export type RuleInput = Omit<TimeLimitRule, 'id'>;

function checkRule(r: RuleInput, categoryExists: boolean) {
  if (r.categoryId !== null && !categoryExists) throw referenceNotFound('categoryId', r.categoryId);
  if (r.taskForce !== null && (r.validFrom === null || r.validTo === null)) {
    throw ruleViolation('validFrom', '专班时限必须设定起止日期');
  }
  if (r.validFrom !== null && r.validTo !== null && r.validFrom > r.validTo) {
    throw ruleViolation('validTo', '结束日期不能早于开始日期');
  }
}

const ruleValues = (r: RuleInput) => [
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
];

/** The one place a time-limit rule row is inserted (admins' rules and the deployment's defaults). */
export function insertRule(q: Queryable, r: RuleInput) {
  return q.query<RuleRow>(
    `INSERT INTO time_limit_rules (name, request_type, urgency, category_id, task_force, valid_from, valid_to,
       dispatch_limit, sign_limit, return_limit, handle_limit, yellow_share, active)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
    ruleValues(r),
  );
}

export async function listRules(ctx: Context, actor: Actor | null) {
  requirePermission(actor, 'org.read');
  return (await ctx.refs.get()).rules;
}

export async function saveRule(ctx: Context, o: { actor: Actor | null; id?: number; rule: RuleInput }) {
  const actor = requirePermission(o.actor, 'rules.manage');
  const refs = await ctx.refs.get();
  checkRule(o.rule, o.rule.categoryId === null || refs.categories.has(o.rule.categoryId));
  const saved = await ctx.db.transaction(async (tx) => {
    // Rule writes are rare: one at a time, so the catch-all check below sees every other write.
    await tx.query('LOCK TABLE time_limit_rules IN SHARE ROW EXCLUSIVE MODE');
    const [row] =
      o.id === undefined
        ? await insertRule(tx, o.rule)
        : await tx.query<RuleRow>(
            `UPDATE time_limit_rules SET name = $2, request_type = $3, urgency = $4, category_id = $5, task_force = $6,
               valid_from = $7, valid_to = $8, dispatch_limit = $9, sign_limit = $10, return_limit = $11,
               handle_limit = $12, yellow_share = $13, active = $14, updated_at = now()
             WHERE id = $1 RETURNING *`,
            [o.id, ...ruleValues(o.rule)],
          );
    if (!row) throw notFound('time_limit_rule', o.id);
    const [catchAll] = await tx.query(
      `SELECT 1 FROM time_limit_rules WHERE active AND request_type IS NULL AND urgency IS NULL
         AND category_id IS NULL AND task_force IS NULL AND valid_from IS NULL AND valid_to IS NULL LIMIT 1`,
    );
    if (!catchAll) {
      throw ruleViolation(
        'active',
        '必须保留一条启用的通用规则（不限类型、紧急程度、分类、专班和日期），否则新工单没有时限',
      );
    }
    await recordAudit(tx, {
      actor,
      action: o.id === undefined ? 'time_limit_rule_created' : 'time_limit_rule_updated',
      targetType: 'time_limit_rule',
      targetId: row.id,
      details: { rule: o.rule },
    });
    return toRule(row);
  });
  ctx.refs.invalidate();
  return saved;
}

/** Admins mark local days off (e.g. a typhoon) or on; null removes the override. */
export async function setCalendarDay(
  ctx: Context,
  o: { actor: Actor | null; day: string; isWorkday: boolean | null; note?: string | undefined },
) {
  const actor = requirePermission(o.actor, 'calendar.manage');
  await ctx.db.transaction(async (tx) => {
    if (o.isWorkday === null) await tx.query('DELETE FROM calendar_days WHERE day = $1', [o.day]);
    else {
      await tx.query(
        `INSERT INTO calendar_days (day, is_workday, note) VALUES ($1, $2, $3)
         ON CONFLICT (day) DO UPDATE SET is_workday = EXCLUDED.is_workday, note = EXCLUDED.note, updated_at = now()`,
        [o.day, o.isWorkday, o.note ?? ''],
      );
    }
    await recordAudit(tx, {
      actor,
      action: 'calendar_day_set',
      targetType: 'calendar_day',
      targetId: o.day,
      details: { isWorkday: o.isWorkday },
    });
  });
  ctx.refs.invalidate();
}
