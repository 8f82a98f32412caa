import { type Actor, requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import {
  canTake,
  InvalidTransition,
  nextState,
  type OrderAction,
  type OrderState,
  type TransitionContext,
} from '../domain/order-lifecycle.ts';
import { accessFor, inSubtree, permissionsFor } from '../domain/permissions.ts';
import { firstWarningAt, scanWarnings } from '../domain/time-limit-warnings.ts';
import type { ReferenceSnapshot } from '../organisation/reference-data.ts';
import type { Queryable } from '../platform/db.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { OrderRow } from './order-row.ts';

/** Columns a step may change besides state, version and the warning bookkeeping. */
export type OrderPatch = Partial<
  Pick<
    OrderRow,
    | 'lead_unit_id'
    | 'handling_unit_id'
    | 'dispatch_count'
    | 'redo_count'
    | 'return_count'
    | 'extension_count'
    | 'dispatched_at'
    | 'signed_at'
    | 'replied_at'
    | 'closed_at'
    | 'time_limit_rule_id'
    | 'dispatch_due_at'
    | 'sign_due_at'
    | 'return_due_at'
    | 'handle_due_at'
    | 'yellow_at'
    | 'close_kind'
    | 'final_reply'
    | 'satisfaction'
    | 'resolved'
    | 'merged_into_id'
  >
>;

export interface StepInput {
  /** Null for anonymous requests, which are refused before anything is read. */
  actor: Actor | null;
  orderId: number;
  expectedVersion?: number | undefined;
  note?: string | undefined;
}

/** For steps whose destination does not depend on their input. */
export const noFacts = () => ({});

export interface StepContext {
  tx: Queryable;
  /** The signed-in actor, already checked. */
  actor: Actor;
  order: OrderRow;
  /** The state the step leads to, already checked against the lifecycle. */
  to: OrderState;
  refs: ReferenceSnapshot;
  now: Date;
}

export interface StepEffect {
  patch?: OrderPatch;
  payload?: Record<string, unknown>;
}

export interface StepResult {
  order: OrderRow;
  eventSeq: number;
}

/**
 * Takes one step in an order's life. In one transaction: lock the row, check that the actor may see
 * the order (404 otherwise, so existence does not leak), holds the permission and — for unit work —
 * belongs to the handling unit's line, that the optional expected version matches, and that the
 * lifecycle allows the step; then apply the step's own effect, write the order and append its event.
 * Two people acting at once: the second waits for the lock, then finds the state moved on (409).
 */
export async function actOnOrder(
  ctx: Context,
  input: StepInput,
  action: OrderAction,
  /** Lifecycle facts that depend on the step's input, decided on the locked row. */
  facts: (order: OrderRow) => Partial<Pick<TransitionContext, 'redo'>>,
  effect: (step: StepContext) => Promise<StepEffect> | StepEffect,
): Promise<StepResult> {
  const actor = requireActor(input.actor);
  const refs = await ctx.refs.get();
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const [order] = await tx.query<OrderRow>('SELECT * FROM orders WHERE id = $1 FOR UPDATE', [
      input.orderId,
    ]);
    if (!order || !(await canSeeOrder(tx, actor, order, refs))) throw notFound('order', input.orderId);

    const access = accessFor(action, order.state);
    if (!actor.permissions.has(access.permission)) {
      // A reviewer whose colleague already moved the order on hears that it moved on (409), not 403.
      if (permissionsFor(action).some((p) => actor.permissions.has(p)) && !canTake(order.state, action)) {
        throw new InvalidTransition(order.state, action);
      }
      throw new AppError('FORBIDDEN', { permission: access.permission, action });
    }
    if (access.unitScoped && !actsForHandlingUnit(actor, order, refs)) {
      throw new AppError('FORBIDDEN', { action, reason: 'not_handling_unit' });
    }
    if (input.expectedVersion !== undefined && input.expectedVersion !== order.version) {
      throw new AppError('VERSION_CONFLICT', {
        expectedVersion: input.expectedVersion,
        version: order.version,
      });
    }
    const to = nextState(order.state, action, {
      signed: order.signed_at !== null,
      reviewLevels: ctx.policy.reviewLevels,
      redo: facts(order).redo ?? false,
    });

    const { patch = {}, payload = {} } = await effect({ tx, actor, order, to, refs, now });
    const updated = await writeStep(tx, order, to, patch, now);
    await appendEvent(tx, {
      orderId: order.id,
      seq: updated.version,
      action,
      fromState: order.state,
      toState: to,
      actor,
      note: input.note ?? null,
      payload,
      at: now,
    });
    return { order: updated, eventSeq: updated.version };
  });
}

async function writeStep(tx: Queryable, order: OrderRow, to: OrderState, patch: OrderPatch, now: Date) {
  const merged = { ...order, ...patch, state: to };
  const facts = {
    state: to,
    signedAt: merged.signed_at,
    dispatchDueAt: merged.dispatch_due_at,
    signDueAt: merged.sign_due_at,
    handleDueAt: merged.handle_due_at,
    yellowAt: merged.yellow_at,
  };
  // Warnings already due are recorded by the scanner (exactly once); pointing next_warning_at at the
  // first relevant one, even in the past, hands them to it.
  const columns: Record<string, unknown> = {
    ...patch,
    state: to,
    card: scanWarnings(facts, now).card,
    next_warning_at: firstWarningAt(facts),
    updated_at: now,
  };
  const keys = Object.keys(columns);
  const sets = keys.map((k, i) => `${k} = $${i + 2}`).join(', ');
  const [updated] = await tx.query<OrderRow>(
    `UPDATE orders SET ${sets}, version = version + 1 WHERE id = $1 RETURNING *`,
    [order.id, ...keys.map((k) => columns[k])],
  );
  if (!updated) throw notFound('order', order.id);
  return updated;
}

export interface NewEvent {
  orderId: number;
  seq: number;
  action: OrderAction | 'create';
  fromState: OrderState | null;
  toState: OrderState;
  actor: Actor;
  note: string | null;
  payload: Record<string, unknown>;
  at: Date;
}

/** Columns and values of one timeline row; shared by appendEvent and the creating statement. */
export const EVENT_COLUMNS =
  'order_id, seq, action, from_state, to_state, actor_id, actor_unit_id, api_key_id, note, payload, created_at';

export function eventValues(e: NewEvent): unknown[] {
  return [
    e.orderId,
    e.seq,
    e.action,
    e.fromState,
    e.toState,
    e.actor.userId,
    e.actor.unitId,
    e.actor.apiKeyId,
    e.note,
    JSON.stringify(e.payload),
    e.at,
  ];
}

export async function appendEvent(tx: Queryable, e: NewEvent) {
  await tx.query(
    `INSERT INTO order_events (${EVENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    eventValues(e),
  );
}

const unitPath = (refs: ReferenceSnapshot, id: number | null) =>
  id === null ? null : refs.units.get(id)?.path;

/** Unit work is done by the handling unit or a unit above it (a parent that delegated stays accountable). */
export function actsForHandlingUnit(actor: Actor, order: OrderRow, refs: ReferenceSnapshot): boolean {
  const handling = unitPath(refs, order.handling_unit_id);
  return !!(actor.unitPath && handling && inSubtree(handling, actor.unitPath));
}

/**
 * Data scope: centre staff see every order; unit staff see orders whose lead, handling or assisting
 * unit lies in their own subtree; a channel's API key sees the orders it submitted.
 */
export async function canSeeOrder(
  q: Queryable,
  actor: Actor,
  order: OrderRow,
  refs: ReferenceSnapshot,
): Promise<boolean> {
  if (actor.permissions.has('order.read_all')) return true;
  if (actor.apiKeyId !== null) return order.api_key_id === actor.apiKeyId;
  if (!actor.permissions.has('order.read_unit') || !actor.unitPath) return false;
  const root = actor.unitPath;
  for (const id of [order.handling_unit_id, order.lead_unit_id]) {
    const p = unitPath(refs, id);
    if (p && inSubtree(p, root)) return true;
  }
  const assists = await q.query<{ unit_id: number }>(
    'SELECT unit_id FROM order_assists WHERE order_id = $1',
    [order.id],
  );
  return assists.some((a) => {
    const p = unitPath(refs, a.unit_id);
    return !!p && inSubtree(p, root);
  });
}
