import { describe, expect, it } from 'vitest';
import { WorkCalendar } from './calendar.ts';

/** An instant as China Standard Time ISO, e.g. '2025-10-09T17:30:00+08:00' (ms only when non-zero). */
function cst(d: Date): string {
  const s = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  return `${s.endsWith('.000Z') ? s.slice(0, 19) : s.slice(0, 23)}+08:00`;
}
const at = (iso: string) => new Date(iso);

/** Runs `fn` with another process TZ (Node re-reads process.env.TZ on assignment). */
function withTz<T>(tz: string, fn: () => T): T {
  const previous = process.env.TZ;
  process.env.TZ = tz;
  try {
    return fn();
  } finally {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  }
}

// Every date verified against chinese-days 1.5.7 (getDayDetail, loaded with TZ=Asia/Shanghai).
const WORKDAY_CASES: Array<[string, boolean, string]> = [
  ['2025-01-25', false, 'ordinary Saturday'],
  ['2025-01-26', true, 'Spring Festival 2025 make-up Sunday'],
  ['2025-01-27', true, 'Monday before Spring Festival'],
  ['2025-01-28', false, 'Spring Festival 2025 first day (Tue)'],
  ['2025-02-03', false, 'Spring Festival Monday'],
  ['2025-02-04', false, 'Spring Festival 2025 last day'],
  ['2025-02-05', true, 'first workday after Spring Festival'],
  ['2025-02-08', true, 'Spring Festival 2025 make-up Saturday'],
  ['2025-02-09', false, 'ordinary Sunday'],
  ['2025-09-28', true, 'National Day 2025 make-up Sunday'],
  ['2025-09-30', true, 'Tuesday before National Day'],
  ['2025-10-01', false, 'National Day'],
  ['2025-10-06', false, 'Mid-autumn inside the National Day week'],
  ['2025-10-08', false, 'National Day 2025 last day (Wed)'],
  ['2025-10-09', true, 'Thursday after National Day'],
  ['2025-10-11', true, 'National Day 2025 make-up Saturday'],
  ['2025-10-12', false, 'ordinary Sunday'],
  ['2026-01-02', false, 'New Year 2026 (Fri)'],
  ['2026-01-04', true, 'New Year 2026 make-up Sunday'],
  ['2026-02-14', true, 'Spring Festival 2026 make-up Saturday (before)'],
  ['2026-02-15', false, 'Spring Festival 2026 first day (Sun)'],
  ['2026-02-23', false, 'Spring Festival 2026 last day (Mon)'],
  ['2026-02-24', true, 'Tuesday after Spring Festival 2026'],
  ['2026-02-28', true, 'Spring Festival 2026 make-up Saturday (after)'],
  ['2026-03-01', false, 'ordinary Sunday'],
  ['2026-09-20', true, 'National Day 2026 make-up Sunday'],
  ['2026-09-25', false, 'Mid-autumn 2026 (Fri)'],
  ['2026-10-01', false, 'National Day 2026 first day (Thu)'],
  ['2026-10-07', false, 'National Day 2026 last day (Wed)'],
  ['2026-10-08', true, 'Thursday after National Day 2026'],
  ['2026-10-10', true, 'National Day 2026 make-up Saturday'],
  ['2027-02-06', false, 'beyond the package data: plain weekend'],
  ['2027-02-08', true, 'beyond the package data: plain weekday'],
];

// [from, n, due]: the day of arrival never counts; the due instant is 17:30 of the n-th working day.
const WORKING_DAY_CASES: Array<[string, number, string, string]> = [
  ['2025-03-12T10:00:00+08:00', 5, '2025-03-19T17:30:00+08:00', 'ordinary week, arrival day not counted'],
  ['2025-03-14T18:00:00+08:00', 1, '2025-03-17T17:30:00+08:00', 'Friday after hours'],
  ['2025-03-15T10:00:00+08:00', 1, '2025-03-17T17:30:00+08:00', 'arrival on a weekend'],
  ['2024-12-31T10:00:00+08:00', 1, '2025-01-02T17:30:00+08:00', 'over New Year 2025'],
  ['2025-01-25T11:00:00+08:00', 1, '2025-01-26T17:30:00+08:00', 'make-up Sunday counts'],
  ['2025-01-26T11:00:00+08:00', 1, '2025-01-27T17:30:00+08:00', 'arrival on a make-up Sunday'],
  ['2025-01-26T11:00:00+08:00', 2, '2025-02-05T17:30:00+08:00', 'over Spring Festival 2025'],
  ['2025-01-27T10:00:00+08:00', 1, '2025-02-05T17:30:00+08:00', 'last day before Spring Festival'],
  ['2025-01-27T10:00:00+08:00', 5, '2025-02-10T17:30:00+08:00', 'make-up Saturday 02-08 counts'],
  [
    '2025-01-30T10:00:00+08:00',
    4,
    '2025-02-08T17:30:00+08:00',
    'arrival on a holiday, due on make-up Saturday',
  ],
  ['2025-02-07T16:00:00+08:00', 1, '2025-02-08T17:30:00+08:00', 'Friday before a make-up Saturday'],
  ['2025-02-08T10:00:00+08:00', 1, '2025-02-10T17:30:00+08:00', 'arrival on a make-up Saturday'],
  ['2025-09-27T10:00:00+08:00', 1, '2025-09-28T17:30:00+08:00', 'Saturday before make-up Sunday'],
  ['2025-09-29T23:30:00+08:00', 1, '2025-09-30T17:30:00+08:00', 'late evening, local date 09-29'],
  [
    '2025-09-30T00:30:00+08:00',
    1,
    '2025-10-09T17:30:00+08:00',
    'just after local midnight (UTC still 09-29)',
  ],
  ['2025-09-30T07:00:00+08:00', 1, '2025-10-09T17:30:00+08:00', 'before working hours'],
  ['2025-09-30T15:00:00+08:00', 1, '2025-10-09T17:30:00+08:00', 'over National Day 2025'],
  ['2025-09-30T20:00:00+08:00', 1, '2025-10-09T17:30:00+08:00', 'after working hours'],
  ['2025-09-30T15:00:00+08:00', 3, '2025-10-11T17:30:00+08:00', 'due on make-up Saturday 10-11'],
  ['2025-09-30T15:00:00+08:00', 5, '2025-10-14T17:30:00+08:00', 'five days over National Day 2025'],
  ['2025-10-05T12:00:00+08:00', 1, '2025-10-09T17:30:00+08:00', 'arrival on a holiday Sunday'],
  ['2025-10-11T09:30:00+08:00', 1, '2025-10-13T17:30:00+08:00', 'arrival on make-up Saturday 10-11'],
  ['2025-12-31T10:00:00+08:00', 1, '2026-01-04T17:30:00+08:00', 'New Year 2026 make-up Sunday'],
  ['2026-02-13T10:00:00+08:00', 1, '2026-02-14T17:30:00+08:00', 'Friday before make-up Saturday 02-14'],
  ['2026-02-13T10:00:00+08:00', 2, '2026-02-24T17:30:00+08:00', 'over Spring Festival 2026'],
  ['2026-02-14T10:00:00+08:00', 5, '2026-02-28T17:30:00+08:00', 'due on make-up Saturday 02-28'],
  ['2026-02-14T10:00:00+08:00', 6, '2026-03-02T17:30:00+08:00', 'after make-up Saturday 02-28'],
  ['2026-02-18T10:00:00+08:00', 1, '2026-02-24T17:30:00+08:00', 'arrival inside Spring Festival 2026'],
  ['2026-09-18T10:00:00+08:00', 1, '2026-09-20T17:30:00+08:00', 'make-up Sunday 2026-09-20'],
  ['2026-09-24T10:00:00+08:00', 1, '2026-09-28T17:30:00+08:00', 'over Mid-autumn 2026'],
  ['2026-09-30T16:00:00+08:00', 1, '2026-10-08T17:30:00+08:00', 'over National Day 2026'],
  ['2026-09-30T16:00:00+08:00', 3, '2026-10-10T17:30:00+08:00', 'due on make-up Saturday 2026-10-10'],
  ['2026-09-30T16:00:00+08:00', 4, '2026-10-12T17:30:00+08:00', 'after make-up Saturday 2026-10-10'],
];

const WORKING_MINUTE_CASES: Array<[string, number, string, string]> = [
  ['2025-03-12T10:00:00+08:00', 60, '2025-03-12T11:00:00+08:00', 'inside the morning'],
  ['2025-03-12T11:00:00+08:00', 60, '2025-03-12T12:00:00+08:00', 'exact fit ends at 12:00'],
  ['2025-03-12T11:00:00+08:00', 120, '2025-03-12T14:30:00+08:00', 'across the lunch break'],
  ['2025-03-12T12:30:00+08:00', 60, '2025-03-12T14:30:00+08:00', 'starting in the lunch break'],
  ['2025-03-12T07:00:00+08:00', 30, '2025-03-12T09:30:00+08:00', 'before working hours'],
  [
    '2025-03-12T15:30:00+08:00',
    120,
    '2025-03-12T17:30:00+08:00',
    'exact fit ends at 17:30, not next morning',
  ],
  ['2025-03-12T15:30:00+08:00', 121, '2025-03-13T09:01:00+08:00', 'one minute over'],
  ['2025-03-12T10:00:00+08:00', 840, '2025-03-14T10:00:00+08:00', 'two working days of minutes'],
  ['2025-03-14T18:00:00+08:00', 120, '2025-03-17T11:00:00+08:00', 'Friday after hours'],
  ['2025-03-12T09:00:00+08:00', 0.5, '2025-03-12T09:00:30+08:00', 'fractional minutes'],
  ['2025-01-27T17:00:00+08:00', 120, '2025-02-05T10:30:00+08:00', 'before Spring Festival 2025'],
  ['2026-02-13T17:00:00+08:00', 120, '2026-02-14T10:30:00+08:00', 'Friday 17:00, make-up Saturday next'],
  ['2025-09-30T17:00:00+08:00', 120, '2025-10-09T10:30:00+08:00', 'before National Day 2025'],
  ['2025-10-01T10:00:00+08:00', 30, '2025-10-09T09:30:00+08:00', 'arrival on a holiday'],
  ['2025-10-11T17:00:00+08:00', 60, '2025-10-13T09:30:00+08:00', 'from a make-up Saturday'],
];

const BETWEEN_CASES: Array<[string, string, number, string]> = [
  ['2025-03-12T10:00:00+08:00', '2025-03-12T15:00:00+08:00', 210, 'same day across lunch'],
  ['2025-03-12T12:15:00+08:00', '2025-03-12T13:00:00+08:00', 0, 'inside lunch'],
  ['2025-03-12T15:00:00+08:00', '2025-03-12T10:00:00+08:00', 0, 'b before a'],
  ['2025-03-12T10:00:00+08:00', '2025-03-12T10:00:00+08:00', 0, 'empty range'],
  ['2025-03-14T18:00:00+08:00', '2025-03-17T09:00:00+08:00', 0, 'weekend only'],
  ['2025-09-30T17:00:00+08:00', '2025-10-09T10:30:00+08:00', 120, 'across National Day'],
  [
    '2025-01-27T00:00:00+08:00',
    '2025-02-09T00:00:00+08:00',
    2100,
    'Spring Festival fortnight: 5 working days',
  ],
  ['2025-03-12T09:00:00+08:00', '2025-03-12T09:00:30+08:00', 0.5, 'fractional'],
];

function checkTables(cal: WorkCalendar): void {
  for (const [date, expected, why] of WORKDAY_CASES)
    expect(cal.isWorkday(date), `${date} ${why}`).toBe(expected);
  for (const [from, n, due, why] of WORKING_DAY_CASES) {
    expect(cst(cal.addWorkingDays(at(from), n)), `${from} + ${n}wd: ${why}`).toBe(due);
  }
  for (const [from, m, due, why] of WORKING_MINUTE_CASES) {
    expect(cst(cal.addWorkingMinutes(at(from), m)), `${from} + ${m}min: ${why}`).toBe(due);
  }
  for (const [a, b, minutes, why] of BETWEEN_CASES) {
    expect(cal.workingMinutesBetween(at(a), at(b)), `${a}..${b}: ${why}`).toBe(minutes);
  }
}

describe('WorkCalendar with the national calendar', () => {
  it.each(WORKDAY_CASES)('isWorkday(%s) = %s (%s)', (date, expected) => {
    expect(new WorkCalendar().isWorkday(date)).toBe(expected);
  });

  it.each(WORKING_DAY_CASES)('addWorkingDays(%s, %i) = %s (%s)', (from, n, due) => {
    expect(cst(new WorkCalendar().addWorkingDays(at(from), n))).toBe(due);
  });

  it.each(WORKING_MINUTE_CASES)('addWorkingMinutes(%s, %d) = %s (%s)', (from, m, due) => {
    expect(cst(new WorkCalendar().addWorkingMinutes(at(from), m))).toBe(due);
  });

  it.each(BETWEEN_CASES)('workingMinutesBetween(%s, %s) = %d (%s)', (a, b, minutes) => {
    expect(new WorkCalendar().workingMinutesBetween(at(a), at(b))).toBe(minutes);
  });

  it('adds zero working minutes as the same instant, even off hours', () => {
    expect(cst(new WorkCalendar().addWorkingMinutes(at('2025-03-15T10:00:00+08:00'), 0))).toBe(
      '2025-03-15T10:00:00+08:00',
    );
  });

  it.each([
    ['2025-09-29T15:59:59.999Z', '2025-09-29', '2025-09-29T23:59:59.999+08:00'],
    ['2025-09-29T16:00:00.000Z', '2025-09-30', '2025-09-30T23:59:59.999+08:00'],
    ['2025-09-30T15:59:59.999Z', '2025-09-30', '2025-09-30T23:59:59.999+08:00'],
  ])('localDate and endOfLocalDay of %s', (instant, date, end) => {
    const cal = new WorkCalendar();
    expect(cal.localDate(at(instant))).toBe(date);
    expect(cst(cal.endOfLocalDay(at(instant)))).toBe(end);
  });

  it('agrees with chinese-days isWorkday on every day 2004..2026', async () => {
    // The package builds its table at import time with local getters: load and query it in Beijing time.
    const previous = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    try {
      const cd = (await import('chinese-days')).default;
      const cal = new WorkCalendar();
      let checked = 0;
      for (let t = Date.UTC(2004, 0, 1); t < Date.UTC(2027, 0, 1); t += 86_400_000) {
        const date = new Date(t).toISOString().slice(0, 10);
        const [y, m, d] = date.split('-').map(Number) as [number, number, number];
        expect(cal.isWorkday(date), date).toBe(cd.isWorkday(new Date(y, m - 1, d, 12)));
        checked++;
      }
      expect(checked).toBe(8401);
    } finally {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    }
  });
});

describe('WorkCalendar is independent of the process TZ', () => {
  it.each([
    ['America/Los_Angeles', 480],
    ['Pacific/Pago_Pago', 660],
    ['Pacific/Kiritimati', -840],
    ['Europe/London', 0],
    ['Asia/Shanghai', -480],
  ])('%s', (tz, januaryOffset) => {
    withTz(tz, () => {
      expect(new Date('2025-01-15T00:00:00Z').getTimezoneOffset()).toBe(januaryOffset);
      checkTables(new WorkCalendar());
    });
  });
});

describe('WorkCalendar consistency (property-style)', () => {
  const starts: Date[] = [];
  for (const [from, to] of [
    ['2025-09-26T00:00:00+08:00', '2025-10-15T00:00:00+08:00'],
    ['2026-02-10T00:00:00+08:00', '2026-03-03T00:00:00+08:00'],
  ] as const) {
    for (let t = at(from).getTime(); t < at(to).getTime(); t += 37 * 60_000) starts.push(new Date(t));
  }

  it('workingMinutesBetween(from, addWorkingMinutes(from, m)) === m, ending inside working time', () => {
    const cal = new WorkCalendar();
    for (const from of starts) {
      let previous = from.getTime();
      for (const m of [1, 15, 90, 120, 181, 420, 421, 2100]) {
        const due = cal.addWorkingMinutes(from, m);
        expect(cal.workingMinutesBetween(from, due), `${cst(from)} + ${m}`).toBe(m);
        expect(due.getTime()).toBeGreaterThan(previous);
        expect(cal.isWorkday(cal.localDate(due)), cst(due)).toBe(true);
        const hhmm = cst(due).slice(11, 16);
        expect((hhmm > '09:00' && hhmm <= '12:00') || (hhmm > '13:30' && hhmm <= '17:30'), cst(due)).toBe(
          true,
        );
        previous = due.getTime();
      }
    }
  });

  it('addWorkingDays ends at 17:30 of the n-th working day after the arrival date', () => {
    const cal = new WorkCalendar();
    for (const from of starts) {
      for (const n of [1, 2, 5, 15]) {
        const due = cal.addWorkingDays(from, n);
        expect(cst(due).slice(11), cst(from)).toBe('17:30:00+08:00');
        let counted = 0;
        for (let t = cal.endOfLocalDay(from).getTime() + 1; t < due.getTime(); t += 86_400_000) {
          if (cal.isWorkday(cal.localDate(new Date(t)))) counted++;
        }
        expect(counted, `${cst(from)} + ${n}wd = ${cst(due)}`).toBe(n);
      }
    }
  });
});

describe('WorkCalendar options', () => {
  it('an admin day off on a normal Wednesday', () => {
    const cal = new WorkCalendar({ overrides: new Map([['2025-03-12', false]]) });
    expect(cal.isWorkday('2025-03-12')).toBe(false);
    expect(cst(cal.addWorkingDays(at('2025-03-11T10:00:00+08:00'), 1))).toBe('2025-03-13T17:30:00+08:00');
    expect(cst(cal.addWorkingMinutes(at('2025-03-11T17:00:00+08:00'), 60))).toBe('2025-03-13T09:30:00+08:00');
    expect(cal.workingMinutesBetween(at('2025-03-11T17:00:00+08:00'), at('2025-03-13T09:30:00+08:00'))).toBe(
      60,
    );
  });

  it('an admin workday on a Sunday', () => {
    const cal = new WorkCalendar({ overrides: new Map([['2025-03-16', true]]) });
    expect(cst(cal.addWorkingDays(at('2025-03-15T10:00:00+08:00'), 1))).toBe('2025-03-16T17:30:00+08:00');
    expect(cst(cal.addWorkingMinutes(at('2025-03-14T17:00:00+08:00'), 60))).toBe('2025-03-16T09:30:00+08:00');
  });

  it('overrides beat national holidays and make-up days, and are copied', () => {
    const overrides = new Map([
      ['2025-10-03', true],
      ['2025-10-11', false],
    ]);
    const cal = new WorkCalendar({ overrides });
    overrides.set('2025-10-03', false);
    expect(cst(cal.addWorkingDays(at('2025-09-30T10:00:00+08:00'), 1))).toBe('2025-10-03T17:30:00+08:00');
    expect(cst(cal.addWorkingDays(at('2025-10-10T10:00:00+08:00'), 1))).toBe('2025-10-13T17:30:00+08:00');
  });

  it('custom working hours', () => {
    const cal = new WorkCalendar({
      workHours: [
        ['08:30', '12:00'],
        ['14:00', '18:00'],
      ],
    });
    expect(cst(cal.addWorkingDays(at('2025-03-12T10:00:00+08:00'), 1))).toBe('2025-03-13T18:00:00+08:00');
    expect(cst(cal.addWorkingMinutes(at('2025-03-12T11:30:00+08:00'), 60))).toBe('2025-03-12T14:30:00+08:00');
    const allDay = new WorkCalendar({ workHours: [['00:00', '24:00']] });
    expect(cst(allDay.addWorkingDays(at('2025-03-12T10:00:00+08:00'), 1))).toBe('2025-03-14T00:00:00+08:00');
    expect(
      allDay.workingMinutesBetween(at('2025-03-14T00:00:00+08:00'), at('2025-03-17T00:00:00+08:00')),
    ).toBe(1440);
  });

  it('another UTC offset moves the local day', () => {
    const utc = new WorkCalendar({ utcOffsetMinutes: 0 });
    expect(utc.localDate(at('2025-09-30T07:00:00+08:00'))).toBe('2025-09-29');
    expect(utc.addWorkingDays(at('2025-09-29T23:30:00Z'), 1).toISOString()).toBe('2025-09-30T17:30:00.000Z');
    expect(utc.endOfLocalDay(at('2025-09-30T07:00:00+08:00')).toISOString()).toBe('2025-09-29T23:59:59.999Z');
    const west = new WorkCalendar({ utcOffsetMinutes: -300 });
    expect(west.addWorkingMinutes(at('2025-03-14T22:15:00Z'), 30).toISOString()).toBe(
      '2025-03-17T14:15:00.000Z',
    );
  });

  it('throws instead of looping when no working day comes within 400 days', () => {
    const daysOff = (n: number) => {
      const map = new Map<string, boolean>();
      for (let i = 1; i <= n; i++)
        map.set(new Date(Date.UTC(2025, 2, 1 + i)).toISOString().slice(0, 10), false);
      return map;
    };
    const from = at('2025-03-01T10:00:00+08:00');
    const blocked = new WorkCalendar({ overrides: daysOff(400) });
    expect(() => blocked.addWorkingDays(from, 1)).toThrow(RangeError);
    expect(() => blocked.addWorkingMinutes(from, 1)).toThrow(RangeError);
    const justInTime = new WorkCalendar({ overrides: new Map([...daysOff(399), ['2026-04-05', true]]) });
    expect(cst(justInTime.addWorkingDays(from, 1))).toBe('2026-04-05T17:30:00+08:00');
  });

  it.each([
    ['zero working days', (c: WorkCalendar) => c.addWorkingDays(at('2025-03-12T10:00:00+08:00'), 0)],
    ['fractional working days', (c: WorkCalendar) => c.addWorkingDays(at('2025-03-12T10:00:00+08:00'), 1.5)],
    ['negative minutes', (c: WorkCalendar) => c.addWorkingMinutes(at('2025-03-12T10:00:00+08:00'), -1)],
    ['NaN minutes', (c: WorkCalendar) => c.addWorkingMinutes(at('2025-03-12T10:00:00+08:00'), Number.NaN)],
    ['an invalid Date', (c: WorkCalendar) => c.localDate(new Date('nope'))],
    ['a malformed date', (c: WorkCalendar) => c.isWorkday('2025/10/01')],
    ['an impossible date', (c: WorkCalendar) => c.isWorkday('2025-02-30')],
  ])('rejects %s', (_, call) => {
    expect(() => call(new WorkCalendar())).toThrow(RangeError);
  });

  it.each([
    ['empty working hours', { workHours: [] }],
    ['overlapping working hours', { workHours: [['09:00', '12:00'] as const, ['11:00', '17:00'] as const] }],
    ['descending working hours', { workHours: [['13:30', '17:30'] as const, ['09:00', '12:00'] as const] }],
    ['an empty interval', { workHours: [['09:00', '09:00'] as const] }],
    ['hour 25', { workHours: [['09:00', '25:00'] as const] }],
    ['minute 60', { workHours: [['09:60', '12:00'] as const] }],
    ['a bad override key', { overrides: new Map([['2025-3-1', false]]) }],
    ['a fractional offset', { utcOffsetMinutes: 480.5 }],
    ['an offset beyond 14 hours', { utcOffsetMinutes: 15 * 60 }],
  ])('rejects %s', (_, options) => {
    expect(() => new WorkCalendar(options)).toThrow(RangeError);
  });
});
