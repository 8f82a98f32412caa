/**
 * The life of a work order (工单), DOMAIN.md §5, as a pure state machine: a table of which action may
 * be taken in which state and where it leads. Services ask `nextState` before they write anything;
 * a refused step is an `InvalidTransition` that names the current state and the action.
 */

export const ORDER_STATES = [
  'pending_dispatch',
  'dispatched',
  'handling',
  'return_requested',
  'unit_review',
  'centre_review',
  'visit_pending',
  'closed',
  'merged',
  'withdrawn',
] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export const ORDER_STATE_LABELS: Record<OrderState, string> = {
  pending_dispatch: '待派单',
  dispatched: '待签收',
  handling: '办理中',
  return_requested: '退单待审',
  unit_review: '待单位审核',
  centre_review: '待中心审核',
  visit_pending: '待回访',
  closed: '已办结',
  merged: '已合并',
  withdrawn: '已撤销',
};

/** Terminal states: nothing happens to the order any more. */
export const FINAL_STATES: ReadonlySet<OrderState> = new Set(['closed', 'merged', 'withdrawn']);
export const isOpen = (state: OrderState) => !FINAL_STATES.has(state);

/** States in which the unit's handling clock runs (it stops once a reply is submitted). */
export const HANDLING_CLOCK_STATES: ReadonlySet<OrderState> = new Set([
  'dispatched',
  'handling',
  'return_requested',
]);

export const ORDER_ACTIONS = [
  'direct_answer',
  'dispatch',
  'sign',
  'return',
  'accept_return',
  'reject_return',
  'reassign',
  'delegate',
  'request_extension',
  'approve_extension',
  'refuse_extension',
  'set_deadline',
  'reply',
  'approve_review',
  'reject_review',
  'visit',
  'close',
  'merge',
  'withdraw',
] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

export const ORDER_ACTION_LABELS: Record<OrderAction, string> = {
  direct_answer: '直接答复',
  dispatch: '派单',
  sign: '签收',
  return: '退单',
  accept_return: '同意退单',
  reject_return: '驳回退单',
  reassign: '改派',
  delegate: '下派',
  request_extension: '申请延期',
  approve_extension: '批准延期',
  refuse_extension: '驳回延期',
  set_deadline: '设定办理时限',
  reply: '答复',
  approve_review: '审核通过',
  reject_review: '审核驳回',
  visit: '回访',
  close: '办结',
  merge: '合并',
  withdraw: '撤销',
};

/** Which reply reviews a deployment requires after the handler's own self-check. */
export type ReviewLevel = 'unit' | 'centre';

/** Facts about the order and the step that decide where a step leads. */
export interface TransitionContext {
  /** The handling unit has signed since the last dispatch (decides where a rejected return goes back to). */
  signed: boolean;
  /** Review levels in force, in order; may be empty (then a reply goes straight to the visit). */
  reviewLevels: readonly ReviewLevel[];
  /** For `visit`: the citizen is not satisfied or the matter is not resolved, and the order is redone. */
  redo: boolean;
}

type Target = OrderState | 'same' | ((state: OrderState, ctx: TransitionContext) => OrderState);

interface TransitionRule {
  from: readonly OrderState[];
  to: Target;
}

const OPEN_STATES = ORDER_STATES.filter(isOpen);
const IN_UNIT = ['dispatched', 'handling'] as const;

function afterReview(level: ReviewLevel | 'self', levels: readonly ReviewLevel[]): OrderState {
  const next = level === 'self' ? levels[0] : levels[levels.indexOf(level) + 1];
  if (next === 'unit') return 'unit_review';
  if (next === 'centre') return 'centre_review';
  return 'visit_pending';
}

export const TRANSITIONS: Record<OrderAction, TransitionRule> = {
  direct_answer: { from: ['pending_dispatch'], to: 'closed' },
  dispatch: { from: ['pending_dispatch'], to: 'dispatched' },
  sign: { from: ['dispatched'], to: 'handling' },
  return: { from: IN_UNIT, to: 'return_requested' },
  accept_return: { from: ['return_requested'], to: 'pending_dispatch' },
  reject_return: { from: ['return_requested'], to: (_s, ctx) => (ctx.signed ? 'handling' : 'dispatched') },
  reassign: { from: ['dispatched', 'handling', 'return_requested'], to: 'dispatched' },
  delegate: { from: IN_UNIT, to: 'dispatched' },
  request_extension: { from: ['handling'], to: 'same' },
  approve_extension: {
    from: ['dispatched', 'handling', 'return_requested', 'unit_review', 'centre_review'],
    to: 'same',
  },
  refuse_extension: {
    from: ['dispatched', 'handling', 'return_requested', 'unit_review', 'centre_review'],
    to: 'same',
  },
  set_deadline: { from: ['dispatched', 'handling'], to: 'same' },
  reply: { from: ['handling'], to: (_s, ctx) => afterReview('self', ctx.reviewLevels) },
  approve_review: {
    from: ['unit_review', 'centre_review'],
    to: (s, ctx) => afterReview(s === 'unit_review' ? 'unit' : 'centre', ctx.reviewLevels),
  },
  reject_review: { from: ['unit_review', 'centre_review'], to: 'handling' },
  visit: { from: ['visit_pending'], to: (_s, ctx) => (ctx.redo ? 'dispatched' : 'closed') },
  close: { from: ['visit_pending'], to: 'closed' },
  merge: { from: ['pending_dispatch', 'dispatched', 'handling', 'return_requested'], to: 'merged' },
  withdraw: { from: OPEN_STATES, to: 'withdrawn' },
};

export class InvalidTransition extends Error {
  constructor(
    readonly state: OrderState,
    readonly action: OrderAction,
  ) {
    super(`工单当前状态为「${ORDER_STATE_LABELS[state]}」，不能执行「${ORDER_ACTION_LABELS[action]}」`);
    this.name = 'InvalidTransition';
  }
}

export const canTake = (state: OrderState, action: OrderAction) => TRANSITIONS[action].from.includes(state);

/** The state an action leads to from `state`, or an InvalidTransition. */
export function nextState(state: OrderState, action: OrderAction, ctx: TransitionContext): OrderState {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(state)) throw new InvalidTransition(state, action);
  if (rule.to === 'same') return state;
  if (typeof rule.to === 'function') return rule.to(state, ctx);
  return rule.to;
}

/** Actions that may be offered to someone looking at an order in this state (before permissions). */
export const actionsFrom = (state: OrderState): OrderAction[] =>
  ORDER_ACTIONS.filter((a) => canTake(state, a));
