import { describe, expect, it } from 'vitest';
import { Rng } from '../demo/prng.ts';
import {
  FEATURE_NAMES,
  featureVector,
  type MatchFeatures,
  noMatch,
  RANKER,
  type RankerWeights,
  scoreCandidates,
  type TrainingQuestion,
  trainRanker,
} from './ranker.ts';

const match = (over: Partial<MatchFeatures> = {}): MatchFeatures => ({
  ...noMatch(),
  bodyLength: 300,
  textRank: 0.1,
  ...over,
});

/**
 * Synthetic questions: the right entry names the specific words in its title (high `specific`,
 * `head`), the wrong ones hold more of the question's words but only in their bodies (the stray
 * filler that misled the hand-set formula). Out-of-scope questions: every candidate weak, the
 * question mostly words no entry holds.
 */
function questions(rng: Rng, n: number, outOfScope = 0): TrainingQuestion[] {
  const out: TrainingQuestion[] = [];
  for (let q = 0; q < n; q++) {
    const candidates = Array.from({ length: 8 }, () =>
      match({
        body: rng.between(0.3, 0.7),
        conceptsHeld: rng.between(0.4, 0.8),
        specific: rng.between(0.05, 0.3),
        head: rng.between(0, 0.3),
      }),
    );
    const right = Math.floor(rng.next() * candidates.length);
    candidates[right] = match({
      head: rng.between(0.4, 0.8),
      specific: rng.between(0.5, 0.9),
      specificHead: rng.between(0.4, 0.8),
      conceptsHeld: rng.between(0.3, 0.6),
      titleLikeness: rng.between(0.2, 0.5),
    });
    out.push({ candidates, right });
  }
  for (let q = 0; q < outOfScope; q++)
    out.push({
      candidates: Array.from({ length: 8 }, () =>
        match({ head: rng.between(0, 0.5), specific: rng.between(0, 0.2), unknown: rng.between(0.5, 0.9) }),
      ),
      right: null,
    });
  return out;
}

const answerShares = (c: MatchFeatures[], m: RankerWeights) => scoreCandidates(c, m).map((s) => s.share);
const answerProbabilities = (c: MatchFeatures[], m: RankerWeights) =>
  scoreCandidates(c, m).map((s) => s.probability);

const firstIsRight = (q: TrainingQuestion, scores: number[]) =>
  scores.indexOf(Math.max(...scores)) === q.right;

describe('answer ranker', () => {
  const train = questions(new Rng(1), 120, 30);
  const model = trainRanker(train, { epochs: 400 });

  it('learns to put the right entry first on questions it was not trained on', () => {
    const test = questions(new Rng(2), 100);
    const hits = test.filter((q) => firstIsRight(q, answerShares(q.candidates, model))).length;
    expect(hits).toBeGreaterThanOrEqual(95);
    // Holding many words only in the body is worth less than naming the specific ones in the head.
    const specificAt = FEATURE_NAMES.indexOf('specific');
    const bodyAt = FEATURE_NAMES.indexOf('body');
    expect(model.w[specificAt]).toBeGreaterThan(model.w[bodyAt] as number);
  });

  it('gives a right answer a higher probability than the best of an out-of-scope question', () => {
    const test = questions(new Rng(3), 60, 60);
    const best = (q: TrainingQuestion) => Math.max(...answerProbabilities(q.candidates, model));
    const inScope = test.filter((q) => q.right !== null).map(best);
    const outOfScope = test.filter((q) => q.right === null).map(best);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(inScope)).toBeGreaterThan(mean(outOfScope) + 0.3);
    for (const p of [...inScope, ...outOfScope]) {
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
  });

  it('shares of one question sum to one and follow the ordering', () => {
    const q = questions(new Rng(4), 1)[0] as TrainingQuestion;
    const shares = answerShares(q.candidates, model);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    expect(firstIsRight(q, shares)).toBe(true);
  });

  it('trains deterministically', () => {
    expect(trainRanker(train, { epochs: 400 })).toEqual(model);
  });

  it('ships weights for every feature and calibration input (retrain after changing them)', () => {
    expect(RANKER.w).toHaveLength(FEATURE_NAMES.length);
    expect(featureVector(match())).toHaveLength(FEATURE_NAMES.length);
    expect(RANKER.calibration).toHaveLength(model.calibration.length);
  });
});
