/**
 * Steps after the reply: 审核 (unit, then centre), 回访 with 差评重办, and closing an order whose
 * citizen cannot be visited.
 */
import type { Context } from '../context.ts';
import type { Satisfaction } from '../domain/reference.ts';
import { ruleViolation } from '../platform/errors.ts';
import { actOnOrder, noFacts, type StepInput } from './act-on-order.ts';
import { dispatchClocks } from './step-helpers.ts';

export function approveReview(ctx: Context, o: StepInput) {
  return actOnOrder(ctx, o, 'approve_review', noFacts, ({ order }) => ({
    payload: { level: order.state === 'unit_review' ? 'unit' : 'centre' },
  }));
}

export function rejectReview(ctx: Context, o: StepInput & { reason: string }) {
  return actOnOrder(ctx, o, 'reject_review', noFacts, ({ order }) => ({
    payload: { level: order.state === 'unit_review' ? 'unit' : 'centre', reason: o.reason },
  }));
}

export interface VisitOptions extends StepInput {
  method: 'phone' | 'sms' | 'online';
  satisfaction: Satisfaction;
  resolved: boolean;
  redo?: boolean | undefined;
}

/**
 * 回访. A dissatisfied or unresolved result re-opens the order to its lead unit (重办) with fresh
 * clocks, unless the reply was a 最终答复 or the visitor rules the demand unreasonable (redo: false,
 * with a note saying why).
 */
export function visitOrder(ctx: Context, o: VisitOptions) {
  const unhappy = o.satisfaction === 'dissatisfied' || !o.resolved;
  if (unhappy && o.redo === false && !o.note) throw ruleViolation('note', '不重办时须说明理由');
  const redoFor = (order: { final_reply: boolean }) => unhappy && !order.final_reply && o.redo !== false;
  return actOnOrder(
    ctx,
    o,
    'visit',
    (order) => ({ redo: redoFor(order) }),
    ({ order, refs, now }) => {
      const redo = redoFor(order);
      const base = { satisfaction: o.satisfaction, resolved: o.resolved };
      const payload = { method: o.method, ...base, redo, finalReply: order.final_reply };
      if (!redo) return { patch: { ...base, closed_at: now, close_kind: 'visited' }, payload };
      return {
        patch: {
          ...base,
          ...dispatchClocks(order, refs, now),
          handling_unit_id: order.lead_unit_id,
          redo_count: order.redo_count + 1,
          replied_at: null,
          final_reply: false,
        },
        payload,
      };
    },
  );
}

export function closeUnvisited(ctx: Context, o: StepInput & { reason: 'unreachable' | 'declined_visit' }) {
  return actOnOrder(ctx, o, 'close', noFacts, ({ now }) => ({
    patch: { closed_at: now, close_kind: o.reason },
    payload: { reason: o.reason },
  }));
}
