import { recordAudit } from '../audit/audit-log.ts';
import { type Actor, requireActor, requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import {
  checkRuleParams,
  PARAM_SPECS,
  SUPERVISION_CAUSE_LABELS,
  SUPERVISION_LEVEL_LABELS,
  type SupervisionCause,
  type SupervisionLevel,
} from '../domain/supervision.ts';
import { AppError, notFound, ruleViolation } from '../platform/errors.ts';
import { loadSupervisionRules, type RuleRowDb, toSupervisionRule } from './rules-store.ts';

const toRuleView = (r: RuleRowDb) => {
  const rule = toSupervisionRule(r);
  return {
    cause: rule.cause,
    causeLabel: SUPERVISION_CAUSE_LABELS[rule.cause],
    name: rule.name,
    enabled: rule.enabled,
    level: rule.level,
    levelLabel: SUPERVISION_LEVEL_LABELS[rule.level],
    params: rule.params as Record<string, number | string>,
    paramSpecs: Object.entries(PARAM_SPECS[rule.cause]).map(([key, s]) => ({
      key,
      label: s.label,
      min: 'min' in s ? s.min : null,
      max: 'max' in s ? s.max : null,
      oneOf: 'oneOf' in s ? [...s.oneOf] : null,
    })),
    updatedAt: r.updated_at.toISOString(),
  };
};

/** Editing rules: supervisors (supervision.manage) and admins (rules.manage). */
function requireRuleEditor(actor: Actor | null | undefined): Actor {
  const a = requireActor(actor);
  if (a.permissions.has('supervision.manage') || a.permissions.has('rules.manage')) return a;
  throw new AppError('FORBIDDEN', { permission: 'supervision.manage' });
}

export async function listSupervisionRules(ctx: Context, actor: Actor | null) {
  const a = requireActor(actor);
  if (!a.permissions.has('supervision.read') && !a.permissions.has('rules.manage'))
    requirePermission(a, 'supervision.read');
  return {
    items: (await loadSupervisionRules(ctx.db)).map(toRuleView),
    canEdit: a.permissions.has('supervision.manage') || a.permissions.has('rules.manage'),
  };
}

export async function updateSupervisionRule(
  ctx: Context,
  o: {
    actor: Actor | null;
    cause: SupervisionCause;
    name: string;
    enabled: boolean;
    level: SupervisionLevel;
    params: Record<string, unknown>;
    ip?: string;
  },
) {
  const actor = requireRuleEditor(o.actor);
  const problem = checkRuleParams(o.cause, o.params);
  if (problem) throw ruleViolation(problem.field, problem.message);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.query<RuleRowDb>(
      'SELECT * FROM supervision_rules WHERE cause = $1 FOR UPDATE',
      [o.cause],
    );
    if (!before) throw notFound('supervision_rule', o.cause);
    const [row] = await tx.query<RuleRowDb>(
      `UPDATE supervision_rules SET name = $2, enabled = $3, level = $4, params = $5, updated_by = $6, updated_at = $7
       WHERE cause = $1 RETURNING *`,
      [o.cause, o.name, o.enabled, o.level, JSON.stringify(o.params), actor.userId, ctx.now()],
    );
    if (!row) throw notFound('supervision_rule', o.cause);
    await recordAudit(tx, {
      actor,
      action: 'supervision.rule_update',
      targetType: 'supervision_rule',
      targetId: o.cause,
      ip: o.ip,
      details: {
        before: { name: before.name, enabled: before.enabled, level: before.level, params: before.params },
        after: { name: row.name, enabled: row.enabled, level: row.level, params: row.params },
      },
    });
    return toRuleView(row);
  });
}
