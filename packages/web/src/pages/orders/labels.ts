import type { OrderState } from '../../api/types.ts';

export { ORDER_STATE_LABELS as STATE_LABELS } from '../../../../server/src/domain/order-lifecycle.ts';
/**
 * The Chinese words for states, request types, urgencies, channels and satisfaction come from the
 * server's pure domain rules (one source for API, documents and screens); the compiler checks them
 * against the generated API enums wherever they are used.
 */
export {
  CHANNEL_LABELS,
  REQUEST_TYPE_LABELS,
  SATISFACTION_LABELS,
  URGENCY_LABELS,
} from '../../../../server/src/domain/reference.ts';

/** Tag colours by kind: waiting on the centre (gold), at the unit (blue), in review (purple), done. */
export const STATE_COLORS: Record<OrderState, string> = {
  pending_dispatch: 'gold',
  dispatched: 'blue',
  handling: 'processing',
  return_requested: 'volcano',
  unit_review: 'purple',
  centre_review: 'purple',
  visit_pending: 'cyan',
  closed: 'success',
  merged: 'default',
  withdrawn: 'default',
};
