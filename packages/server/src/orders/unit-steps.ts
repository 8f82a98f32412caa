/**
 * Steps the handling unit takes: 签收, 退单 (within the return window), 下派 down its own subtree,
 * 申请延期 and 答复 (with the handler's self-check, and 最终答复 signed by the unit's head).
 */
import type { Context } from '../context.ts';
import { addLimit } from '../domain/time-limits.ts';
import { AppError, ruleViolation } from '../platform/errors.ts';
import { actOnOrder, noFacts, type StepInput } from './act-on-order.ts';
import { linkAttachments, requireHandlingUnit, ruleOf } from './step-helpers.ts';

export function signOrder(ctx: Context, o: StepInput) {
  return actOnOrder(ctx, o, 'sign', noFacts, ({ order, now }) => ({
    patch: { signed_at: now },
    payload: { unitId: order.handling_unit_id, late: order.sign_due_at !== null && now > order.sign_due_at },
  }));
}

export function returnOrder(
  ctx: Context,
  o: StepInput & { reason: string; evidenceAttachmentIds: readonly number[] },
) {
  return actOnOrder(ctx, o, 'return', noFacts, async ({ tx, actor, order, now }) => {
    if (order.return_due_at && now > order.return_due_at) {
      throw new AppError('RETURN_WINDOW_PASSED', { returnDueAt: order.return_due_at.toISOString() });
    }
    await linkAttachments(tx, {
      orderId: order.id,
      actorUserId: actor.userId,
      ids: o.evidenceAttachmentIds,
      field: 'evidenceAttachmentIds',
    });
    return {
      patch: { return_count: order.return_count + 1 },
      payload: {
        reason: o.reason,
        evidenceAttachmentIds: o.evidenceAttachmentIds,
        unitId: order.handling_unit_id,
      },
    };
  });
}

/** 下派: the unit passes the order to a unit below it and stays accountable; that unit signs anew. */
export function delegateOrder(ctx: Context, o: StepInput & { unitId: number }) {
  return actOnOrder(ctx, o, 'delegate', noFacts, ({ order, refs, now }) => {
    const target = requireHandlingUnit(refs, o.unitId, 'unitId');
    const current = order.handling_unit_id ? refs.units.get(order.handling_unit_id) : undefined;
    if (!current || target.id === current.id || !target.path.startsWith(current.path)) {
      throw ruleViolation('unitId', '只能下派给本单位的下级单位');
    }
    return {
      patch: {
        handling_unit_id: target.id,
        signed_at: null,
        sign_due_at: addLimit(now, ruleOf(order, refs).signLimit, refs.calendar),
      },
      payload: { fromUnitId: current.id, toUnitId: target.id },
    };
  });
}

export function requestExtension(ctx: Context, o: StepInput & { reason: string; requestedDueAt: Date }) {
  return actOnOrder(ctx, o, 'request_extension', noFacts, async ({ tx, actor, order, now }) => {
    if (!order.handle_due_at || now >= order.handle_due_at) {
      throw ruleViolation('requestedDueAt', '延期须在办理时限届满前申请');
    }
    if (o.requestedDueAt <= order.handle_due_at) {
      throw ruleViolation('requestedDueAt', '申请的期限必须晚于当前办理时限');
    }
    const [ext] = await tx.query<{ id: number }>(
      `INSERT INTO order_extensions (order_id, requested_by, reason, requested_due_at, created_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id`,
      [order.id, actor.userId, o.reason, o.requestedDueAt, now],
    );
    if (!ext) throw new AppError('EXTENSION_PENDING', { orderId: order.id });
    return { payload: { extensionId: ext.id, reason: o.reason, requestedDueAt: o.requestedDueAt } };
  });
}

export interface ReplyOptions extends StepInput {
  content: string;
  contactedCitizen: boolean;
  attachmentIds: readonly number[];
  finalReply?: { signedBy: string; evidenceAttachmentIds: readonly number[] } | undefined;
}

/** 答复: the reply goes to review (or straight to the visit when no review level is configured). */
export function replyToOrder(ctx: Context, o: ReplyOptions) {
  return actOnOrder(ctx, o, 'reply', noFacts, async ({ tx, actor, order, now }) => {
    await linkAttachments(tx, {
      orderId: order.id,
      actorUserId: actor.userId,
      ids: o.attachmentIds,
      field: 'attachmentIds',
    });
    if (o.finalReply) {
      if (o.finalReply.evidenceAttachmentIds.length === 0) {
        throw ruleViolation('finalReply.evidenceAttachmentIds', '最终答复须附签批件等证明材料');
      }
      await linkAttachments(tx, {
        orderId: order.id,
        actorUserId: actor.userId,
        ids: o.finalReply.evidenceAttachmentIds,
        field: 'finalReply.evidenceAttachmentIds',
      });
    }
    return {
      patch: { replied_at: now, final_reply: o.finalReply !== undefined },
      payload: {
        content: o.content,
        contactedCitizen: o.contactedCitizen,
        attachmentIds: o.attachmentIds,
        finalReply: o.finalReply ?? null,
        unitId: order.handling_unit_id,
        late: order.handle_due_at !== null && now > order.handle_due_at,
      },
    };
  });
}
