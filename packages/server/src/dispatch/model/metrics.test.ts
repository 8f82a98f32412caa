import { expect, it } from 'vitest';
import { evaluate, stratifiedGroupFolds } from './metrics.ts';

it('computes accuracy, per-class figures and macro-F1', () => {
  const e = evaluate(['a', 'a', 'b', 'b', 'c'], ['a', 'b', 'b', 'b', 'a']);
  expect(e.n).toBe(5);
  expect(e.accuracy).toBeCloseTo(3 / 5);
  expect(e.per_class.a).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
  expect(e.per_class.b?.precision).toBeCloseTo(2 / 3);
  expect(e.per_class.b?.recall).toBe(1);
  expect(e.per_class.c).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
  expect(e.macro_f1).toBeCloseTo((0.5 + 0.8 + 0) / 3);
});

it('keeps groups within one fold and spreads labels evenly', () => {
  const labels: string[] = [];
  const groups: string[] = [];
  for (let i = 0; i < 100; i++) {
    labels.push(i % 4 === 0 ? 'rare' : 'common');
    groups.push(`g${Math.floor(i / 2)}`);
  }
  const fold = stratifiedGroupFolds(labels, groups, 5, 1);
  for (let i = 0; i < 100; i += 2) expect(fold[i]).toBe(fold[i + 1]);
  for (let f = 0; f < 5; f++) {
    const inFold = labels.filter((_, i) => fold[i] === f);
    expect(inFold.length).toBe(20);
    expect(inFold.filter((l) => l === 'rare').length).toBe(5);
  }
});
