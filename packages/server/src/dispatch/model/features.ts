/**
 * Features of a text: word unigrams and bigrams from jieba, and character n-grams, weighted by
 * sublinear TF-IDF and L2-normalised. Features are indexed by a vocabulary learnt from the training
 * texts (kept when seen in at least `minDf` of them) rather than hashed, so that every weight has a
 * readable name for the explanations and no two features share a weight.
 */
import type { Segmenter } from './segmenter.ts';
import { cleanText, MASK_NAME } from './text.ts';

export interface FeatureConfig {
  /** Word n-grams up to this length (1 or 2). */
  wordNgrams: number;
  /** Character n-grams from `charMin` to `charMax` characters (0 = none), within runs of words. */
  charMin: number;
  charMax: number;
  /** Words of the first field (the title) also count as features of their own. */
  firstFieldWords: boolean;
  /** A feature is kept when it occurs in at least this many training texts. */
  minDf: number;
}

export const DEFAULT_FEATURES: FeatureConfig = {
  wordNgrams: 2,
  charMin: 1,
  charMax: 2,
  firstFieldWords: true,
  minDf: 2,
};

/** A sparse vector: feature indices (in order of first occurrence in the text) and their values. */
export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

// Characters that carry meaning: letters, digits, Han and the mask placeholders.
const MEANINGFUL = /[\p{L}\p{N}\uE000-\uE0FF]/u;
const SEPARATORS = /[^\p{L}\p{N}\uE000-\uE0FF]+/u;
const ASTRAL = /[\uD800-\uDFFF]/;

function add(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/**
 * Raw feature counts of one item's text fields (e.g. title and detail). Names carry a kind prefix:
 * `w:` word, `b:` word bigram, `c:` character n-gram, `t:` word of the first field.
 */
export function featureCounts(
  fields: readonly string[],
  segmenter: Segmenter,
  config: FeatureConfig,
): Map<string, number> {
  const counts = new Map<string, number>();
  fields.forEach((raw, f) => {
    const text = cleanText(raw);
    if (!text) return;
    const words = segmenter.cut(text).filter((w) => MEANINGFUL.test(w));
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as string;
      add(counts, `w:${w}`);
      if (f === 0 && config.firstFieldWords) add(counts, `t:${w}`);
      if (config.wordNgrams >= 2 && i + 1 < words.length) add(counts, `b:${w} ${words[i + 1]}`);
    }
    if (config.charMax > 0) {
      for (const run of text.split(SEPARATORS)) {
        // Code units are characters unless the run holds astral characters (rare Han extensions).
        const chars = ASTRAL.test(run) ? Array.from(run) : null;
        const length = chars ? chars.length : run.length;
        for (let n = config.charMin; n <= config.charMax; n++)
          for (let i = 0; i + n <= length; i++)
            add(counts, `c:${chars ? chars.slice(i, i + n).join('') : run.slice(i, i + n)}`);
      }
    }
  });
  return counts;
}

/** A readable name of a feature for explanations: masks spelled out, kind prefix kept short. */
export function displayFeature(name: string): string {
  const body = name.slice(2).replace(/[\uE000-\uE003]/g, (m) => MASK_NAME[m] ?? m);
  const kind = name.slice(0, 2);
  if (kind === 'c:') return `「${body}」`;
  if (kind === 't:') return `标题:${body}`;
  return body;
}

/** Vocabulary and inverse document frequencies learnt from training texts. */
export class Vectoriser {
  readonly index: Map<string, number>;

  constructor(
    readonly vocab: readonly string[],
    readonly idf: Float32Array,
  ) {
    this.index = new Map(vocab.map((v, i) => [v, i]));
  }

  /** Learns the vocabulary (features in ≥ minDf texts) and smooth IDF = ln((1+N)/(1+df)) + 1. */
  static fit(docs: readonly Map<string, number>[], minDf: number): Vectoriser {
    const df = new Map<string, number>();
    for (const d of docs) for (const k of d.keys()) df.set(k, (df.get(k) ?? 0) + 1);
    const vocab = [...df.entries()]
      .filter(([, n]) => n >= minDf)
      .map(([k]) => k)
      .sort();
    const idf = new Float32Array(vocab.length);
    vocab.forEach((k, i) => {
      idf[i] = Math.log((1 + docs.length) / (1 + (df.get(k) ?? 0))) + 1;
    });
    return new Vectoriser(vocab, idf);
  }

  get size(): number {
    return this.vocab.length;
  }

  /** Sublinear TF (1 + ln tf) × IDF, L2-normalised; features outside the vocabulary are dropped. */
  transform(counts: Map<string, number>): SparseVector {
    const idx: number[] = [];
    const val: number[] = [];
    let norm = 0;
    for (const [k, tf] of counts) {
      const i = this.index.get(k);
      if (i === undefined) continue;
      const v = (1 + Math.log(tf)) * (this.idf[i] as number);
      idx.push(i);
      val.push(v);
      norm += v * v;
    }
    norm = Math.sqrt(norm) || 1;
    return { idx: Int32Array.from(idx), val: Float32Array.from(val, (v) => v / norm) };
  }
}
