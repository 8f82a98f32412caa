import { describe, expect, it } from 'vitest';
import { syntheticCorpus } from '../synthetic-corpus.ts';
import { TextClassifier } from './classifier.ts';
import { DEFAULT_SGD } from './linear.ts';
import { evaluate } from './metrics.ts';
import { deserialiseClassifier, serialiseClassifier } from './serialise.ts';

const train = syntheticCorpus(150, 1);
const test = syntheticCorpus(60, 2);
const model = TextClassifier.train(
  train.map((r) => [r.title, r.detail]),
  train.map((r) => r.label),
);

describe('text classifier on a synthetic 3-class corpus', () => {
  it('reaches high accuracy on held-out items', () => {
    const predicted = test.map((r) => model.predictLabel([r.title, r.detail]));
    const e = evaluate(
      test.map((r) => r.label),
      predicted,
    );
    expect(e.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(e.macro_f1).toBeGreaterThanOrEqual(0.95);
  });

  it('returns the top 3 labels, sorted, with probabilities summing to at most 1', () => {
    for (const r of test.slice(0, 10)) {
      const { top } = model.classify([r.title, r.detail]);
      expect(top).toHaveLength(3);
      const p = top.map((t) => t.probability);
      expect([...p].sort((a, b) => b - a)).toEqual(p);
      expect(p.reduce((s, x) => s + x, 0)).toBeLessThanOrEqual(1 + 1e-9);
      for (const x of p) expect(x).toBeGreaterThan(0);
    }
    expect(model.temperature).toBeGreaterThan(0);
    expect(Number.isFinite(model.temperature)).toBe(true);
  });

  it('names the words that drove the prediction', () => {
    const c = model.classify(['医保报销问题', '异地就医的住院药费怎么报销']);
    expect(c.top[0]?.label).toBe('医疗保障');
    const names = c.explanation.map((e) => e.feature).join(' ');
    expect(names).toMatch(/医保|报销|住院|药费|异地就医/);
    expect(names).not.toMatch(/噪音|公积金/);
    const weights = c.explanation.map((e) => e.weight);
    expect([...weights].sort((a, b) => b - a)).toEqual(weights);
  });

  it('gives identical predictions after serialise → JSON → deserialise', () => {
    const json = JSON.parse(JSON.stringify(serialiseClassifier(model)));
    const loaded = deserialiseClassifier(json);
    for (const r of test)
      expect(loaded.classify([r.title, r.detail])).toEqual(model.classify([r.title, r.detail]));
    expect(() => deserialiseClassifier({ ...json, weights: 'AAAA' })).toThrow(/损坏/);
    expect(() => deserialiseClassifier({ format: 'other' })).toThrow();
  });

  it('is deterministic for a seed and differs for another seed', () => {
    const items = train.map((r) => [r.title, r.detail]);
    const labels = train.map((r) => r.label);
    const again = TextClassifier.train(items, labels);
    expect(Buffer.from(again.model.W.buffer).equals(Buffer.from(model.model.W.buffer))).toBe(true);
    const other = TextClassifier.train(items, labels, { sgd: { ...DEFAULT_SGD, seed: 7 } });
    expect(Buffer.from(other.model.W.buffer).equals(Buffer.from(model.model.W.buffer))).toBe(false);
  });

  it('keeps the user dictionary in the model', () => {
    const m = TextClassifier.train(
      train.map((r) => [r.title, r.detail]),
      train.map((r) => r.label),
      { userWords: ['雨花亭西社区'] },
    );
    const loaded = deserialiseClassifier(JSON.parse(JSON.stringify(serialiseClassifier(m))));
    expect(loaded.segmenter.cut('雨花亭西社区噪音')).toContain('雨花亭西社区');
  });
});
