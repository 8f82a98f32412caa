import { computeDeadlines, selectRule, type TimeLimitRule, yellowAtFor } from '../domain/time-limits.ts';
import type { ReferenceSnapshot, UnitRef } from '../organisation/reference-data.ts';
import type { Queryable } from '../platform/db.ts';
import { referenceNotFound, ruleViolation } from '../platform/errors.ts';
import type { OrderPatch } from './act-on-order.ts';
import type { OrderRow } from './order-row.ts';

/** The order's time-limit rule as admins keep it now (re-selected if it was deleted). */
export function ruleOf(order: OrderRow, refs: ReferenceSnapshot): TimeLimitRule {
  const kept = refs.rules.find((r) => r.id === order.time_limit_rule_id && r.active);
  if (kept) return kept;
  const category = order.category_id ? refs.categories.get(order.category_id) : undefined;
  return selectRule(
    refs.rules,
    {
      requestType: order.request_type,
      urgency: order.urgency,
      categoryPath: category?.pathIds ?? [],
      at: order.created_at,
    },
    refs.calendar,
  );
}

/**
 * Clocks of a (re)dispatch: sign, return and handle deadlines run from `now`. A 疑难 order may get
 * a handling deadline set by the coordinating leader instead of the rule's.
 */
export function dispatchClocks(
  order: OrderRow,
  refs: ReferenceSnapshot,
  now: Date,
  handleDueOverride?: Date,
): OrderPatch {
  const rule = ruleOf(order, refs);
  const d = computeDeadlines(rule, { createdAt: order.created_at, dispatchedAt: now }, refs.calendar);
  const handleDueAt = handleDueOverride ?? d.handleDueAt;
  return {
    time_limit_rule_id: rule.id,
    dispatched_at: now,
    signed_at: null,
    sign_due_at: d.signDueAt,
    return_due_at: d.returnDueAt,
    handle_due_at: handleDueAt,
    yellow_at: handleDueOverride
      ? yellowAtFor(now, handleDueAt, rule.yellowShare, rule.handleLimit, refs.calendar)
      : d.yellowAt,
  };
}

/** A new handling deadline (extension, leader's setting) keeps the yellow warning at the same share. */
export function movedHandleDeadline(order: OrderRow, refs: ReferenceSnapshot, due: Date): OrderPatch {
  const rule = ruleOf(order, refs);
  const start = order.dispatched_at ?? order.created_at;
  return {
    handle_due_at: due,
    yellow_at: yellowAtFor(start, due, rule.yellowShare, rule.handleLimit, refs.calendar),
  };
}

/** A unit that can receive orders: it exists, is active and is not the hotline centre itself. */
export function requireHandlingUnit(refs: ReferenceSnapshot, id: number, field: string): UnitRef {
  const unit = refs.units.get(id);
  if (!unit?.active) throw referenceNotFound(field, id);
  if (unit.kind === 'centre') throw ruleViolation(field, '热线中心不能作为承办单位');
  return unit;
}

/**
 * Attaches uploaded files to the order: each must exist and be the actor's own upload not yet
 * linked elsewhere, or already belong to this order.
 */
export async function linkAttachments(
  tx: Queryable,
  o: { orderId: number; actorUserId: number | null; ids: readonly number[]; field: string },
) {
  const { orderId, ids, field } = o;
  if (ids.length === 0) return;
  const linked = await tx.query<{ id: number }>(
    `UPDATE attachments SET order_id = $1 WHERE id = ANY($2)
       AND (order_id = $1 OR (order_id IS NULL AND uploaded_by IS NOT DISTINCT FROM $3)) RETURNING id`,
    [orderId, ids, o.actorUserId],
  );
  const found = new Set(linked.map((r) => r.id));
  const missing = ids.find((id) => !found.has(id));
  if (missing !== undefined) throw referenceNotFound(field, missing);
}

export async function replaceAssists(tx: Queryable, orderId: number, unitIds: readonly number[]) {
  await tx.query('DELETE FROM order_assists WHERE order_id = $1', [orderId]);
  if (unitIds.length > 0) {
    await tx.query('INSERT INTO order_assists (order_id, unit_id) SELECT $1, unnest($2::int[])', [
      orderId,
      unitIds,
    ]);
  }
}
