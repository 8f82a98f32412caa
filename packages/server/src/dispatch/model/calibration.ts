/** Temperature scaling (Guo et al. 2017): one scalar T for softmax(z / T), fitted on held-out items. */
import { softmax } from './linear.ts';

/** Mean negative log-likelihood of the true classes at temperature T. */
export function nll(logits: readonly Float64Array[], truth: readonly number[], temperature: number): number {
  let sum = 0;
  logits.forEach((z, i) => {
    const p = softmax(z.slice(), temperature)[truth[i] as number] as number;
    sum -= Math.log(Math.max(p, 1e-12));
  });
  return sum / Math.max(logits.length, 1);
}

/** The T in [0.05, 20] that minimises held-out NLL, by golden-section search on ln T. */
export function fitTemperature(logits: readonly Float64Array[], truth: readonly number[]): number {
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = hi - phi * (hi - lo);
  let b = lo + phi * (hi - lo);
  let fa = nll(logits, truth, Math.exp(a));
  let fb = nll(logits, truth, Math.exp(b));
  for (let i = 0; i < 60; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - phi * (hi - lo);
      fa = nll(logits, truth, Math.exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + phi * (hi - lo);
      fb = nll(logits, truth, Math.exp(b));
    }
  }
  return Math.exp((lo + hi) / 2);
}
