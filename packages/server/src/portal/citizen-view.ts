/**
 * What a citizen may see of an order: its progress in plain words, never staff names, internal
 * notes, returns between units or review decisions (issue 3: "no staff names or internal notes").
 */
import type { OrderAction, OrderState } from '../domain/order-lifecycle.ts';

export const CITIZEN_STATE_LABELS: Record<OrderState, string> = {
  pending_dispatch: '已受理',
  dispatched: '办理中',
  handling: '办理中',
  return_requested: '办理中',
  unit_review: '办理中',
  centre_review: '办理中',
  visit_pending: '已答复，待评价',
  closed: '已办结',
  merged: '已合并办理',
  withdrawn: '已撤销',
};

export interface TimelineEvent {
  action: OrderAction | 'create';
  toState: OrderState;
  payload: Record<string, unknown>;
  at: Date;
}

export interface CitizenStep {
  at: string;
  text: string;
}

/** Names of units are public (citizens may know who handles their matter); people are not. */
export function citizenSteps(
  events: readonly TimelineEvent[],
  unitName: (id: unknown) => string | undefined,
) {
  const steps: CitizenStep[] = [];
  const say = (at: Date, text: string) => steps.push({ at: at.toISOString(), text });
  for (const e of events) {
    switch (e.action) {
      case 'create':
        say(e.at, '您的诉求已受理');
        break;
      case 'direct_answer':
        say(e.at, '热线已直接答复');
        break;
      case 'dispatch':
      case 'reassign': {
        const unit = unitName(e.payload.leadUnitId);
        say(e.at, unit ? `已转交${unit}办理` : '已转交承办单位办理');
        break;
      }
      case 'sign':
        say(e.at, '承办单位已接单，正在办理');
        break;
      case 'approve_extension':
        say(e.at, '因办理需要，办理期限已延长');
        break;
      case 'approve_review':
        if (e.toState === 'visit_pending') say(e.at, '承办单位已答复');
        break;
      case 'visit':
        say(e.at, e.toState === 'closed' ? '回访已完成，诉求已办结' : '根据您的评价，已要求承办单位重新办理');
        break;
      case 'close':
        say(e.at, '诉求已办结');
        break;
      case 'merge':
        say(e.at, `与相同诉求合并办理（工单 ${String(e.payload.intoOrderNumber ?? '')}）`);
        break;
      case 'withdraw':
        say(e.at, '诉求已撤销');
        break;
      default:
        // Internal steps (returns, delegation, reviews, deadlines) are not shown to citizens.
        break;
    }
  }
  return steps;
}

/**
 * The answer a citizen may read: a direct answer at once, a unit's reply only after it passed
 * review (the order reached the visit or was closed after it).
 */
export function citizenAnswer(events: readonly TimelineEvent[]): { content: string; at: string } | null {
  let lastReply: TimelineEvent | undefined;
  let answer: { content: string; at: string } | null = null;
  for (const e of events) {
    if (e.action === 'direct_answer')
      answer = { content: String(e.payload.answer ?? ''), at: e.at.toISOString() };
    if (e.action === 'reply') lastReply = e;
    // With no review levels configured, a reply goes straight to the visit.
    if (e.action === 'reply' && e.toState === 'visit_pending') {
      answer = { content: String(e.payload.content ?? ''), at: e.at.toISOString() };
    }
    if (e.action === 'reject_review') lastReply = undefined;
    if (e.action === 'approve_review' && e.toState === 'visit_pending' && lastReply) {
      answer = { content: String(lastReply.payload.content ?? ''), at: e.at.toISOString() };
    }
    if (e.action === 'visit' && e.toState === 'dispatched') answer = null;
  }
  return answer;
}
