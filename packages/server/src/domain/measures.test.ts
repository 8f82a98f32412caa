import { describe, expect, it } from 'vitest';
import { oneTimeResolutionRate, rate, satisfactionRate } from './measures.ts';

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
