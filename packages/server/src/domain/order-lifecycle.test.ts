import { describe, expect, it } from 'vitest';
import {
  actionsFrom,
  FINAL_STATES,
  InvalidTransition,
  nextState,
  ORDER_ACTION_LABELS,
  ORDER_ACTIONS,
  ORDER_STATE_LABELS,
  ORDER_STATES,
  type OrderAction,
  type OrderState,
  TRANSITIONS,
  type TransitionContext,
} from './order-lifecycle.ts';

const base: TransitionContext = { signed: false, reviewLevels: ['unit', 'centre'], redo: false };

/**
 * The whole table, written out by hand from DOMAIN.md §5: for every state, where each allowed
 * action leads with the default facts. Anything missing here must be refused.
 */
const EXPECTED: Record<OrderState, Partial<Record<OrderAction, OrderState>>> = {
  pending_dispatch: {
    direct_answer: 'closed',
    dispatch: 'dispatched',
    merge: 'merged',
    withdraw: 'withdrawn',
  },
  dispatched: {
    sign: 'handling',
    return: 'return_requested',
    reassign: 'dispatched',
    delegate: 'dispatched',
    approve_extension: 'dispatched',
    refuse_extension: 'dispatched',
    set_deadline: 'dispatched',
    merge: 'merged',
    withdraw: 'withdrawn',
  },
  handling: {
    return: 'return_requested',
    reassign: 'dispatched',
    delegate: 'dispatched',
    request_extension: 'handling',
    approve_extension: 'handling',
    refuse_extension: 'handling',
    set_deadline: 'handling',
    reply: 'unit_review',
    merge: 'merged',
    withdraw: 'withdrawn',
  },
  return_requested: {
    accept_return: 'pending_dispatch',
    reject_return: 'dispatched',
    reassign: 'dispatched',
    approve_extension: 'return_requested',
    refuse_extension: 'return_requested',
    merge: 'merged',
    withdraw: 'withdrawn',
  },
  unit_review: {
    approve_review: 'centre_review',
    reject_review: 'handling',
    approve_extension: 'unit_review',
    refuse_extension: 'unit_review',
    withdraw: 'withdrawn',
  },
  centre_review: {
    approve_review: 'visit_pending',
    reject_review: 'handling',
    approve_extension: 'centre_review',
    refuse_extension: 'centre_review',
    withdraw: 'withdrawn',
  },
  visit_pending: { visit: 'closed', close: 'closed', withdraw: 'withdrawn' },
  closed: {},
  merged: {},
  withdrawn: {},
};

describe('every state × every action', () => {
  const cases = ORDER_STATES.flatMap((state) => ORDER_ACTIONS.map((action) => [state, action] as const));
  it.each(cases)('%s + %s', (state, action) => {
    const expected = EXPECTED[state][action];
    if (expected === undefined) {
      expect(() => nextState(state, action, base)).toThrow(InvalidTransition);
    } else {
      expect(nextState(state, action, base)).toBe(expected);
    }
  });

  it('actionsFrom lists exactly the allowed actions', () => {
    for (const state of ORDER_STATES) {
      expect(new Set(actionsFrom(state))).toEqual(new Set(Object.keys(EXPECTED[state])));
    }
  });
});

describe('transitions that depend on facts', () => {
  it('a rejected return goes back to handling once signed, else to awaiting sign', () => {
    expect(nextState('return_requested', 'reject_return', { ...base, signed: true })).toBe('handling');
    expect(nextState('return_requested', 'reject_return', { ...base, signed: false })).toBe('dispatched');
  });

  it.each([
    [['unit', 'centre'], 'unit_review', 'centre_review', 'visit_pending'],
    [['centre'], 'centre_review', null, 'visit_pending'],
    [['unit'], 'unit_review', null, 'visit_pending'],
  ] as const)('review levels %j: reply → %s', (levels, afterReply, afterUnit, afterLast) => {
    const ctx = { ...base, reviewLevels: levels };
    expect(nextState('handling', 'reply', ctx)).toBe(afterReply);
    if (afterUnit) expect(nextState('unit_review', 'approve_review', ctx)).toBe(afterUnit);
    expect(nextState(levels.length === 2 ? 'centre_review' : afterReply, 'approve_review', ctx)).toBe(
      afterLast,
    );
  });

  it('with no review levels a reply goes straight to the visit', () => {
    expect(nextState('handling', 'reply', { ...base, reviewLevels: [] })).toBe('visit_pending');
  });

  it('a visit closes, or re-opens the order to the unit (重办)', () => {
    expect(nextState('visit_pending', 'visit', { ...base, redo: false })).toBe('closed');
    expect(nextState('visit_pending', 'visit', { ...base, redo: true })).toBe('dispatched');
  });
});

describe('final states and labels', () => {
  it('nothing leaves a final state', () => {
    for (const state of FINAL_STATES) expect(actionsFrom(state)).toEqual([]);
  });

  it('every state and action has a Chinese label', () => {
    for (const s of ORDER_STATES) expect(ORDER_STATE_LABELS[s]).toMatch(/[\u4e00-\u9fa5]/);
    for (const a of ORDER_ACTIONS) expect(ORDER_ACTION_LABELS[a]).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('the refusal names the current state and the action in Chinese', () => {
    const err = (() => {
      try {
        nextState('closed', 'sign', base);
      } catch (e) {
        return e as InvalidTransition;
      }
    })();
    expect(err).toBeInstanceOf(InvalidTransition);
    expect(err?.state).toBe('closed');
    expect(err?.action).toBe('sign');
    expect(err?.message).toBe('工单当前状态为「已办结」，不能执行「签收」');
  });

  it('every action can be taken from at least one state', () => {
    for (const a of ORDER_ACTIONS) expect(TRANSITIONS[a].from.length).toBeGreaterThan(0);
  });
});
