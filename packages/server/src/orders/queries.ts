import { recordAudit } from '../audit/audit-log.ts';
import { type Actor, requireActor, requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { ORDER_ACTION_LABELS, type OrderAction, type OrderState } from '../domain/order-lifecycle.ts';
import { subtreeUnitIds } from '../organisation/reference-data.ts';
import type { Queryable } from '../platform/db.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { canSeeOrder } from './act-on-order.ts';
import { type OrderRow, toOrderView } from './order-row.ts';

async function assistsOf(q: Queryable, orderIds: readonly number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>();
  if (orderIds.length === 0) return map;
  const rows = await q.query<{ order_id: number; unit_id: number }>(
    'SELECT order_id, unit_id FROM order_assists WHERE order_id = ANY($1) ORDER BY unit_id',
    [orderIds],
  );
  for (const r of rows) map.set(r.order_id, [...(map.get(r.order_id) ?? []), r.unit_id]);
  return map;
}

export async function orderViews(q: Queryable, rows: readonly OrderRow[]) {
  const assists = await assistsOf(
    q,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toOrderView(r, assists.get(r.id) ?? []));
}

export async function orderView(q: Queryable, row: OrderRow) {
  return toOrderView(row, (await assistsOf(q, [row.id])).get(row.id) ?? []);
}

/** An order the actor may see, else 404 (never 403: existence does not leak). */
export async function getVisibleOrder(ctx: Context, actor: Actor | null, orderId: number): Promise<OrderRow> {
  const a = requireActor(actor);
  const refs = await ctx.refs.get();
  const [order] = await ctx.db.query<OrderRow>('SELECT * FROM orders WHERE id = $1', [orderId]);
  if (!order || !(await canSeeOrder(ctx.db, a, order, refs))) throw notFound('order', orderId);
  return order;
}

/**
 * For a work queue, the instant that orders of each state are due by: the deadline of the current
 * stage (an urgent order's 15-minute dispatch limit puts it first), or for orders waiting on review
 * and visit, when they started waiting.
 */
export const QUEUE_ORDER: Record<
  OrderState,
  'dispatch_due_at' | 'sign_due_at' | 'handle_due_at' | 'updated_at' | null
> = {
  pending_dispatch: 'dispatch_due_at',
  dispatched: 'sign_due_at',
  handling: 'handle_due_at',
  return_requested: 'handle_due_at',
  unit_review: 'updated_at',
  centre_review: 'updated_at',
  visit_pending: 'updated_at',
  closed: null,
  merged: null,
  withdrawn: null,
};

export interface ListOrdersOptions extends QueueFilters {
  actor: Actor | null;
  state?: OrderState | undefined;
  /** 'newest' (default): created_at descending; 'deadline': a state's work queue, most pressing first. */
  sort?: 'newest' | 'deadline' | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Filters shared by the list and the queue counts. */
export interface QueueFilters {
  handlingUnitId?: number | undefined;
  card?: 'yellow' | 'red' | undefined;
  citizenPhone?: string | undefined;
  /** 'pending': only orders with an extension request awaiting the centre's decision (延期审批中). */
  extension?: 'pending' | undefined;
  /** true: only orders being redone (重办) — the reply was rejected in review, or a visit re-opened it; false: the others. */
  redo?: boolean | undefined;
}

type AddCondition = (sql: (p: string) => string, value: unknown) => void;

/** The actor's data scope and the shared filters as SQL conditions (same rules as `canSeeOrder`). */
async function scopeAndFilters(
  ctx: Context,
  actor: Actor,
  o: QueueFilters,
  add: AddCondition,
  where: string[],
  /** Leave the unit subtree out of `where` and return it, for a caller that queries its parts apart. */
  splitUnitScope = false,
): Promise<number[] | null> {
  let unitScope: number[] | null = null;
  if (actor.permissions.has('order.read_all')) {
    // whole city
  } else if (actor.apiKeyId !== null) {
    add((p) => `api_key_id = ${p}`, actor.apiKeyId);
  } else if (actor.permissions.has('order.read_unit') && actor.unitPath) {
    const units = subtreeUnitIds((await ctx.refs.get()).units, actor.unitPath);
    if (splitUnitScope) unitScope = units;
    else
      add(
        (p) =>
          `(handling_unit_id = ANY(${p}) OR lead_unit_id = ANY(${p}) OR EXISTS (SELECT 1 FROM order_assists a WHERE a.order_id = orders.id AND a.unit_id = ANY(${p})))`,
        units,
      );
  } else {
    throw new AppError('FORBIDDEN', { permission: 'order.read_unit' });
  }
  if (o.handlingUnitId) add((p) => `handling_unit_id = ${p}`, o.handlingUnitId);
  if (o.card) add((p) => `card = ${p}`, o.card);
  if (o.citizenPhone) {
    requirePermission(actor, 'citizen.unmask');
    add((p) => `citizen_phone = ${p}`, o.citizenPhone);
  }
  if (o.extension === 'pending') {
    where.push(
      `EXISTS (SELECT 1 FROM order_extensions x WHERE x.order_id = orders.id AND x.status = 'pending')`,
    );
  }
  if (o.redo === true) where.push('(replied_at IS NOT NULL OR redo_count > 0)');
  if (o.redo === false) where.push('(replied_at IS NULL AND redo_count = 0)');
  return unitScope;
}

function conditions() {
  const where: string[] = [];
  const params: unknown[] = [];
  const add: AddCondition = (sql, value) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  return { where, params, add };
}

/** Newest first or a work queue, paged by keyset on indexes, inside the actor's data scope. */
export async function listOrders(ctx: Context, o: ListOrdersOptions) {
  const actor = requireActor(o.actor);
  const { where, params, add } = conditions();
  await scopeAndFilters(ctx, actor, o, add, where);
  if (o.state) add((p) => `state = ${p}`, o.state);
  const queueColumn = o.sort === 'deadline' ? (o.state ? QUEUE_ORDER[o.state] : null) : 'created_at';
  if (!queueColumn) {
    throw new AppError('VALIDATION_FAILED', { field: 'querystring.state' }, '按期限排序时须指定未结束的状态');
  }
  const direction = o.sort === 'deadline' ? '>' : '<';
  if (o.cursor) {
    const c = decodeCursor(o.cursor);
    params.push(c.at, c.id);
    where.push(`(${queueColumn}, id) ${direction} ($${params.length - 1}, $${params.length})`);
  }
  params.push(o.limit + 1);
  const order = o.sort === 'deadline' ? 'ASC' : 'DESC';
  const rows = await ctx.db.query<OrderRow>(
    `SELECT * FROM orders ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ${queueColumn} ${order}, id ${order} LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, o.limit);
  const last = page[page.length - 1];
  return {
    items: await orderViews(ctx.db, page),
    nextCursor: rows.length > o.limit && last ? encodeCursor(last[queueColumn] as Date, last.id) : null,
  };
}

/** Counts stop here: a badge needs "10000+", not an exact figure that would scan millions of rows. */
export const QUEUE_COUNT_CAP = 10_000;

/**
 * How many orders of each state lie in the actor's data scope (the list's rules and filters), for
 * work-queue badges. Each count reads at most `cap + 1` rows through the state's index; a count that
 * reaches the cap is reported as the cap with `capped: true`.
 */
export async function countQueues(
  ctx: Context,
  o: QueueFilters & { actor: Actor | null; states: readonly OrderState[]; cap?: number },
) {
  const actor = requireActor(o.actor);
  const cap = o.cap ?? QUEUE_COUNT_CAP;
  const { where, params, add } = conditions();
  const units = await scopeAndFilters(ctx, actor, o, add, where, true);
  const states = [...new Set(o.states)];
  params.push(cap + 1);
  const limit = `$${params.length}`;
  if (units) params.push(units);
  const unitsParam = `$${params.length}`;
  const state = `$${params.length + 1}`;
  const filters = where.map((w) => ` AND ${w}`).join('');
  // A unit's orders are those it handles, leads or assists: three index-driven branches (the open
  // states' (unit, state) indexes and the assists' unit index) instead of one OR that would walk the
  // state's orders of the whole city.
  const rows = units
    ? `SELECT id FROM orders WHERE state = ${state} AND handling_unit_id = ANY(${unitsParam})${filters}
       UNION SELECT id FROM orders WHERE state = ${state} AND lead_unit_id = ANY(${unitsParam})${filters}
       UNION SELECT orders.id FROM order_assists a JOIN orders ON orders.id = a.order_id
         WHERE a.unit_id = ANY(${unitsParam}) AND orders.state = ${state}${filters}`
    : `SELECT 1 FROM orders WHERE state = ${state}${filters}`;
  const counts: Partial<Record<OrderState, number>> = {};
  let capped = false;
  for (const s of states) {
    const [row] = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (${rows} LIMIT ${limit}) q`,
      [...params, s],
    );
    const n = row?.n ?? 0;
    if (n > cap) capped = true;
    counts[s] = Math.min(n, cap);
  }
  return { counts, capped, cap };
}

const encodeCursor = (at: Date, id: number) => Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');

function decodeCursor(cursor: string): { at: Date; id: number } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(at ?? '');
  const n = Number(id);
  if (Number.isNaN(createdAt.getTime()) || !Number.isSafeInteger(n)) {
    throw new AppError('VALIDATION_FAILED', { field: 'querystring.cursor' }, '字段 querystring.cursor 有误');
  }
  return { at: createdAt, id: n };
}

/** The order's timeline: every step, oldest first. */
export async function orderTimeline(ctx: Context, actor: Actor | null, orderId: number) {
  await getVisibleOrder(ctx, actor, orderId);
  const rows = await ctx.db.query<{
    seq: number;
    action: OrderAction | 'create';
    from_state: OrderState | null;
    to_state: OrderState;
    actor_id: number | null;
    actor_name: string | null;
    actor_unit_id: number | null;
    note: string | null;
    payload: Record<string, unknown>;
    created_at: Date;
  }>(
    `SELECT e.seq, e.action, e.from_state, e.to_state, e.actor_id, COALESCE(u.display_name, k.name) AS actor_name,
       e.actor_unit_id, e.note, e.payload, e.created_at
     FROM order_events e LEFT JOIN users u ON u.id = e.actor_id LEFT JOIN api_keys k ON k.id = e.api_key_id
     WHERE e.order_id = $1 ORDER BY e.seq`,
    [orderId],
  );
  return rows.map((e) => ({
    seq: e.seq,
    action: e.action,
    actionLabel: e.action === 'create' ? '受理' : ORDER_ACTION_LABELS[e.action],
    fromState: e.from_state,
    toState: e.to_state,
    actorId: e.actor_id,
    actorName: e.actor_name,
    actorUnitId: e.actor_unit_id,
    note: e.note,
    payload: e.payload,
    createdAt: e.created_at.toISOString(),
  }));
}

/** Reveals the caller's full phone number to someone allowed to, and writes an audit entry. */
export async function revealContact(ctx: Context, actor: Actor | null, orderId: number, ip?: string) {
  const a = requirePermission(actor, 'citizen.unmask');
  const order = await getVisibleOrder(ctx, a, orderId);
  await recordAudit(ctx.db, {
    actor: a,
    action: 'unmask_phone',
    targetType: 'order',
    targetId: order.id,
    ip,
    details: { number: order.number },
  });
  return { citizenName: order.citizen_name, citizenPhone: order.citizen_phone };
}
