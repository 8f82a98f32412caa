/**
 * Steps the hotline centre takes: 直接答复, 派单 and 改派 (with 主办/协办 and dual dispatch), ruling on
 * 退单, deciding 延期, setting a 疑难 order's deadline, 合并 and 撤销.
 */
import type { Context } from '../context.ts';
import { isOpen } from '../domain/order-lifecycle.ts';
import { addLimit } from '../domain/time-limits.ts';
import { AppError, ruleViolation } from '../platform/errors.ts';
import { actOnOrder, canSeeOrder, noFacts, type StepContext, type StepInput } from './act-on-order.ts';
import type { OrderRow } from './order-row.ts';
import {
  dispatchClocks,
  movedHandleDeadline,
  replaceAssists,
  requireHandlingUnit,
  ruleOf,
} from './step-helpers.ts';

export function directAnswer(
  ctx: Context,
  o: StepInput & { answer: string; knowledgeEntryId?: number | undefined },
) {
  return actOnOrder(ctx, o, 'direct_answer', noFacts, ({ now }) => ({
    patch: { closed_at: now, close_kind: 'direct_answer' },
    payload: { answer: o.answer, knowledgeEntryId: o.knowledgeEntryId ?? null },
  }));
}

export interface DispatchOptions extends StepInput {
  leadUnitId: number;
  assistUnitIds: readonly number[];
  handleDueAt?: Date | undefined;
}

/** 派单 (and 改派, the same decision taken again): one lead unit, any assisting units. */
export function dispatchOrder(ctx: Context, o: DispatchOptions) {
  return actOnOrder(ctx, o, 'dispatch', noFacts, (step) => dispatchEffect(o, step));
}

export function reassignOrder(ctx: Context, o: DispatchOptions) {
  return actOnOrder(ctx, o, 'reassign', noFacts, (step) => dispatchEffect(o, step));
}

async function dispatchEffect(o: DispatchOptions, { tx, order, refs, now }: StepContext) {
  requireHandlingUnit(refs, o.leadUnitId, 'leadUnitId');
  const assists = [...new Set(o.assistUnitIds)];
  assists.forEach((id, i) => {
    requireHandlingUnit(refs, id, `assistUnitIds.${i}`);
  });
  if (assists.includes(o.leadUnitId)) throw ruleViolation('assistUnitIds', '主办单位不能同时是协办单位');
  if (o.handleDueAt) {
    if (order.urgency !== 'difficult') throw ruleViolation('handleDueAt', '只有疑难工单可以单独设定办理时限');
    if (o.handleDueAt <= now) throw ruleViolation('handleDueAt', '办理时限必须晚于当前时间');
  }
  await replaceAssists(tx, order.id, assists);
  const clocks = dispatchClocks(order, refs, now, o.handleDueAt);
  return {
    patch: {
      ...clocks,
      lead_unit_id: o.leadUnitId,
      handling_unit_id: o.leadUnitId,
      dispatch_count: order.dispatch_count + 1,
    },
    payload: {
      leadUnitId: o.leadUnitId,
      assistUnitIds: assists,
      previousLeadUnitId: order.lead_unit_id,
      signDueAt: clocks.sign_due_at,
      returnDueAt: clocks.return_due_at,
      handleDueAt: clocks.handle_due_at,
    },
  };
}

/** 同意退单: the order goes back to the dispatch queue with a fresh dispatch clock. */
export function acceptReturn(ctx: Context, o: StepInput) {
  return actOnOrder(ctx, o, 'accept_return', noFacts, ({ order, refs, now }) => {
    const dispatchDueAt = addLimit(now, ruleOf(order, refs).dispatchLimit, refs.calendar);
    return {
      patch: {
        lead_unit_id: null,
        handling_unit_id: null,
        dispatch_due_at: dispatchDueAt,
        sign_due_at: null,
        return_due_at: null,
        handle_due_at: null,
        yellow_at: null,
        signed_at: null,
      },
      payload: { returnedByUnitId: order.handling_unit_id },
    };
  });
}

/** 驳回退单: the unit keeps the order, where it was before it returned it. */
export function rejectReturn(ctx: Context, o: StepInput & { reason: string }) {
  return actOnOrder(ctx, o, 'reject_return', noFacts, () => ({ payload: { reason: o.reason } }));
}

export function approveExtension(ctx: Context, o: StepInput) {
  return actOnOrder(ctx, o, 'approve_extension', noFacts, async ({ tx, actor, order, refs, now }) => {
    const ext = await decidePending(tx, order, 'approved', { actor, note: o.note }, now);
    return {
      patch: {
        ...movedHandleDeadline(order, refs, ext.requested_due_at),
        extension_count: order.extension_count + 1,
      },
      payload: { extensionId: ext.id, previousDueAt: order.handle_due_at, handleDueAt: ext.requested_due_at },
    };
  });
}

export function refuseExtension(ctx: Context, o: StepInput) {
  return actOnOrder(ctx, o, 'refuse_extension', noFacts, async ({ tx, actor, order, now }) => {
    const ext = await decidePending(tx, order, 'refused', { actor, note: o.note }, now);
    return { payload: { extensionId: ext.id } };
  });
}

async function decidePending(
  tx: StepContext['tx'],
  order: OrderRow,
  status: 'approved' | 'refused',
  o: { actor: StepContext['actor']; note?: string | undefined },
  now: Date,
) {
  const [ext] = await tx.query<{ id: number; requested_due_at: Date }>(
    `UPDATE order_extensions SET status = $2, decided_by = $3, decided_at = $4, decision_note = $5
     WHERE order_id = $1 AND status = 'pending' RETURNING id, requested_due_at`,
    [order.id, status, o.actor.userId, now, o.note ?? null],
  );
  if (!ext) throw new AppError('NO_PENDING_EXTENSION', { orderId: order.id });
  return ext;
}

/** 疑难: the coordinating leader sets the handling deadline of this one order. */
export function setDeadline(ctx: Context, o: StepInput & { handleDueAt: Date }) {
  return actOnOrder(ctx, o, 'set_deadline', noFacts, ({ order, refs, now }) => {
    if (order.urgency !== 'difficult') throw ruleViolation('handleDueAt', '只有疑难工单可以单独设定办理时限');
    if (o.handleDueAt <= now) throw ruleViolation('handleDueAt', '办理时限必须晚于当前时间');
    return {
      patch: movedHandleDeadline(order, refs, o.handleDueAt),
      payload: { previousDueAt: order.handle_due_at, handleDueAt: o.handleDueAt },
    };
  });
}

/** 合并: a duplicate is closed into the order that carries the matter on. */
export function mergeOrder(ctx: Context, o: StepInput & { intoOrderId: number }) {
  return actOnOrder(ctx, o, 'merge', noFacts, async ({ tx, actor, order, refs, now }) => {
    if (o.intoOrderId === order.id) throw ruleViolation('intoOrderId', '不能合并到工单自身');
    const [target] = await tx.query<OrderRow>('SELECT * FROM orders WHERE id = $1 FOR UPDATE', [
      o.intoOrderId,
    ]);
    if (!target || !(await canSeeOrder(tx, actor, target, refs))) {
      throw ruleViolation('intoOrderId', `工单 ${o.intoOrderId} 不存在`);
    }
    if (!isOpen(target.state))
      throw ruleViolation(
        'intoOrderId',
        `工单 ${target.number} 已${target.state === 'merged' ? '合并' : '结束'}，不能并入`,
      );
    return {
      patch: { merged_into_id: target.id, closed_at: now, close_kind: 'merged' },
      payload: { intoOrderId: target.id, intoOrderNumber: target.number },
    };
  });
}

/** 撤销: the citizen withdraws the request. */
export function withdrawOrder(ctx: Context, o: StepInput & { reason: string }) {
  return actOnOrder(ctx, o, 'withdraw', noFacts, ({ now }) => ({
    patch: { closed_at: now, close_kind: 'withdrawn' },
    payload: { reason: o.reason },
  }));
}
