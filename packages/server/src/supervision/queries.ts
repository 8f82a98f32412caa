import type { Actor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { ORDER_STATE_LABELS, type OrderState } from '../domain/order-lifecycle.ts';
import { URGENCY_LABELS, type Urgency } from '../domain/reference.ts';
import {
  CASE_ACTION_LABELS,
  type CaseAction,
  SUPERVISION_CAUSE_LABELS,
  SUPERVISION_LEVEL_LABELS,
  SUPERVISION_STATUS_LABELS,
  type SupervisionCause,
  type SupervisionLevel,
  type SupervisionStatus,
} from '../domain/supervision.ts';
import type { Queryable } from '../platform/db.ts';
import { notFound } from '../platform/errors.ts';
import { decodeCursor, encodeCursor, supervisionScope } from './scope.ts';

export interface CaseRow {
  id: number;
  cause: SupervisionCause;
  subject_key: string;
  level: SupervisionLevel;
  status: SupervisionStatus;
  summary: string;
  order_id: number | null;
  unit_id: number | null;
  owner_id: number | null;
  due_at: Date;
  result: string | null;
  version: number;
  opened_at: Date;
  updated_at: Date;
  ended_at: Date | null;
}

type CaseRowJoined = CaseRow & {
  order_number: string | null;
  unit_name: string | null;
  owner_name: string | null;
  order_count: number;
};

const CASE_SELECT = `SELECT c.*, o.number AS order_number, u.name AS unit_name, w.display_name AS owner_name,
    (SELECT count(*)::int FROM supervision_case_orders l WHERE l.case_id = c.id) AS order_count
  FROM supervision_cases c
  LEFT JOIN orders o ON o.id = c.order_id
  LEFT JOIN units u ON u.id = c.unit_id
  LEFT JOIN users w ON w.id = c.owner_id`;

export function toCaseView(c: CaseRowJoined, now: Date) {
  return {
    id: c.id,
    cause: c.cause,
    causeLabel: SUPERVISION_CAUSE_LABELS[c.cause],
    subjectKey: c.subject_key,
    level: c.level,
    levelLabel: SUPERVISION_LEVEL_LABELS[c.level],
    status: c.status,
    statusLabel: SUPERVISION_STATUS_LABELS[c.status],
    summary: c.summary,
    orderId: c.order_id,
    orderNumber: c.order_number,
    orderCount: c.order_count,
    unitId: c.unit_id,
    unitName: c.unit_name,
    ownerId: c.owner_id,
    ownerName: c.owner_name,
    dueAt: c.due_at.toISOString(),
    /** The case itself ran past its deadline while still open. */
    late: c.ended_at === null && c.due_at <= now,
    result: c.result,
    version: c.version,
    openedAt: c.opened_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
    endedAt: c.ended_at?.toISOString() ?? null,
  };
}
export type CaseView = ReturnType<typeof toCaseView>;

export interface ListCasesOptions {
  actor: Actor | null;
  status?: SupervisionStatus | undefined;
  /** `active` = open, noticed or escalated, listed most pressing (earliest case deadline) first. */
  active?: boolean | undefined;
  level?: SupervisionLevel | undefined;
  causes?: readonly SupervisionCause[] | undefined;
  unitId?: number | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * Cases within the actor's scope, keyset-paged: the active ones by case deadline, earliest first (the
 * 督办台's default view); otherwise newest first.
 */
export async function listCases(ctx: Context, o: ListCasesOptions) {
  const { unitIds } = await supervisionScope(ctx, o.actor);
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (p: string) => string, v: unknown) => {
    params.push(v);
    where.push(sql(`$${params.length}`));
  };
  if (unitIds) add((p) => `c.unit_id = ANY(${p})`, unitIds);
  if (o.status) add((p) => `c.status = ${p}`, o.status);
  if (o.active) where.push(`c.status IN ('open', 'noticed', 'escalated')`);
  if (o.level) add((p) => `c.level = ${p}`, o.level);
  if (o.causes?.length) add((p) => `c.cause = ANY(${p})`, o.causes);
  if (o.unitId) add((p) => `c.unit_id = ${p}`, o.unitId);
  const byDue = o.active === true;
  const column = byDue ? 'due_at' : 'opened_at';
  const dir = byDue ? 'ASC' : 'DESC';
  if (o.cursor) {
    const k = decodeCursor(o.cursor);
    params.push(k.at, k.id);
    where.push(`(c.${column}, c.id) ${byDue ? '>' : '<'} ($${params.length - 1}, $${params.length})`);
  }
  params.push(o.limit + 1);
  const rows = await ctx.db.query<CaseRowJoined>(
    `${CASE_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY c.${column} ${dir}, c.id ${dir} LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, o.limit);
  const last = page[page.length - 1];
  const now = ctx.now();
  return {
    items: page.map((r) => toCaseView(r, now)),
    nextCursor:
      rows.length > o.limit && last ? encodeCursor(byDue ? last.due_at : last.opened_at, last.id) : null,
  };
}

/** A case row the actor may see (404 otherwise: existence does not leak), optionally locked. */
export async function visibleCase(
  q: Queryable,
  scope: { unitIds: number[] | null },
  caseId: number,
  lock = false,
): Promise<CaseRow> {
  const [row] = await q.query<CaseRow>(
    `SELECT * FROM supervision_cases WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [caseId],
  );
  if (!row || (scope.unitIds && (row.unit_id === null || !scope.unitIds.includes(row.unit_id))))
    throw notFound('supervision_case', caseId);
  return row;
}

/** One case with its history (oldest first), linked orders and notices. */
export async function getCase(ctx: Context, actor: Actor | null, caseId: number) {
  const scope = await supervisionScope(ctx, actor);
  await visibleCase(ctx.db, scope, caseId);
  const [row] = await ctx.db.query<CaseRowJoined>(`${CASE_SELECT} WHERE c.id = $1`, [caseId]);
  if (!row) throw notFound('supervision_case', caseId);
  const [events, orders, notices] = await Promise.all([
    ctx.db.query<{
      id: number;
      action: CaseAction;
      from_status: SupervisionStatus | null;
      to_status: SupervisionStatus;
      level: SupervisionLevel;
      actor_name: string | null;
      note: string | null;
      payload: Record<string, unknown>;
      created_at: Date;
    }>(
      `SELECT e.*, u.display_name AS actor_name FROM supervision_case_events e
       LEFT JOIN users u ON u.id = e.actor_id WHERE e.case_id = $1 ORDER BY e.id`,
      [caseId],
    ),
    ctx.db.query<{
      id: number;
      number: string;
      title: string;
      state: OrderState;
      urgency: Urgency;
      handle_due_at: Date | null;
      unit_name: string | null;
    }>(
      `SELECT o.id, o.number, o.title, o.state, o.urgency, o.handle_due_at, u.name AS unit_name
       FROM supervision_case_orders l JOIN orders o ON o.id = l.order_id
       LEFT JOIN units u ON u.id = o.handling_unit_id
       WHERE l.case_id = $1 ORDER BY o.id LIMIT 200`,
      [caseId],
    ),
    ctx.db.query<NoticeRowJoined>(`${NOTICE_SELECT} WHERE n.case_id = $1 ORDER BY n.id`, [caseId]),
  ]);
  return {
    ...toCaseView(row, ctx.now()),
    events: events.map((e) => ({
      id: e.id,
      action: e.action,
      actionLabel: CASE_ACTION_LABELS[e.action],
      fromStatus: e.from_status,
      toStatus: e.to_status,
      level: e.level,
      levelLabel: SUPERVISION_LEVEL_LABELS[e.level],
      actorName: e.actor_name ?? (e.action === 'open' || e.action === 'link' ? '督办引擎' : null),
      note: e.note,
      payload: e.payload,
      createdAt: e.created_at.toISOString(),
    })),
    orders: orders.map((o) => ({
      id: o.id,
      number: o.number,
      title: o.title,
      state: o.state,
      stateLabel: ORDER_STATE_LABELS[o.state],
      urgencyLabel: URGENCY_LABELS[o.urgency],
      handleDueAt: o.handle_due_at?.toISOString() ?? null,
      handlingUnitName: o.unit_name,
    })),
    notices: notices.map(toNoticeView),
  };
}

export interface NoticeRow {
  id: number;
  case_id: number;
  unit_id: number;
  order_id: number | null;
  message: string;
  channels: string[];
  sent_by: number | null;
  created_at: Date;
  read_at: Date | null;
}
type NoticeRowJoined = NoticeRow & {
  unit_name: string;
  sender_name: string | null;
  order_number: string | null;
  case_summary: string;
  case_level: SupervisionLevel;
  case_due_at: Date;
};
export const NOTICE_SELECT = `SELECT n.*, u.name AS unit_name, s.display_name AS sender_name, o.number AS order_number,
    c.summary AS case_summary, c.level AS case_level, c.due_at AS case_due_at
  FROM supervision_notices n JOIN units u ON u.id = n.unit_id JOIN supervision_cases c ON c.id = n.case_id
  LEFT JOIN users s ON s.id = n.sent_by LEFT JOIN orders o ON o.id = n.order_id`;

export const toNoticeView = (n: NoticeRowJoined) => ({
  id: n.id,
  caseId: n.case_id,
  unitId: n.unit_id,
  unitName: n.unit_name,
  orderId: n.order_id,
  orderNumber: n.order_number,
  message: n.message,
  channels: n.channels,
  senderName: n.sender_name,
  caseSummary: n.case_summary,
  caseLevel: n.case_level,
  caseLevelLabel: SUPERVISION_LEVEL_LABELS[n.case_level],
  caseDueAt: n.case_due_at.toISOString(),
  createdAt: n.created_at.toISOString(),
  readAt: n.read_at?.toISOString() ?? null,
});

/**
 * 超期工单: orders whose handling deadline passed while the unit's clock still runs, most overdue
 * first, keyset-paged on the partial index (handle_due_at, id) of migration 0004.
 */
export async function listOverdueOrders(
  ctx: Context,
  o: { actor: Actor | null; limit: number; cursor?: string | undefined },
) {
  const { unitIds } = await supervisionScope(ctx, o.actor);
  const now = ctx.now();
  const params: unknown[] = [now];
  const where = [`o.state IN ('dispatched', 'handling', 'return_requested')`, 'o.handle_due_at <= $1'];
  if (unitIds) {
    params.push(unitIds);
    where.push(`o.handling_unit_id = ANY($${params.length})`);
  }
  if (o.cursor) {
    const k = decodeCursor(o.cursor);
    params.push(k.at, k.id);
    where.push(`(o.handle_due_at, o.id) > ($${params.length - 1}, $${params.length})`);
  }
  params.push(o.limit + 1);
  const rows = await ctx.db.query<{
    id: number;
    number: string;
    title: string;
    urgency: Urgency;
    state: OrderState;
    handling_unit_id: number | null;
    unit_name: string | null;
    handle_due_at: Date;
    dispatch_count: number;
    redo_count: number;
    case_id: number | null;
  }>(
    `SELECT o.id, o.number, o.title, o.urgency, o.state, o.handling_unit_id, u.name AS unit_name, o.handle_due_at,
       o.dispatch_count, o.redo_count,
       (SELECT c.id FROM supervision_cases c WHERE c.cause = 'overdue' AND c.subject_key = 'order:' || o.id) AS case_id
     FROM orders o LEFT JOIN units u ON u.id = o.handling_unit_id
     WHERE ${where.join(' AND ')}
     ORDER BY o.handle_due_at, o.id LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, o.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      urgency: r.urgency,
      urgencyLabel: URGENCY_LABELS[r.urgency],
      state: r.state,
      stateLabel: ORDER_STATE_LABELS[r.state],
      handlingUnitId: r.handling_unit_id,
      handlingUnitName: r.unit_name,
      handleDueAt: r.handle_due_at.toISOString(),
      overdueMinutes: Math.floor((now.getTime() - r.handle_due_at.getTime()) / 60_000),
      dispatchCount: r.dispatch_count,
      redoCount: r.redo_count,
      caseId: r.case_id,
    })),
    nextCursor: rows.length > o.limit && last ? encodeCursor(last.handle_due_at, last.id) : null,
  };
}

/** People a case can be assigned to: active users who may act on supervision cases. */
export async function listOwners(ctx: Context, actor: Actor | null) {
  await supervisionScope(ctx, actor);
  const rows = await ctx.db.query<{ id: number; display_name: string }>(
    `SELECT id, display_name FROM users WHERE active AND 'supervisor' = ANY(roles) ORDER BY id LIMIT 500`,
  );
  return { items: rows.map((r) => ({ id: r.id, name: r.display_name })) };
}
