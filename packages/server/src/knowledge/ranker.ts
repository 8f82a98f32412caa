/**
 * The learned last step of knowledge-base answering: a linear model over a few match features of
 * (question, entry) that turns them into the probability that the entry answers the question. Pure,
 * no I/O. Trained by `npm run train:kb-ranker` (bench/knowledge-ranker.ts) on the answer-quality set:
 * a softmax over each question's candidates fixes the weights, then a logistic fit (Platt scaling)
 * makes the score a probability, so that the answer and ask-back thresholds keep one meaning.
 */
import { TRAINED } from './ranker-weights.ts';

/** What is known of one question–entry match; the shares are of the question's concept weight. */
export interface MatchFeatures {
  /** Share found in the title or a question variant. */
  head: number;
  /** Share found only in the case label or tags. */
  label: number;
  /** Share found only in the body or steps. */
  body: number;
  /** Share of the concepts weighed also by how specific they are in Chinese at large. */
  specific: number;
  /** … of that, found in the title or a question variant. */
  specificHead: number;
  /** Share of the question's concepts (each counting one) the entry holds anywhere. */
  conceptsHeld: number;
  /** Share of the title's character bigrams that the question holds. */
  titleHeld: number;
  /** Characters of body and steps (long entries hold stray words by chance). */
  bodyLength: number;
  /** Share of the question's weight, among concepts some candidate holds, that this entry lacks. */
  missing: number;
  /** Whether the question's heaviest concept is in the title or a question variant (0/1). */
  heaviestInHead: number;
  /** Character-bigram Dice likeness of the question to the title. */
  titleLikeness: number;
  /** … to the most alike question variant (0 when there are none). */
  questionLikeness: number;
  /** PostgreSQL's ts_rank of the candidate pass. */
  textRank: number;
  /** The entry prefers the caller's region (0/1). */
  region: number;
  /** Share of the question's specificity in words no entry holds (the same for every candidate). */
  unknown: number;
}

/** A candidate that matches nothing (the starting point of every candidate's features). */
export const noMatch = (): MatchFeatures => ({
  head: 0,
  label: 0,
  body: 0,
  specific: 0,
  specificHead: 0,
  conceptsHeld: 0,
  titleHeld: 0,
  bodyLength: 0,
  missing: 0,
  heaviestInHead: 0,
  titleLikeness: 0,
  questionLikeness: 0,
  textRank: 0,
  region: 0,
  unknown: 0,
});

export const FEATURE_NAMES = [
  'head',
  'label',
  'body',
  'specific',
  'missing',
  'heaviestInHead',
  'titleLikeness',
  'questionLikeness',
  'likeness',
  'textRank',
  'region',
  'specificHead',
  'conceptsHeld',
  'titleHeld',
  'bodyLength',
] as const satisfies readonly string[];

/** The ordering model's inputs for one candidate. */
export function featureVector(c: MatchFeatures): number[] {
  return [
    c.head,
    c.label,
    c.body,
    c.specific,
    c.missing,
    c.heaviestInHead,
    c.titleLikeness,
    c.questionLikeness,
    likeness(c),
    Math.log1p(c.textRank * 10),
    c.region,
    c.specificHead,
    c.conceptsHeld,
    c.titleHeld,
    Math.log1p(c.bodyLength / 100),
  ];
}

const likeness = (c: MatchFeatures) => Math.max(c.titleLikeness, c.questionLikeness);

export interface RankerWeights {
  /** One weight per feature (FEATURE_NAMES order): the linear score that orders the candidates. */
  w: number[];
  /**
   * The probability: sigmoid of these weights over [linear score, its distance below the question's
   * best, head, specific, conceptsHeld, likeness, unknown, 1]. The absolute inputs tell a good match
   * from the best of bad ones.
   */
  calibration: number[];
}

export const RANKER: RankerWeights = TRAINED;

const dot = (w: readonly number[], x: readonly number[]) => x.reduce((s, v, i) => s + v * (w[i] ?? 0), 0);
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const calibrationInputs = (z: number, best: number, c: MatchFeatures) => [
  z,
  z - best,
  c.head,
  c.specific,
  c.conceptsHeld,
  likeness(c),
  c.unknown,
  1,
];

/** A question's candidates' linear scores, which order them. */
const linearScores = (candidates: readonly MatchFeatures[], w: readonly number[]) =>
  candidates.map((c) => dot(w, featureVector(c)));

function softmax(z: readonly number[]): number[] {
  const max = Math.max(...z);
  const ex = z.map((v) => Math.exp(v - max));
  const sum = ex.reduce((a, b) => a + b, 0);
  return ex.map((v) => v / sum);
}

/** The calibration inputs of each candidate of one question, from their linear scores. */
function calibrationRows(candidates: readonly MatchFeatures[], z: readonly number[]): number[][] {
  const best = Math.max(...z);
  return candidates.map((c, i) => calibrationInputs(z[i] as number, best, c));
}

const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

/**
 * For each candidate of one question (rounded to 4 places): the probability that it answers the
 * question, and its share of the ordering softmax — how likely it is the one meant if the base
 * answers the question at all, which is what asking back compares.
 */
export function scoreCandidates(
  candidates: readonly MatchFeatures[],
  model: RankerWeights = RANKER,
): { probability: number; share: number }[] {
  const z = linearScores(candidates, model.w);
  const shares = softmax(z);
  return calibrationRows(candidates, z).map((inputs, i) => ({
    probability: round4(sigmoid(dot(model.calibration, inputs))),
    share: round4(shares[i] as number),
  }));
}

// ── training ───────────────────────────────────────────────────────────────────────────────────

/** One question: its candidates and which of them is right (null: none is, the base lacks the matter). */
export interface TrainingQuestion {
  candidates: MatchFeatures[];
  right: number | null;
}

/**
 * Fits the model, deterministically (full-batch gradient descent from zero): the ordering weights
 * by a softmax over each answerable question's candidates (listwise), L2-regularised; then the
 * calibration by logistic regression of "is right" over every candidate of every question,
 * including those the base cannot answer.
 */
export function trainRanker(
  questions: readonly TrainingQuestion[],
  o: { epochs?: number; rate?: number; l2?: number } = {},
): RankerWeights {
  const answerable = questions
    .filter((q) => q.right !== null && q.candidates.length > 0)
    .map((q) => ({ x: q.candidates.map(featureVector), right: q.right as number }));
  const dims = FEATURE_NAMES.length;
  const w = new Array<number>(dims).fill(0);
  const epochs = o.epochs ?? 2000;
  const rate = o.rate ?? 0.5;
  const l2 = o.l2 ?? 0.03;
  for (let e = 0; e < epochs && answerable.length > 0; e++) {
    const grad = w.map((v) => l2 * v);
    for (const q of answerable) {
      const p = softmax(q.x.map((x) => dot(w, x)));
      q.x.forEach((x, i) => {
        const err = (p[i] as number) - (i === q.right ? 1 : 0);
        for (let d = 0; d < dims; d++)
          grad[d] = (grad[d] as number) + (err * (x[d] as number)) / answerable.length;
      });
    }
    for (let d = 0; d < dims; d++) w[d] = (w[d] as number) - rate * (grad[d] as number);
  }
  const points = questions.flatMap((q) =>
    calibrationRows(q.candidates, linearScores(q.candidates, w)).map((inputs, i) => ({
      inputs,
      y: i === q.right ? 1 : 0,
      weight: q.right === null ? OUT_OF_SCOPE_WEIGHT : 1,
    })),
  );
  const mass = points.reduce((s, p) => s + p.weight, 0);
  const calibration = new Array<number>(calibrationInputs(0, 0, noMatch()).length).fill(0);
  for (let e = 0; e < 3000 && points.length > 0; e++) {
    const grad = calibration.map(() => 0);
    for (const p of points) {
      const err = (sigmoid(dot(calibration, p.inputs)) - p.y) * p.weight;
      p.inputs.forEach((v, d) => {
        grad[d] = (grad[d] as number) + (err * v) / mass;
      });
    }
    calibration.forEach((v, d) => {
      calibration[d] = v - 0.5 * (grad[d] as number);
    });
  }
  const round = (v: number) => Math.round(v * 1e5) / 1e5;
  return { w: w.map(round), calibration: calibration.map(round) };
}

/** Out-of-scope questions are few beside the answerable ones' candidates; each of theirs counts more. */
const OUT_OF_SCOPE_WEIGHT = 5;
