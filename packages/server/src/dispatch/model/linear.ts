/**
 * Linear multi-class models over sparse vectors: multinomial logistic regression or a
 * Crammer–Singer linear SVM trained by per-item AdaGrad SGD, and complement naive Bayes.
 * Weights are feature-major (`W[j * K + k]`), so one item touches K contiguous floats per feature.
 * Deterministic for a given seed.
 */
import { Rng } from '../../demo/prng.ts';
import type { SparseVector } from './features.ts';

export interface LinearModel {
  /** Classes and features. */
  K: number;
  D: number;
  W: Float32Array;
  b: Float32Array;
}

export interface SgdOptions {
  loss: 'softmax' | 'hinge';
  epochs: number;
  /** AdaGrad base learning rate. */
  lr: number;
  /** L2 penalty, applied to the weights an item touches. */
  l2: number;
  /** Weigh classes inversely to their frequency (helps macro-F1 on rare classes). */
  balanced: boolean;
  seed: number;
  onEpoch?: (epoch: number) => void;
}

export const DEFAULT_SGD: SgdOptions = {
  loss: 'softmax',
  epochs: 5,
  lr: 0.2,
  l2: 3e-4,
  balanced: true,
  seed: 1,
};

/** Raw class scores (logits) of one vector into `out`. */
export function linearScores(m: LinearModel, x: SparseVector, out: Float64Array): Float64Array {
  const { K, W, b } = m;
  for (let k = 0; k < K; k++) out[k] = b[k] as number;
  for (let n = 0; n < x.idx.length; n++) {
    const base = (x.idx[n] as number) * K;
    const v = x.val[n] as number;
    for (let k = 0; k < K; k++) out[k] = (out[k] as number) + v * (W[base + k] as number);
  }
  return out;
}

/** Softmax of `z / temperature` in place. */
export function softmax(z: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v / temperature);
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    z[k] = Math.exp((z[k] as number) / temperature - max);
    sum += z[k] as number;
  }
  for (let k = 0; k < z.length; k++) z[k] = (z[k] as number) / sum;
  return z;
}

function classWeights(y: Int32Array, K: number, balanced: boolean): Float64Array {
  const w = new Float64Array(K).fill(1);
  if (!balanced) return w;
  const count = new Float64Array(K);
  for (const c of y) count[c] = (count[c] as number) + 1;
  for (let k = 0; k < K; k++) w[k] = count[k] ? y.length / (K * (count[k] as number)) : 0;
  return w;
}

/** Trains a linear model by AdaGrad SGD, one item at a time in a seeded shuffled order. */
export function trainSgd(
  X: readonly SparseVector[],
  y: Int32Array,
  K: number,
  D: number,
  opts: SgdOptions,
): LinearModel {
  const W = new Float32Array(D * K);
  const G = new Float32Array(D * K);
  const b = new Float32Array(K);
  const Gb = new Float64Array(K);
  const cw = classWeights(y, K, opts.balanced);
  const rng = new Rng(opts.seed);
  const order = Array.from(X.keys());
  const z = new Float64Array(K);
  const g = new Float64Array(K);
  const model = { K, D, W, b };
  const eps = 1e-8;
  const { lr, l2 } = opts;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    rng.shuffle(order);
    for (const i of order) {
      const x = X[i] as SparseVector;
      const c = y[i] as number;
      const weight = cw[c] as number;
      linearScores(model, x, z);
      if (opts.loss === 'softmax') {
        softmax(z);
        for (let k = 0; k < K; k++) g[k] = weight * ((z[k] as number) - (k === c ? 1 : 0));
      } else {
        // Crammer–Singer: push the true class above the most violating other class by a margin of 1.
        let worst = -1;
        let worstScore = -Infinity;
        for (let k = 0; k < K; k++)
          if (k !== c && (z[k] as number) > worstScore) {
            worst = k;
            worstScore = z[k] as number;
          }
        g.fill(0);
        if (worst >= 0 && 1 - (z[c] as number) + worstScore > 0) {
          g[c] = -weight;
          g[worst] = weight;
        }
      }
      for (let k = 0; k < K; k++) {
        const gk = g[k] as number;
        Gb[k] = (Gb[k] as number) + gk * gk;
        b[k] = (b[k] as number) - (opts.lr * gk) / Math.sqrt((Gb[k] as number) + eps);
      }
      const { idx, val } = x;
      for (let n = 0; n < idx.length; n++) {
        const base = (idx[n] as number) * K;
        const v = val[n] as number;
        for (let k = 0; k < K; k++) {
          const p = base + k;
          const w = W[p] as number;
          const grad = (g[k] as number) * v + l2 * w;
          const acc = (G[p] as number) + grad * grad;
          G[p] = acc;
          W[p] = w - (lr * grad) / Math.sqrt(acc + eps);
        }
      }
    }
    opts.onEpoch?.(epoch + 1);
  }
  return model;
}

/**
 * Complement naive Bayes weights (Rennie et al. 2003) as a linear model: for class k and feature j,
 * −log of feature j's smoothed share among the texts of all other classes.
 */
export function trainComplementNb(
  X: readonly SparseVector[],
  y: Int32Array,
  K: number,
  D: number,
  alpha: number,
): LinearModel {
  const perClass = new Float64Array(D * K);
  const total = new Float64Array(D);
  for (let i = 0; i < X.length; i++) {
    const x = X[i] as SparseVector;
    const c = y[i] as number;
    for (let n = 0; n < x.idx.length; n++) {
      const j = x.idx[n] as number;
      const v = x.val[n] as number;
      perClass[j * K + c] = (perClass[j * K + c] as number) + v;
      total[j] = (total[j] as number) + v;
    }
  }
  const classSum = new Float64Array(K);
  for (let j = 0; j < D; j++)
    for (let k = 0; k < K; k++) classSum[k] = (classSum[k] as number) + (perClass[j * K + k] as number);
  const grand = classSum.reduce((s, v) => s + v, 0);
  const W = new Float32Array(D * K);
  for (let j = 0; j < D; j++)
    for (let k = 0; k < K; k++) {
      const comp = (total[j] as number) - (perClass[j * K + k] as number) + alpha;
      const compTotal = grand - (classSum[k] as number) + alpha * D;
      W[j * K + k] = -Math.log(comp / compTotal);
    }
  return { K, D, W, b: new Float32Array(K) };
}

/**
 * `a + scale × b`, with b centred per feature first (a per-feature shift common to all classes
 * changes no prediction); one linear model that predicts like the ensemble of the two.
 */
export function blend(a: LinearModel, bModel: LinearModel, scale: number): LinearModel {
  const { K, D } = a;
  const W = new Float32Array(a.W);
  for (let j = 0; j < D; j++) {
    let mean = 0;
    for (let k = 0; k < K; k++) mean += bModel.W[j * K + k] as number;
    mean /= K;
    for (let k = 0; k < K; k++)
      W[j * K + k] = (W[j * K + k] as number) + scale * ((bModel.W[j * K + k] as number) - mean);
  }
  const b = Float32Array.from(a.b, (v, k) => v + scale * (bModel.b[k] as number));
  return { K, D, W, b };
}
