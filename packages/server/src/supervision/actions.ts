import { recordAudit } from '../audit/audit-log.ts';
import type { Actor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { permissionsOf } from '../domain/permissions.ts';
import type { Role } from '../domain/reference.ts';
import {
  CASE_ACTION_LABELS,
  type CaseAction,
  caseDeadline,
  isHigherLevel,
  nextCaseStatus,
  nextLevel,
  SUPERVISION_LEVEL_LABELS,
  SUPERVISION_STATUS_LABELS,
  type SupervisionLevel,
  type SupervisionStatus,
} from '../domain/supervision.ts';
import type { ReferenceSnapshot } from '../organisation/reference-data.ts';
import type { Queryable } from '../platform/db.ts';
import { AppError, ruleViolation } from '../platform/errors.ts';
import type { NoticeChannel, NoticeSender } from './notice-sender.ts';
import { type CaseRow, getCase, visibleCase } from './queries.ts';
import { supervisionScope } from './scope.ts';

type StepAction = Exclude<CaseAction, 'open' | 'link'>;

interface StepInput {
  actor: Actor | null;
  caseId: number;
  ip?: string | undefined;
}

/**
 * One runner for every step on a case, like `actOnOrder`: in one transaction lock the case, check
 * scope (404) and permission, ask the status machine, apply the step's patch, append the history
 * row and an audit entry. Two supervisors acting at once are serialised by the row lock.
 */
async function actOnCase(
  ctx: Context,
  o: StepInput,
  action: StepAction,
  effect: (s: { tx: Queryable; c: CaseRow; now: Date; refs: ReferenceSnapshot }) => Promise<{
    patch?: Partial<Pick<CaseRow, 'level' | 'owner_id' | 'due_at' | 'result' | 'ended_at'>>;
    note: string | null;
    payload?: Record<string, unknown>;
  }>,
) {
  const scope = await supervisionScope(ctx, o.actor, 'supervision.manage');
  const now = ctx.now();
  // Read before the transaction: on embedded PGlite a second query outside it would wait forever.
  const refs = await ctx.refs.get();
  await ctx.db.transaction(async (tx) => {
    const c = await visibleCase(tx, scope, o.caseId, true);
    const to = nextCaseStatus(c.status, action);
    if (!to)
      throw new AppError(
        'INVALID_TRANSITION',
        { status: c.status, action },
        `督办案件当前状态为「${SUPERVISION_STATUS_LABELS[c.status]}」，不能${CASE_ACTION_LABELS[action]}`,
      );
    const { patch = {}, note, payload = {} } = await effect({ tx, c, now, refs });
    const next = { ...c, ...patch, status: to };
    await tx.query(
      `UPDATE supervision_cases SET status = $2, level = $3, owner_id = $4, due_at = $5, result = $6, ended_at = $7,
         version = version + 1, updated_at = $8 WHERE id = $1`,
      [c.id, to, next.level, next.owner_id, next.due_at, next.result, next.ended_at, now],
    );
    await appendCaseEvent(tx, {
      caseId: c.id,
      action,
      from: c.status,
      to,
      level: next.level,
      actor: scope.actor,
      note,
      payload,
      at: now,
    });
    await recordAudit(tx, {
      actor: scope.actor,
      action: `supervision.${action}`,
      targetType: 'supervision_case',
      targetId: c.id,
      ip: o.ip,
      details: { from: c.status, to, level: next.level, ...payload },
    });
  });
  return getCase(ctx, o.actor, o.caseId);
}

export async function appendCaseEvent(
  tx: Queryable,
  e: {
    caseId: number;
    action: CaseAction;
    from: SupervisionStatus | null;
    to: SupervisionStatus;
    level: SupervisionLevel;
    actor: Pick<Actor, 'userId'> | null;
    note: string | null;
    payload: Record<string, unknown>;
    at: Date;
  },
) {
  await tx.query(
    `INSERT INTO supervision_case_events (case_id, action, from_status, to_status, level, actor_id, note, payload, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      e.caseId,
      e.action,
      e.from,
      e.to,
      e.level,
      e.actor?.userId ?? null,
      e.note,
      JSON.stringify(e.payload),
      e.at,
    ],
  );
}

/** 升级督办: to the next level (or a named higher one), with a reason; the deadline only shortens. */
export function escalateCase(
  ctx: Context,
  o: StepInput & { level?: SupervisionLevel | undefined; reason: string },
) {
  return actOnCase(ctx, o, 'escalate', async ({ c, now, refs }) => {
    const to = o.level ?? nextLevel(c.level);
    if (!to) throw ruleViolation('level', '已是最高级别（提级督办），不能再升级');
    if (!isHigherLevel(c.level, to)) throw ruleViolation('level', '只能升级到更高的督办级别');
    const due = caseDeadline(to, now, refs.calendar, c.due_at);
    return {
      patch: { level: to, due_at: due },
      note: o.reason,
      payload: {
        fromLevel: c.level,
        toLevel: to,
        levelLabel: SUPERVISION_LEVEL_LABELS[to],
        dueAt: due.toISOString(),
      },
    };
  });
}

/** 指定督办人: a user who may act on supervision cases. */
export function assignCase(ctx: Context, o: StepInput & { ownerId: number; note?: string | undefined }) {
  return actOnCase(ctx, o, 'assign', async ({ tx, c }) => {
    const [user] = await tx.query<{ id: number; display_name: string; roles: Role[]; active: boolean }>(
      'SELECT id, display_name, roles, active FROM users WHERE id = $1',
      [o.ownerId],
    );
    if (!user || !user.active || !permissionsOf(user.roles).has('supervision.manage'))
      throw ruleViolation('ownerId', '督办人须为在职的督办员');
    return {
      patch: { owner_id: user.id },
      note: o.note ?? null,
      payload: { previousOwnerId: c.owner_id, ownerId: user.id, ownerName: user.display_name },
    };
  });
}

/** 办结 (matter settled) or 关闭 (no further chasing needed), with the result in words. */
export function endCase(ctx: Context, o: StepInput & { action: 'resolve' | 'close'; result: string }) {
  return actOnCase(ctx, o, o.action, async ({ now }) => ({
    patch: { result: o.result, ended_at: now },
    note: o.result,
  }));
}

/**
 * 督办通知 to the case's unit (or another unit given): an in-app notice its handlers read, plus
 * the chosen external channels through the `NoticeSender` after commit.
 */
export async function sendNotice(
  ctx: Context,
  sender: NoticeSender,
  o: StepInput & { message: string; channels: readonly NoticeChannel[]; unitId?: number | undefined },
  log: (msg: string, err: unknown) => void,
) {
  const channels = [...new Set(o.channels)];
  let notice: { id: number; unitId: number; unitName: string } | undefined;
  const view = await actOnCase(ctx, o, 'notice', async ({ tx, c, now, refs }) => {
    const unitId = o.unitId ?? c.unit_id;
    if (!unitId) throw ruleViolation('unitId', '该督办案件没有责任单位，请指定通知单位');
    const unit = refs.units.get(unitId);
    if (!unit || !unit.active) throw ruleViolation('unitId', '通知单位不存在或已停用');
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO supervision_notices (case_id, unit_id, order_id, message, channels, sent_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [c.id, unitId, c.order_id, o.message, ['in_app', ...channels], o.actor?.userId ?? null, now],
    );
    if (!row) throw new Error('notice not inserted');
    notice = { id: row.id, unitId, unitName: unit.name };
    return { note: o.message, payload: { noticeId: row.id, unitId, unitName: unit.name, channels } };
  });
  if (notice) {
    for (const channel of channels) {
      await sender
        .send({
          noticeId: notice.id,
          caseId: o.caseId,
          unitId: notice.unitId,
          unitName: notice.unitName,
          message: o.message,
          channel,
        })
        .catch((err) => log('督办通知外发失败', err));
    }
  }
  return view;
}
