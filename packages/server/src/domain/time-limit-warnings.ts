/**
 * 业务红黄牌: which yellow and red warnings apply to an order in its current state, and when each
 * fires. The scanner records the due ones exactly once and sleeps until the next.
 */
import { HANDLING_CLOCK_STATES, type OrderState } from './order-lifecycle.ts';

export type WarningClock = 'dispatch' | 'sign' | 'handle';
export type WarningLevel = 'yellow' | 'red';
export type Card = 'none' | WarningLevel;

export interface OrderClockFacts {
  state: OrderState;
  signedAt: Date | null;
  dispatchDueAt: Date | null;
  signDueAt: Date | null;
  handleDueAt: Date | null;
  yellowAt: Date | null;
}

export interface Warning {
  clock: WarningClock;
  level: WarningLevel;
  /** The deadline the warning is about. */
  dueAt: Date;
  /** When the warning fires: the yellow instant, or the deadline itself for red. */
  firesAt: Date;
}

/** Every warning that the order's current state makes relevant, in firing order. */
export function warningsFor(o: OrderClockFacts): Warning[] {
  const out: Warning[] = [];
  if (o.state === 'pending_dispatch' && o.dispatchDueAt) {
    out.push({ clock: 'dispatch', level: 'red', dueAt: o.dispatchDueAt, firesAt: o.dispatchDueAt });
  }
  if (o.state === 'dispatched' && !o.signedAt && o.signDueAt) {
    out.push({ clock: 'sign', level: 'red', dueAt: o.signDueAt, firesAt: o.signDueAt });
  }
  if (HANDLING_CLOCK_STATES.has(o.state) && o.handleDueAt) {
    if (o.yellowAt) out.push({ clock: 'handle', level: 'yellow', dueAt: o.handleDueAt, firesAt: o.yellowAt });
    out.push({ clock: 'handle', level: 'red', dueAt: o.handleDueAt, firesAt: o.handleDueAt });
  }
  return out.sort((a, b) => a.firesAt.getTime() - b.firesAt.getTime());
}

export interface WarningScan {
  due: Warning[];
  /** When to look again; null when no clock runs. */
  nextAt: Date | null;
  card: Card;
}

export function scanWarnings(o: OrderClockFacts, now: Date): WarningScan {
  const all = warningsFor(o);
  const due = all.filter((w) => w.firesAt.getTime() <= now.getTime());
  const next = all.find((w) => w.firesAt.getTime() > now.getTime());
  const card: Card = due.some((w) => w.level === 'red') ? 'red' : due.length > 0 ? 'yellow' : 'none';
  return { due, nextAt: next?.firesAt ?? null, card };
}

/** The first instant the scanner must look at an order whose clocks were just (re)set. */
export const firstWarningAt = (o: OrderClockFacts): Date | null => warningsFor(o)[0]?.firesAt ?? null;
