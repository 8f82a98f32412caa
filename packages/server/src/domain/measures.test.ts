import { describe, expect, it } from 'vitest';
import {
  addCounters,
  assessmentCard,
  assessmentScore,
  DEFAULT_ASSESSMENT_SETTINGS,
  type MeasureCounters,
  type Measures,
  measuresOf,
  oneTimeResolutionRate,
  rankByScore,
  rate,
  satisfactionRate,
  zeroCounters,
} from './measures.ts';

describe('measures', () => {
  it('a rate with nothing to count is null, not zero', () => {
    expect(rate(0, 0)).toBeNull();
    expect(rate(1, 4)).toBe(0.25);
    expect(satisfactionRate({ satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 })).toBeNull();
    expect(oneTimeResolutionRate([])).toBeNull();
  });

  it('satisfaction counts 满意 and 基本满意 fully', () => {
    expect(satisfactionRate({ satisfied: 6, basicallySatisfied: 3, dissatisfied: 1 })).toBe(0.9);
  });

  it('one-time resolution excludes redone and unresolved orders', () => {
    expect(
      oneTimeResolutionRate([
        { redoCount: 0, resolved: true },
        { redoCount: 1, resolved: true },
        { redoCount: 0, resolved: false },
        { redoCount: 0, resolved: null },
      ]),
    ).toBe(0.25);
  });
});

describe('三率 / 四率 from roll-up counters', () => {
  const c = (over: Partial<MeasureCounters>): MeasureCounters => ({ ...zeroCounters(), ...over });
  const cases: [string, Partial<MeasureCounters>, Partial<Measures>][] = [
    [
      'nothing happened: every rate null, none overdue',
      {},
      { responseRate: null, satisfactionRate: null, overdueCount: 0 },
    ],
    [
      '响应率 counts signatures within the limit over dispatches (a redo re-dispatch counts again)',
      { dispatched: 4, signed: 4, signedInTime: 3 },
      { responseRate: 0.75, returnRate: 0 },
    ],
    [
      '办结率: closed due orders over closed + still open due orders',
      { dueClosed: 9, dueOpen: 1, dueOpenOverdue: 1, dueClosedLate: 2 },
      { completionRate: 0.9, overdueCount: 3 },
    ],
    [
      '按时办结率 and 重办率 over closed orders (a redone order once)',
      { closed: 10, closedOnTime: 8, closedRedone: 1 },
      { onTimeRate: 0.8, redoRate: 0.1 },
    ],
    [
      '解决率 and 满意率 over visits; 基本满意 counts fully',
      { visited: 10, resolved: 9, satisfied: 6, basicallySatisfied: 2, dissatisfied: 2 },
      { resolutionRate: 0.9, satisfactionRate: 0.8 },
    ],
    [
      '直接答复率 over received, 退单率 over dispatches',
      { received: 8, directAnswered: 2, dispatched: 5, returned: 1 },
      { directAnswerRate: 0.25, returnRate: 0.2 },
    ],
  ];
  it.each(cases)('%s', (_name, counters, expected) => {
    expect(measuresOf(c(counters))).toMatchObject(expected);
  });

  it('adds counters field by field', () => {
    expect(addCounters(c({ closed: 1, visited: 2 }), c({ closed: 3 }))).toEqual(c({ closed: 4, visited: 2 }));
  });

  const s = DEFAULT_ASSESSMENT_SETTINGS;
  it.each([
    [
      'all three rates',
      { dispatched: 10, signedInTime: 10, visited: 10, resolved: 8, satisfied: 9 },
      30 * 1 + 35 * 0.8 + 35 * 0.9,
    ],
    ['no visits: the score rests on 响应率 alone', { dispatched: 10, signedInTime: 9 }, 90],
    ['no data at all', {}, null],
  ] as const)('score with weights 30/35/35: %s', (_n, counters, expected) => {
    const score = assessmentScore(c(counters), s);
    if (expected === null) expect(score).toBeNull();
    else expect(score).toBeCloseTo(expected, 2);
  });

  it.each([
    ['on target', { dispatched: 100, signedInTime: 99, visited: 50, satisfied: 46 }, 'none'],
    ['response under 98%', { dispatched: 100, signedInTime: 95, visited: 50, satisfied: 46 }, 'yellow'],
    ['satisfaction under 80%', { dispatched: 100, signedInTime: 100, visited: 50, satisfied: 39 }, 'red'],
    ['too few dispatches to judge', { dispatched: 5, signedInTime: 0 }, 'none'],
  ] as const)('card: %s', (_n, counters, card) => {
    expect(assessmentCard(c(counters), s)).toBe(card);
  });

  it('ranks ties equally and leaves unscored units unranked', () => {
    const ranked = rankByScore([
      { id: 1, score: 80 },
      { id: 2, score: null },
      { id: 3, score: 95 },
      { id: 4, score: 80 },
    ]);
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([
      [3, 1],
      [1, 2],
      [4, 2],
      [2, null],
    ]);
  });
});
