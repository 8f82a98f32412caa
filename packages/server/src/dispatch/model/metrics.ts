/** Evaluation of a classifier: accuracy, macro-F1, per-class figures, and stratified group folds. */
import { Rng } from '../../demo/prng.ts';

export interface ClassFigures {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Evaluation {
  n: number;
  accuracy: number;
  macro_f1: number;
  per_class: Record<string, ClassFigures>;
}

/**
 * Accuracy, per-class precision/recall/F1 and their unweighted mean over the classes that occur in
 * the truth or the predictions (macro-F1, as scikit-learn computes it).
 */
export function evaluate(truth: readonly string[], predicted: readonly string[]): Evaluation {
  if (truth.length !== predicted.length) throw new RangeError('truth and predictions differ in length');
  const labels = [...new Set([...truth, ...predicted])].sort();
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  let correct = 0;
  truth.forEach((t, i) => {
    const p = predicted[i] as string;
    if (t === p) {
      correct++;
      tp.set(t, (tp.get(t) ?? 0) + 1);
    } else {
      fp.set(p, (fp.get(p) ?? 0) + 1);
      fn.set(t, (fn.get(t) ?? 0) + 1);
    }
  });
  const per_class: Record<string, ClassFigures> = {};
  let f1Sum = 0;
  for (const l of labels) {
    const a = tp.get(l) ?? 0;
    const precision = a + (fp.get(l) ?? 0) ? a / (a + (fp.get(l) ?? 0)) : 0;
    const recall = a + (fn.get(l) ?? 0) ? a / (a + (fn.get(l) ?? 0)) : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    per_class[l] = { precision, recall, f1, support: a + (fn.get(l) ?? 0) };
    f1Sum += f1;
  }
  return {
    n: truth.length,
    accuracy: truth.length ? correct / truth.length : 0,
    macro_f1: labels.length ? f1Sum / labels.length : 0,
    per_class,
  };
}

/**
 * Splits items into k folds so that every group (e.g. reposts sharing a title) stays within one
 * fold and each label is spread evenly: groups are dealt, largest first and in seeded order, to the
 * fold that holds the fewest items of the group's majority label. Returns each item's fold.
 */
export function stratifiedGroupFolds(
  labels: readonly string[],
  groups: readonly string[],
  k: number,
  seed: number,
): Int32Array {
  const members = new Map<string, number[]>();
  groups.forEach((g, i) => {
    const list = members.get(g);
    if (list) list.push(i);
    else members.set(g, [i]);
  });
  const rng = new Rng(seed);
  const entries = rng.shuffle([...members.values()]);
  entries.sort((a, b) => b.length - a.length);
  const perFold = Array.from({ length: k }, () => new Map<string, number>());
  const sizes = new Array<number>(k).fill(0);
  const fold = new Int32Array(labels.length);
  for (const items of entries) {
    const label = labels[items[0] as number] as string;
    let best = 0;
    for (let f = 1; f < k; f++) {
      const a = perFold[f]?.get(label) ?? 0;
      const b = perFold[best]?.get(label) ?? 0;
      if (a < b || (a === b && (sizes[f] as number) < (sizes[best] as number))) best = f;
    }
    for (const i of items) {
      fold[i] = best;
      const m = perFold[best] as Map<string, number>;
      m.set(labels[i] as string, (m.get(labels[i] as string) ?? 0) + 1);
    }
    sizes[best] = (sizes[best] as number) + items.length;
  }
  return fold;
}
