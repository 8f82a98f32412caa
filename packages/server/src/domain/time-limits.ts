/**
 * Time limits (分级分类办理, DOMAIN.md §4): which rule applies to an order, and when each of its
 * deadlines falls. Pure: times and the calendar are passed in.
 */
import type { WorkCalendar } from './calendar.ts';
import type { RequestType, Urgency } from './reference.ts';

export const LIMIT_UNITS = ['minutes', 'hours', 'working_hours', 'working_days', 'same_day'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];
export interface Limit {
  amount: number;
  unit: LimitUnit;
}

export interface TimeLimitRule {
  id: number;
  name: string; // e.g. '紧急诉求'
  requestType: RequestType | null; // null = any
  urgency: Urgency | null; // null = any
  categoryId: number | null; // matches the order's category or any of its descendants
  taskForce: string | null; // 专班 profile name, e.g. '冬季供暖专班'; only applies between validFrom and validTo
  validFrom: string | null; // local 'YYYY-MM-DD' inclusive
  validTo: string | null; // local 'YYYY-MM-DD' inclusive
  dispatchLimit: Limit; // from creation to dispatch (centre's limit)
  signLimit: Limit; // from dispatch to 签收
  returnLimit: Limit; // 退单 window from dispatch
  handleLimit: Limit; // 办结 limit from dispatch
  yellowShare: number; // 0 < share < 1: yellow card when this share of the handle limit's time is used
  active: boolean;
}

export interface OrderTimingFacts {
  requestType: RequestType;
  urgency: Urgency;
  /** Ancestor category ids root..self, may be empty. */
  categoryPath: readonly number[];
  at: Date;
}

export interface Deadlines {
  dispatchDueAt: Date;
  signDueAt: Date;
  returnDueAt: Date;
  handleDueAt: Date;
  yellowAt: Date;
}

/**
 * Specificity score. A task force is a deliberate, seasonal exception, so it beats everything;
 * urgency is about safety of life and property, so an urgent order keeps the urgent limits even in a
 * category with its own rule (unless a rule names both); a deeper category is more specific than
 * its ancestors. Depth is capped so a category can never outweigh urgency.
 */
function score(rule: TimeLimitRule, facts: OrderTimingFacts): number | null {
  if (!rule.active) return null;
  if (rule.requestType !== null && rule.requestType !== facts.requestType) return null;
  if (rule.urgency !== null && rule.urgency !== facts.urgency) return null;
  let total = 0;
  if (rule.categoryId !== null) {
    const depth = facts.categoryPath.indexOf(rule.categoryId);
    if (depth < 0) return null;
    total += 10 + Math.min(depth, 89);
  }
  if (rule.taskForce !== null) total += 1000;
  if (rule.urgency !== null) total += 100;
  if (rule.requestType !== null) total += 1;
  return total;
}

/** Most specific active rule whose fields all match; ties go to the lowest id. */
export function selectRule(
  rules: readonly TimeLimitRule[],
  facts: OrderTimingFacts,
  calendar: WorkCalendar,
): TimeLimitRule {
  const day = calendar.localDate(facts.at);
  let best: TimeLimitRule | undefined;
  let bestScore = -1;
  for (const rule of rules) {
    // A null bound is open: a task force without dates applies until an admin deactivates it.
    if ((rule.validFrom !== null && day < rule.validFrom) || (rule.validTo !== null && day > rule.validTo))
      continue;
    const s = score(rule, facts);
    if (s === null) continue;
    if (s > bestScore || (s === bestScore && best !== undefined && rule.id < best.id)) {
      best = rule;
      bestScore = s;
    }
  }
  if (!best) {
    throw new Error(
      `No active time-limit rule matches ${facts.requestType}/${facts.urgency} ` +
        `category [${facts.categoryPath.join(',')}] on ${day}; a catch-all rule must exist`,
    );
  }
  return best;
}

/**
 * Clock units (minutes, hours) run through nights and holidays because urgent matters cannot wait
 * for Monday; working units follow the working calendar; 当日办结 (same_day) ends at local midnight
 * of the day the clock starts, whatever the amount.
 */
export function addLimit(start: Date, limit: Limit, calendar: WorkCalendar): Date {
  const { amount, unit } = limit;
  if (unit !== 'same_day' && (!Number.isFinite(amount) || amount <= 0)) {
    throw new RangeError(`Limit amount must be > 0, got ${amount} ${unit}`);
  }
  switch (unit) {
    case 'minutes':
      return new Date(start.getTime() + Math.round(amount * 60_000));
    case 'hours':
      return new Date(start.getTime() + Math.round(amount * 3_600_000));
    case 'working_hours':
      return calendar.addWorkingMinutes(start, amount * 60);
    case 'working_days':
      return calendar.addWorkingDays(start, amount);
    case 'same_day':
      return calendar.endOfLocalDay(start);
  }
}

/**
 * Yellow card time. For working-time limits the share is of WORKING minutes, so a limit spanning a
 * holiday does not warn in the middle of the holiday; clock limits (and same_day) share the clock.
 */
export function yellowAtFor(
  start: Date,
  due: Date,
  share: number,
  limit: Limit,
  calendar: WorkCalendar,
): Date {
  if (!(share > 0 && share < 1)) throw new RangeError(`yellowShare must be between 0 and 1, got ${share}`);
  if (due.getTime() <= start.getTime()) return new Date(due.getTime());
  if (limit.unit === 'working_hours' || limit.unit === 'working_days') {
    const working = calendar.workingMinutesBetween(start, due);
    if (working > 0) return calendar.addWorkingMinutes(start, working * share);
  }
  return new Date(start.getTime() + Math.round((due.getTime() - start.getTime()) * share));
}

/** createdAt starts the dispatch clock; dispatchedAt starts sign/return/handle. */
export function computeDeadlines(
  rule: TimeLimitRule,
  times: { createdAt: Date; dispatchedAt: Date },
  calendar: WorkCalendar,
): Deadlines {
  const handleDueAt = addLimit(times.dispatchedAt, rule.handleLimit, calendar);
  return {
    dispatchDueAt: addLimit(times.createdAt, rule.dispatchLimit, calendar),
    signDueAt: addLimit(times.dispatchedAt, rule.signLimit, calendar),
    returnDueAt: addLimit(times.dispatchedAt, rule.returnLimit, calendar),
    handleDueAt,
    yellowAt: yellowAtFor(times.dispatchedAt, handleDueAt, rule.yellowShare, rule.handleLimit, calendar),
  };
}

/** A fresh rule each time, so callers may mutate what they get without touching the other rules. */
function defaultRule(
  patch: Partial<Omit<TimeLimitRule, 'id'>> & { name: string },
): Omit<TimeLimitRule, 'id'> {
  return {
    requestType: null,
    urgency: null,
    categoryId: null,
    taskForce: null,
    validFrom: null,
    validTo: null,
    dispatchLimit: { amount: 2, unit: 'working_hours' },
    signLimit: { amount: 2, unit: 'working_hours' },
    returnLimit: { amount: 1, unit: 'working_days' },
    handleLimit: { amount: 5, unit: 'working_days' },
    yellowShare: 0.8,
    active: true,
    ...patch,
  };
}

/** Seeded defaults (DOMAIN.md §4); the first is the catch-all every deployment keeps. */
export const DEFAULT_TIME_LIMIT_RULES: Omit<TimeLimitRule, 'id'>[] = [
  defaultRule({ name: '一般诉求' }),
  defaultRule({
    name: '咨询诉求',
    requestType: 'consultation',
    handleLimit: { amount: 2, unit: 'working_days' },
  }),
  defaultRule({
    name: '建议诉求',
    requestType: 'suggestion',
    handleLimit: { amount: 2, unit: 'working_days' },
  }),
  // 表扬 is answered at once by the hotline; the limit covers the rare praise passed on to a unit.
  defaultRule({ name: '表扬诉求', requestType: 'praise', handleLimit: { amount: 2, unit: 'working_days' } }),
  defaultRule({
    name: '紧急诉求',
    urgency: 'urgent',
    dispatchLimit: { amount: 15, unit: 'minutes' },
    signLimit: { amount: 15, unit: 'minutes' },
    returnLimit: { amount: 1, unit: 'hours' },
    handleLimit: { amount: 24, unit: 'hours' },
    yellowShare: 0.75,
  }),
  // The coordinating leader may set the limit per order; the service applies that override.
  defaultRule({ name: '疑难诉求', urgency: 'difficult', handleLimit: { amount: 15, unit: 'working_days' } }),
];
