import { describe, expect, it } from 'vitest';
import { formatOrderNumber, ORDER_NUMBER_PATTERN } from './order-number.ts';

describe('order numbers', () => {
  it.each([
    ['2026-11-22', 1, '261122000001'],
    ['2026-11-22', 87_000, '261122087000'],
    ['2025-01-05', 999_999, '250105999999'],
    ['2025-01-05', 1_000_000, '250105000000'],
    ['2025-01-05', 3_456_789, '250105456789'],
  ])('%s with sequence %i is %s', (day, seq, number) => {
    expect(formatOrderNumber(day, seq)).toBe(number);
    expect(number).toMatch(ORDER_NUMBER_PATTERN);
  });

  it('a million consecutive sequence values on one day give a million distinct numbers', () => {
    const seen = new Set<string>();
    for (let i = 5_000_000; i < 6_000_000; i++) seen.add(formatOrderNumber('2026-11-22', i));
    expect(seen.size).toBe(1_000_000);
  });

  it('refuses a malformed date', () => {
    expect(() => formatOrderNumber('2026/11/22', 1)).toThrow(RangeError);
  });
});
