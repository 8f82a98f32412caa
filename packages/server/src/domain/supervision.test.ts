import { describe, expect, it } from 'vitest';
import { WorkCalendar } from './calendar.ts';
import {
  CASE_ACTION_LABELS,
  type CaseAction,
  caseDeadline,
  checkRuleParams,
  complaintPeriod,
  DEFAULT_SUPERVISION_RULES,
  isCaseOpen,
  isHigherLevel,
  nextCaseStatus,
  nextLevel,
  PARAM_SPECS,
  SUPERVISION_CAUSE_LABELS,
  SUPERVISION_CAUSES,
  SUPERVISION_LEVEL_LABELS,
  SUPERVISION_LEVELS,
  SUPERVISION_STATUSES,
  type SupervisionStatus,
} from './supervision.ts';

const cal = new WorkCalendar();
type Step = Exclude<CaseAction, 'open'>;

describe('case status machine', () => {
  // status × action → next status (null = refused)
  const table: Record<SupervisionStatus, Record<Step, SupervisionStatus | null>> = {
    open: {
      link: 'open',
      assign: 'open',
      notice: 'noticed',
      escalate: 'escalated',
      resolve: 'resolved',
      close: 'closed',
    },
    noticed: {
      link: 'noticed',
      assign: 'noticed',
      notice: 'noticed',
      escalate: 'escalated',
      resolve: 'resolved',
      close: 'closed',
    },
    escalated: {
      link: 'escalated',
      assign: 'escalated',
      notice: 'escalated',
      escalate: 'escalated',
      resolve: 'resolved',
      close: 'closed',
    },
    resolved: { link: null, assign: null, notice: null, escalate: null, resolve: null, close: null },
    closed: { link: null, assign: null, notice: null, escalate: null, resolve: null, close: null },
  };
  for (const status of SUPERVISION_STATUSES) {
    for (const [action, expected] of Object.entries(table[status]) as [Step, SupervisionStatus | null][]) {
      it(`${status} --${action}--> ${expected ?? 'refused'}`, () => {
        expect(nextCaseStatus(status, action)).toBe(expected);
      });
    }
  }
  it('only resolved and closed are final', () => {
    expect(SUPERVISION_STATUSES.filter((s) => !isCaseOpen(s))).toEqual(['resolved', 'closed']);
  });
  it('every action has a Chinese label', () => {
    for (const label of Object.values(CASE_ACTION_LABELS)) expect(label).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe('levels', () => {
  it.each([
    ['daily', 'key'],
    ['key', 'task_force'],
    ['task_force', 'escalated'],
    ['escalated', null],
  ] as const)('%s goes up to %s', (from, to) => {
    expect(nextLevel(from)).toBe(to);
  });
  it.each([
    ['daily', 'daily', false],
    ['daily', 'escalated', true],
    ['task_force', 'key', false],
    ['key', 'task_force', true],
  ] as const)('%s → %s is higher: %s', (from, to, higher) => {
    expect(isHigherLevel(from, to)).toBe(higher);
  });
  it('labels every level and cause in Chinese', () => {
    expect(SUPERVISION_LEVELS.map((l) => SUPERVISION_LEVEL_LABELS[l])).toEqual([
      '日常督办',
      '重点督办',
      '专班调度',
      '提级督办',
    ]);
    for (const c of SUPERVISION_CAUSES) expect(SUPERVISION_CAUSE_LABELS[c]).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe('case deadlines on the working calendar', () => {
  // Friday 2026-02-13 before the Spring Festival: 2026-02-14 (Sat) is a make-up workday,
  // then the holiday runs to 2026-02-23.
  const friday = new Date('2026-02-13T10:00:00+08:00');
  it.each([
    ['escalated', '2026-02-14T17:30:00+08:00'],
    ['task_force', '2026-02-24T17:30:00+08:00'],
    ['key', '2026-02-25T17:30:00+08:00'],
    ['daily', '2026-02-27T17:30:00+08:00'],
  ] as const)('%s opened on 2026-02-13 is due %s', (level, due) => {
    expect(caseDeadline(level, friday, cal).toISOString()).toBe(new Date(due).toISOString());
  });
  it('escalation never gives more time than the current deadline', () => {
    const current = new Date('2026-02-14T12:00:00+08:00');
    expect(caseDeadline('escalated', friday, cal, current)).toEqual(current);
    const later = new Date('2026-03-30T12:00:00+08:00');
    expect(caseDeadline('escalated', friday, cal, later).toISOString()).toBe(
      new Date('2026-02-14T17:30:00+08:00').toISOString(),
    );
  });
});

describe('complaint periods (local time)', () => {
  it.each([
    ['month', '2026-03-31T23:30:00+08:00', '2026-03', '2026-03-01T00:00:00+08:00'],
    ['month', '2026-03-31T16:30:00Z', '2026-04', '2026-04-01T00:00:00+08:00'], // already April in China
    ['week', '2026-03-04T10:00:00+08:00', 'W2026-03-02', '2026-03-02T00:00:00+08:00'], // Wednesday
    ['week', '2026-03-08T23:00:00+08:00', 'W2026-03-02', '2026-03-02T00:00:00+08:00'], // Sunday
    ['week', '2026-03-09T00:00:00+08:00', 'W2026-03-09', '2026-03-09T00:00:00+08:00'], // Monday
  ] as const)('%s of %s is %s from %s', (period, at, key, start) => {
    const p = complaintPeriod(period, new Date(at), cal);
    expect(p.key).toBe(key);
    expect(p.start.toISOString()).toBe(new Date(start).toISOString());
  });
});

describe('rule parameters', () => {
  it('accepts every default rule', () => {
    for (const c of SUPERVISION_CAUSES) {
      expect(checkRuleParams(c, DEFAULT_SUPERVISION_RULES[c].params as Record<string, unknown>)).toBeNull();
    }
  });
  it.each([
    ['redispatched', { minRedispatches: 0 }, 'params.minRedispatches'],
    ['redispatched', { minRedispatches: 2.5 }, 'params.minRedispatches'],
    ['redispatched', { minRedispatches: '2' }, 'params.minRedispatches'],
    ['redispatched', {}, 'params.minRedispatches'],
    ['same_matter', { minPeople: 1 }, 'params.minPeople'],
    ['unit_complaints', { minComplaints: 3, period: 'year' }, 'params.period'],
    ['unit_complaints', { minComplaints: 3 }, 'params.period'],
    ['overdue', { graceMinutes: -1 }, 'params.graceMinutes'],
    ['overdue', { graceMinutes: 0, extra: 1 }, 'params.extra'],
    ['yellow', { anything: 1 }, 'params.anything'],
  ] as const)('%s %j is refused at %s', (cause, params, field) => {
    const problem = checkRuleParams(cause, params as Record<string, unknown>);
    expect(problem?.field).toBe(field);
    expect(problem?.message).toMatch(/[\u4e00-\u9fa5]/);
  });
  it('describes every parameter with a Chinese label', () => {
    for (const specs of Object.values(PARAM_SPECS))
      for (const s of Object.values(specs)) expect(s.label).toMatch(/[\u4e00-\u9fa5]/);
  });
});
