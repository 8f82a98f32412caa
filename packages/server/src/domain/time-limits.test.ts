import { describe, expect, it } from 'vitest';
import { WorkCalendar } from './calendar.ts';
import type { RequestType, Urgency } from './reference.ts';
import {
  addLimit,
  computeDeadlines,
  DEFAULT_TIME_LIMIT_RULES,
  type Deadlines,
  type Limit,
  type OrderTimingFacts,
  selectRule,
  type TimeLimitRule,
  yellowAtFor,
} from './time-limits.ts';

/** An instant as China Standard Time ISO, e.g. '2025-10-09T17:30:00+08:00' (ms only when non-zero). */
function cst(d: Date): string {
  const s = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  return `${s.endsWith('.000Z') ? s.slice(0, 19) : s.slice(0, 23)}+08:00`;
}
const at = (iso: string) => new Date(iso);
const cal = new WorkCalendar();
const DEFAULTS: TimeLimitRule[] = DEFAULT_TIME_LIMIT_RULES.map((r, i) => ({ ...r, id: i + 1 }));

function rule(id: number, patch: Partial<TimeLimitRule> = {}): TimeLimitRule {
  return { ...DEFAULTS[0], name: `rule ${id}`, ...patch, id } as TimeLimitRule;
}
function facts(patch: Partial<OrderTimingFacts> = {}): OrderTimingFacts {
  return {
    requestType: 'complaint',
    urgency: 'general',
    categoryPath: [],
    at: at('2025-09-10T10:00:00+08:00'), // outside every dated rule below
    ...patch,
  };
}
const asCst = (d: Deadlines) =>
  Object.fromEntries(Object.entries(d).map(([k, v]) => [k, cst(v)])) as Record<keyof Deadlines, string>;

describe('DEFAULT_TIME_LIMIT_RULES', () => {
  it('are the DOMAIN.md §4 defaults', () => {
    const summary = DEFAULT_TIME_LIMIT_RULES.map((r) => [
      r.name,
      r.requestType,
      r.urgency,
      `${r.dispatchLimit.amount} ${r.dispatchLimit.unit}`,
      `${r.signLimit.amount} ${r.signLimit.unit}`,
      `${r.returnLimit.amount} ${r.returnLimit.unit}`,
      `${r.handleLimit.amount} ${r.handleLimit.unit}`,
      r.yellowShare,
    ]);
    expect(summary).toEqual([
      ['一般诉求', null, null, '2 working_hours', '2 working_hours', '1 working_days', '5 working_days', 0.8],
      [
        '咨询诉求',
        'consultation',
        null,
        '2 working_hours',
        '2 working_hours',
        '1 working_days',
        '2 working_days',
        0.8,
      ],
      [
        '建议诉求',
        'suggestion',
        null,
        '2 working_hours',
        '2 working_hours',
        '1 working_days',
        '2 working_days',
        0.8,
      ],
      [
        '表扬诉求',
        'praise',
        null,
        '2 working_hours',
        '2 working_hours',
        '1 working_days',
        '2 working_days',
        0.8,
      ],
      ['紧急诉求', null, 'urgent', '15 minutes', '15 minutes', '1 hours', '24 hours', 0.75],
      [
        '疑难诉求',
        null,
        'difficult',
        '2 working_hours',
        '2 working_hours',
        '1 working_days',
        '15 working_days',
        0.8,
      ],
    ]);
    for (const r of DEFAULT_TIME_LIMIT_RULES) {
      expect([r.categoryId, r.taskForce, r.validFrom, r.validTo, r.active]).toEqual([
        null,
        null,
        null,
        null,
        true,
      ]);
    }
  });

  it('do not share limit objects between rules', () => {
    expect(DEFAULT_TIME_LIMIT_RULES[0]?.signLimit).not.toBe(DEFAULT_TIME_LIMIT_RULES[1]?.signLimit);
  });

  const EXPECTED: Record<Urgency, Record<RequestType, string>> = {
    general: {
      consultation: '咨询诉求',
      help: '一般诉求',
      complaint: '一般诉求',
      report: '一般诉求',
      suggestion: '建议诉求',
      praise: '表扬诉求',
    },
    urgent: {
      consultation: '紧急诉求',
      help: '紧急诉求',
      complaint: '紧急诉求',
      report: '紧急诉求',
      suggestion: '紧急诉求',
      praise: '紧急诉求',
    },
    difficult: {
      consultation: '疑难诉求',
      help: '疑难诉求',
      complaint: '疑难诉求',
      report: '疑难诉求',
      suggestion: '疑难诉求',
      praise: '疑难诉求',
    },
  };
  const combos = Object.entries(EXPECTED).flatMap(([urgency, byType]) =>
    Object.entries(byType).map(([requestType, name]): [Urgency, RequestType, string] => [
      urgency as Urgency,
      requestType as RequestType,
      name,
    ]),
  );
  it.each(combos)('a %s %s order gets %s', (urgency, requestType, name) => {
    expect(selectRule(DEFAULTS, facts({ urgency, requestType, categoryPath: [10, 20] }), cal).name).toBe(
      name,
    );
  });
});

describe('selectRule precedence', () => {
  // Category tree: 10 城市管理 > 20 供暖 > 30 供暖不热; 21 is another child of 10.
  const heating = rule(7, {
    name: '供暖类',
    categoryId: 20,
    handleLimit: { amount: 3, unit: 'working_days' },
  });
  const cityMgmt = rule(9, { name: '城市管理类', categoryId: 10 });
  const urgentHeating = rule(8, { name: '紧急供暖', categoryId: 20, urgency: 'urgent' });
  const taskForce = rule(10, {
    name: '冬季供暖专班',
    categoryId: 20,
    taskForce: '冬季供暖专班',
    validFrom: '2025-11-15',
    validTo: '2026-03-15',
    handleLimit: { amount: 0, unit: 'same_day' },
  });
  const summerOnly = rule(11, {
    name: '夏季供暖检修',
    categoryId: 30,
    validFrom: '2025-06-01',
    validTo: '2025-08-31',
  });
  const inactive = rule(12, { categoryId: 30, urgency: 'urgent', requestType: 'complaint', active: false });
  const all = [...DEFAULTS, heating, cityMgmt, urgentHeating, taskForce, summerOnly, inactive];
  const path = [10, 20, 30];
  const winter = at('2025-12-01T10:00:00+08:00');

  it.each<[string, Partial<OrderTimingFacts>, readonly TimeLimitRule[], string]>([
    ['catch-all without category', {}, all, '一般诉求'],
    ['category rule beats request type', { requestType: 'consultation', categoryPath: path }, all, '供暖类'],
    ['urgency beats request type', { requestType: 'consultation', urgency: 'urgent' }, DEFAULTS, '紧急诉求'],
    ['urgent beats a category rule', { urgency: 'urgent', categoryPath: [10, 21] }, all, '紧急诉求'],
    [
      'urgent beats a category rule (no combined rule)',
      { urgency: 'urgent', categoryPath: path },
      [...DEFAULTS, heating],
      '紧急诉求',
    ],
    [
      'a rule naming category and urgency beats both',
      { urgency: 'urgent', categoryPath: path },
      all,
      '紧急供暖',
    ],
    ['deeper category beats shallower', { categoryPath: path }, all, '供暖类'],
    ['shallower category when the deeper does not match', { categoryPath: [10, 21] }, all, '城市管理类'],
    ['the rule category must be on the path', { categoryPath: [99] }, all, '一般诉求'],
    ['difficult beats a category rule', { urgency: 'difficult', categoryPath: path }, all, '疑难诉求'],
    [
      'task force on its first local day',
      { categoryPath: path, at: at('2025-11-15T00:00:00+08:00') },
      all,
      '冬季供暖专班',
    ],
    ['not the evening before', { categoryPath: path, at: at('2025-11-14T23:59:59+08:00') }, all, '供暖类'],
    [
      'task force on its last local day',
      { categoryPath: path, at: at('2026-03-15T23:59:59+08:00') },
      all,
      '冬季供暖专班',
    ],
    ['not the morning after', { categoryPath: path, at: at('2026-03-16T00:00:00+08:00') }, all, '供暖类'],
    [
      'task force beats urgency in season',
      { urgency: 'urgent', categoryPath: path, at: winter },
      all,
      '冬季供暖专班',
    ],
    ['task force only for its category', { categoryPath: [10, 21], at: winter }, all, '城市管理类'],
    [
      'dated normal rule applies inside its dates',
      { categoryPath: path, at: at('2025-07-01T10:00:00+08:00') },
      all,
      '夏季供暖检修',
    ],
    [
      'dated normal rule ignored outside its dates',
      { categoryPath: path, at: at('2025-09-01T10:00:00+08:00') },
      all,
      '供暖类',
    ],
    ['inactive rules are ignored', { urgency: 'urgent', categoryPath: [30] }, all, '紧急诉求'],
  ])('%s', (_, patch, rules, name) => {
    expect(selectRule(rules, facts(patch), cal).name).toBe(name);
    expect(selectRule([...rules].reverse(), facts(patch), cal).name).toBe(name);
  });

  it('breaks ties by the lowest id, whatever the order', () => {
    const a = rule(14, { name: 'A', categoryId: 20 });
    const b = rule(13, { name: 'B', categoryId: 20 });
    expect(selectRule([a, b], facts({ categoryPath: path }), cal).id).toBe(13);
    expect(selectRule([b, a], facts({ categoryPath: path }), cal).id).toBe(13);
  });

  it('throws a clear error when nothing matches', () => {
    const onlyConsultation = [rule(2, { requestType: 'consultation' }), rule(1, { active: false })];
    expect(() => selectRule(onlyConsultation, facts(), cal)).toThrow(
      'No active time-limit rule matches complaint/general category [] on 2025-09-10',
    );
    expect(() => selectRule([], facts(), cal)).toThrow(/catch-all rule must exist/);
  });
});

describe('addLimit', () => {
  it.each<[string, Limit, string]>([
    ['2025-10-01T23:50:00+08:00', { amount: 15, unit: 'minutes' }, '2025-10-02T00:05:00+08:00'],
    ['2025-09-30T16:30:00+08:00', { amount: 24, unit: 'hours' }, '2025-10-01T16:30:00+08:00'],
    ['2025-10-01T10:00:00+08:00', { amount: 1.5, unit: 'hours' }, '2025-10-01T11:30:00+08:00'],
    ['2025-09-30T17:00:00+08:00', { amount: 2, unit: 'working_hours' }, '2025-10-09T10:30:00+08:00'],
    ['2025-03-12T11:45:00+08:00', { amount: 0.5, unit: 'working_hours' }, '2025-03-12T13:45:00+08:00'],
    ['2025-09-30T16:30:00+08:00', { amount: 1, unit: 'working_days' }, '2025-10-09T17:30:00+08:00'],
    ['2026-02-13T10:00:00+08:00', { amount: 5, unit: 'working_days' }, '2026-02-27T17:30:00+08:00'],
    ['2025-10-01T00:00:00+08:00', { amount: 0, unit: 'same_day' }, '2025-10-01T23:59:59.999+08:00'],
    ['2025-09-30T23:59:59.999+08:00', { amount: 1, unit: 'same_day' }, '2025-09-30T23:59:59.999+08:00'],
  ])('%s + %o = %s', (start, limit, due) => {
    expect(cst(addLimit(at(start), limit, cal))).toBe(due);
  });

  it.each<Limit>([
    { amount: 0, unit: 'minutes' },
    { amount: -1, unit: 'hours' },
    { amount: Number.NaN, unit: 'working_hours' },
    { amount: 1.5, unit: 'working_days' },
  ])('rejects %o', (limit) => {
    expect(() => addLimit(at('2025-03-12T10:00:00+08:00'), limit, cal)).toThrow(RangeError);
  });
});

describe('yellowAtFor', () => {
  it.each<[string, string, number, Limit, string, string]>([
    // Clock share would fall on 10-07, in the middle of the holiday: 60 + 420 working minutes, 80% = 384.
    [
      '2025-09-30T16:30:00+08:00',
      '2025-10-09T17:30:00+08:00',
      0.8,
      { amount: 1, unit: 'working_days' },
      '2025-10-09T15:54:00+08:00',
      'one working day over National Day',
    ],
    [
      '2025-09-30T16:30:00+08:00',
      '2025-10-14T17:30:00+08:00',
      0.8,
      { amount: 5, unit: 'working_days' },
      '2025-10-13T17:18:00+08:00',
      'five working days over National Day',
    ],
    [
      '2025-09-30T17:00:00+08:00',
      '2025-10-09T10:30:00+08:00',
      0.8,
      { amount: 2, unit: 'working_hours' },
      '2025-10-09T10:06:00+08:00',
      'working hours over National Day',
    ],
    [
      '2026-02-13T10:00:00+08:00',
      '2026-02-27T17:30:00+08:00',
      0.8,
      { amount: 5, unit: 'working_days' },
      '2026-02-26T16:18:00+08:00',
      'over Spring Festival 2026',
    ],
    [
      '2025-10-01T10:00:00+08:00',
      '2025-10-02T10:00:00+08:00',
      0.75,
      { amount: 24, unit: 'hours' },
      '2025-10-02T04:00:00+08:00',
      'clock hours through a holiday night',
    ],
    [
      '2025-10-01T10:00:00+08:00',
      '2025-10-01T10:15:00+08:00',
      0.8,
      { amount: 15, unit: 'minutes' },
      '2025-10-01T10:12:00+08:00',
      'clock minutes',
    ],
    [
      '2025-12-01T10:00:00+08:00',
      '2025-12-01T23:59:59.999+08:00',
      0.8,
      { amount: 0, unit: 'same_day' },
      '2025-12-01T21:11:59.999+08:00',
      'same day uses the clock',
    ],
    [
      '2025-10-01T10:00:00+08:00',
      '2025-10-01T09:00:00+08:00',
      0.8,
      { amount: 1, unit: 'hours' },
      '2025-10-01T09:00:00+08:00',
      'due before start: due',
    ],
  ])('%s..%s share %d %o = %s (%s)', (start, due, share, limit, expected) => {
    expect(cst(yellowAtFor(at(start), at(due), share, limit, cal))).toBe(expected);
  });

  it.each([0, 1, 1.2, Number.NaN])('rejects share %d', (share) => {
    const start = at('2025-10-01T10:00:00+08:00');
    expect(() =>
      yellowAtFor(start, at('2025-10-02T10:00:00+08:00'), share, { amount: 1, unit: 'hours' }, cal),
    ).toThrow(RangeError);
  });
});

describe('computeDeadlines for each default rule', () => {
  // Created and dispatched on the last afternoon before National Day 2025.
  const times = { createdAt: at('2025-09-30T15:00:00+08:00'), dispatchedAt: at('2025-09-30T16:30:00+08:00') };
  const workingHourClocks = {
    dispatchDueAt: '2025-09-30T17:00:00+08:00',
    signDueAt: '2025-10-09T10:00:00+08:00',
    returnDueAt: '2025-10-09T17:30:00+08:00',
  };
  const twoDays = { handleDueAt: '2025-10-10T17:30:00+08:00', yellowAt: '2025-10-10T14:30:00+08:00' };
  it.each<[string, Record<keyof Deadlines, string>]>([
    [
      '一般诉求',
      {
        ...workingHourClocks,
        handleDueAt: '2025-10-14T17:30:00+08:00',
        yellowAt: '2025-10-13T17:18:00+08:00',
      },
    ],
    ['咨询诉求', { ...workingHourClocks, ...twoDays }],
    ['建议诉求', { ...workingHourClocks, ...twoDays }],
    ['表扬诉求', { ...workingHourClocks, ...twoDays }],
    [
      '疑难诉求',
      {
        ...workingHourClocks,
        handleDueAt: '2025-10-28T17:30:00+08:00',
        yellowAt: '2025-10-23T17:18:00+08:00',
      },
    ],
    [
      '紧急诉求',
      {
        dispatchDueAt: '2025-09-30T15:15:00+08:00',
        signDueAt: '2025-09-30T16:45:00+08:00',
        returnDueAt: '2025-09-30T17:30:00+08:00',
        handleDueAt: '2025-10-01T16:30:00+08:00',
        yellowAt: '2025-10-01T10:30:00+08:00',
      },
    ],
  ])('%s', (name, expected) => {
    const r = DEFAULTS.find((d) => d.name === name);
    if (!r) throw new Error(`missing default rule ${name}`);
    expect(asCst(computeDeadlines(r, times, cal))).toEqual(expected);
  });

  it('urgent order on a holiday night runs on the clock', () => {
    const urgent = selectRule(
      DEFAULTS,
      facts({ urgency: 'urgent', at: at('2025-10-01T23:50:00+08:00') }),
      cal,
    );
    const deadlines = computeDeadlines(
      urgent,
      { createdAt: at('2025-10-01T23:50:00+08:00'), dispatchedAt: at('2025-10-01T23:58:00+08:00') },
      cal,
    );
    expect(asCst(deadlines)).toEqual({
      dispatchDueAt: '2025-10-02T00:05:00+08:00',
      signDueAt: '2025-10-02T00:13:00+08:00',
      returnDueAt: '2025-10-02T00:58:00+08:00',
      handleDueAt: '2025-10-02T23:58:00+08:00',
      yellowAt: '2025-10-02T17:58:00+08:00',
    });
  });

  it('a same-day task force profile ends at local midnight', () => {
    const tf = rule(20, {
      taskForce: '冬季供暖专班',
      dispatchLimit: { amount: 30, unit: 'minutes' },
      signLimit: { amount: 30, unit: 'minutes' },
      returnLimit: { amount: 2, unit: 'hours' },
      handleLimit: { amount: 0, unit: 'same_day' },
    });
    const deadlines = computeDeadlines(
      tf,
      { createdAt: at('2025-12-01T09:40:00+08:00'), dispatchedAt: at('2025-12-01T10:00:00+08:00') },
      cal,
    );
    expect(asCst(deadlines)).toEqual({
      dispatchDueAt: '2025-12-01T10:10:00+08:00',
      signDueAt: '2025-12-01T10:30:00+08:00',
      returnDueAt: '2025-12-01T12:00:00+08:00',
      handleDueAt: '2025-12-01T23:59:59.999+08:00',
      yellowAt: '2025-12-01T21:11:59.999+08:00',
    });
  });
});
