/**
 * The category classifier: cleaned, segmented text → sparse TF-IDF features → one linear model
 * (logistic regression, optionally blended with complement naive Bayes) → top labels with
 * temperature-calibrated probabilities and the features that drove the choice.
 */
import { Rng } from '../../demo/prng.ts';
import { fitTemperature } from './calibration.ts';
import {
  DEFAULT_FEATURES,
  displayFeature,
  type FeatureConfig,
  featureCounts,
  type SparseVector,
  Vectoriser,
} from './features.ts';
import {
  blend,
  DEFAULT_SGD,
  type LinearModel,
  linearScores,
  type SgdOptions,
  softmax,
  trainComplementNb,
  trainSgd,
} from './linear.ts';
import { Segmenter } from './segmenter.ts';

export interface ClassifierOptions {
  features: FeatureConfig;
  sgd: SgdOptions;
  /** Weight of complement naive Bayes blended into the model (0 = logistic regression alone). */
  cnbWeight: number;
  cnbAlpha: number;
  /** Share of the items held out (stratified) to fit the softmax temperature; 0 = none (T = 1). */
  calibrationShare: number;
  /** Words of the deployment's user dictionary (places, units, terms). */
  userWords: readonly string[];
  onProgress?: (message: string) => void;
}

export const DEFAULT_CLASSIFIER: ClassifierOptions = {
  features: DEFAULT_FEATURES,
  sgd: DEFAULT_SGD,
  cnbWeight: 1,
  cnbAlpha: 0.3,
  calibrationShare: 0.1,
  userWords: [],
};

export interface LabelProbability {
  label: string;
  probability: number;
}

export interface Contribution {
  /** Readable feature: a word, `a b` for a bigram, 「…」 for characters, `标题:…` for a title word. */
  feature: string;
  /** How much it raised the predicted label's score over the average label's. */
  weight: number;
}

export interface Classification {
  top: LabelProbability[];
  explanation: Contribution[];
}

/** Items are the text fields of one order, in the configured order (e.g. title, detail). */
export type Item = readonly string[];

export class TextClassifier {
  private readonly scratch: Float64Array;

  constructor(
    readonly labels: readonly string[],
    readonly features: FeatureConfig,
    readonly segmenter: Segmenter,
    readonly vectoriser: Vectoriser,
    readonly model: LinearModel,
    readonly temperature: number,
  ) {
    this.scratch = new Float64Array(labels.length);
  }

  /** Trains on items and their labels; deterministic for a given `options.sgd.seed`. */
  static train(items: readonly Item[], labels: readonly string[], options: Partial<ClassifierOptions> = {}) {
    const opts = { ...DEFAULT_CLASSIFIER, ...options };
    const segmenter = new Segmenter(opts.userWords);
    opts.onProgress?.(`分词与特征: ${items.length} 条`);
    const counts = items.map((item) => featureCounts(item, segmenter, opts.features));
    return TextClassifier.trainFromCounts(counts, labels, segmenter, opts);
  }

  /** Training from precomputed {@link featureCounts} (cross-validation reuses them across folds). */
  static trainFromCounts(
    counts: readonly Map<string, number>[],
    labels: readonly string[],
    segmenter: Segmenter,
    opts: ClassifierOptions,
  ): TextClassifier {
    if (counts.length !== labels.length) throw new RangeError('items and labels differ in length');
    const classes = [...new Set(labels)].sort();
    if (classes.length < 2) throw new RangeError('训练至少需要两个类别');
    let temperature = 1;
    if (opts.calibrationShare > 0) {
      const held = calibrationSlice(labels, opts.calibrationShare, opts.sgd.seed);
      if (held.size >= classes.length) {
        const trainIdx = counts.map((_, i) => i).filter((i) => !held.has(i));
        const part = fitOnce(
          trainIdx.map((i) => counts[i] as Map<string, number>),
          trainIdx.map((i) => labels[i] as string),
          classes,
          { ...opts, onProgress: undefined },
        );
        const logits: Float64Array[] = [];
        const truth: number[] = [];
        for (const i of held) {
          logits.push(part.logits(part.vectoriser.transform(counts[i] as Map<string, number>)).slice());
          truth.push(classes.indexOf(labels[i] as string));
        }
        temperature = fitTemperature(logits, truth);
        opts.onProgress?.(`校准温度 T = ${temperature.toFixed(3)}（留出 ${held.size} 条）`);
      }
    }
    const full = fitOnce(counts, labels, classes, opts);
    return new TextClassifier(classes, opts.features, segmenter, full.vectoriser, full.model, temperature);
  }

  vectorise(item: Item): SparseVector {
    return this.vectoriser.transform(featureCounts(item, this.segmenter, this.features));
  }

  /** Raw class scores of a vector (reused buffer: copy it to keep it). */
  logits(x: SparseVector): Float64Array {
    return linearScores(this.model, x, this.scratch);
  }

  /** The most likely label only. */
  predictLabel(item: Item): string {
    const z = this.logits(this.vectorise(item));
    let best = 0;
    for (let k = 1; k < z.length; k++) if ((z[k] as number) > (z[best] as number)) best = k;
    return this.labels[best] as string;
  }

  /** The `top` most likely labels with calibrated probabilities, and the `explain` strongest features. */
  classify(item: Item, top = 3, explain = 8): Classification {
    const x = this.vectorise(item);
    const p = softmax(this.logits(x), this.temperature);
    const ranked = this.labels
      .map((label, k) => ({ label, probability: p[k] as number }))
      .sort((a, b) => b.probability - a.probability || a.label.localeCompare(b.label))
      .slice(0, top);
    const best = this.labels.indexOf((ranked[0] as LabelProbability).label);
    return { top: ranked, explanation: this.explain(x, best, explain) };
  }

  /** Features ranked by x_j · (w_jc − mean_k w_jk): what pushed class c above the others. */
  private explain(x: SparseVector, c: number, count: number): Contribution[] {
    const { K, W } = this.model;
    const found: { j: number; weight: number }[] = [];
    for (let n = 0; n < x.idx.length; n++) {
      const j = x.idx[n] as number;
      let mean = 0;
      for (let k = 0; k < K; k++) mean += W[j * K + k] as number;
      const weight = (x.val[n] as number) * ((W[j * K + c] as number) - mean / K);
      if (weight > 0) found.push({ j, weight });
    }
    return found
      .sort((a, b) => b.weight - a.weight)
      .slice(0, count)
      .map(({ j, weight }) => ({ feature: displayFeature(this.vectoriser.vocab[j] as string), weight }));
  }
}

function fitOnce(
  counts: readonly Map<string, number>[],
  labels: readonly string[],
  classes: readonly string[],
  opts: ClassifierOptions,
): { vectoriser: Vectoriser; model: LinearModel; logits: (x: SparseVector) => Float64Array } {
  const vectoriser = Vectoriser.fit(counts, opts.features.minDf);
  const X = counts.map((c) => vectoriser.transform(c));
  const y = Int32Array.from(labels, (l) => classes.indexOf(l));
  const K = classes.length;
  opts.onProgress?.(`特征 ${vectoriser.size} 个，训练 ${opts.sgd.epochs} 轮`);
  let model = trainSgd(X, y, K, vectoriser.size, {
    ...opts.sgd,
    onEpoch: (e) => opts.onProgress?.(`第 ${e}/${opts.sgd.epochs} 轮`),
  });
  if (opts.cnbWeight > 0)
    model = blend(model, trainComplementNb(X, y, K, vectoriser.size, opts.cnbAlpha), opts.cnbWeight);
  const scratch = new Float64Array(K);
  return { vectoriser, model, logits: (x) => linearScores(model, x, scratch) };
}

/** A stratified, seeded sample of about `share` of the items of each label. */
function calibrationSlice(labels: readonly string[], share: number, seed: number): Set<number> {
  const rng = new Rng(seed ^ 0x5eed);
  const byLabel = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const list = byLabel.get(l);
    if (list) list.push(i);
    else byLabel.set(l, [i]);
  });
  const held = new Set<number>();
  for (const list of byLabel.values()) {
    if (list.length < 5) continue;
    for (const i of rng.shuffle(list).slice(0, Math.round(list.length * share))) held.add(i);
  }
  return held;
}
