import { describe, expect, it } from 'vitest';
import type { OrderState } from './order-lifecycle.ts';
import { firstWarningAt, type OrderClockFacts, scanWarnings, warningsFor } from './time-limit-warnings.ts';

const d = (s: string) => new Date(`2026-03-0${s}+08:00`);
const facts = (state: OrderState, over: Partial<OrderClockFacts> = {}): OrderClockFacts => ({
  state,
  signedAt: null,
  dispatchDueAt: d('2T10:00:00'),
  signDueAt: d('2T12:00:00'),
  handleDueAt: d('9T17:30:00'),
  yellowAt: d('6T15:00:00'),
  ...over,
});

describe('which warnings apply in which state', () => {
  it.each([
    ['pending_dispatch', null, ['dispatch/red']],
    ['dispatched', null, ['sign/red', 'handle/yellow', 'handle/red']],
    ['dispatched', d('2T11:00:00'), ['handle/yellow', 'handle/red']],
    ['handling', d('2T11:00:00'), ['handle/yellow', 'handle/red']],
    ['return_requested', d('2T11:00:00'), ['handle/yellow', 'handle/red']],
    ['unit_review', d('2T11:00:00'), []],
    ['centre_review', d('2T11:00:00'), []],
    ['visit_pending', d('2T11:00:00'), []],
    ['closed', d('2T11:00:00'), []],
    ['merged', null, []],
    ['withdrawn', null, []],
  ] as const)('%s (signed %s): %j', (state, signedAt, expected) => {
    expect(warningsFor(facts(state, { signedAt })).map((w) => `${w.clock}/${w.level}`)).toEqual(expected);
  });

  it('red warnings fire at the deadline, yellow at the yellow instant, both about the deadline', () => {
    const [yellow, red] = warningsFor(facts('handling', { signedAt: d('2T11:00:00') }));
    expect(yellow).toEqual({
      clock: 'handle',
      level: 'yellow',
      dueAt: d('9T17:30:00'),
      firesAt: d('6T15:00:00'),
    });
    expect(red).toEqual({ clock: 'handle', level: 'red', dueAt: d('9T17:30:00'), firesAt: d('9T17:30:00') });
  });
});

describe('scanning', () => {
  const handling = facts('handling', { signedAt: d('2T11:00:00') });

  it.each([
    [d('5T09:00:00'), [], 'none', d('6T15:00:00')],
    [d('6T15:00:00'), ['yellow'], 'yellow', d('9T17:30:00')],
    [d('9T17:30:00'), ['yellow', 'red'], 'red', null],
  ] as const)('at %s: due %j, card %s, next %s', (now, due, card, next) => {
    const scan = scanWarnings(handling, now);
    expect(scan.due.map((w) => w.level)).toEqual(due);
    expect(scan.card).toBe(card);
    expect(scan.nextAt).toEqual(next);
  });

  it('an unsigned order past its sign limit is red although its handling time is young', () => {
    expect(scanWarnings(facts('dispatched'), d('2T12:00:01')).card).toBe('red');
  });

  it('firstWarningAt is the earliest relevant warning, or null when no clock runs', () => {
    expect(firstWarningAt(facts('dispatched'))).toEqual(d('2T12:00:00'));
    expect(firstWarningAt(facts('closed'))).toBeNull();
    expect(firstWarningAt(facts('handling', { handleDueAt: null, yellowAt: null }))).toBeNull();
  });
});
