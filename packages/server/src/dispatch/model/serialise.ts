/**
 * A trained classifier as compact JSON: configuration, labels and vocabulary as JSON, the IDF and
 * weight arrays as base64 of little-endian Float32, so that it can be stored versioned in the
 * database and loaded back to give exactly the same predictions.
 */
import { TextClassifier } from './classifier.ts';
import { DEFAULT_FEATURES, type FeatureConfig, Vectoriser } from './features.ts';
import { Segmenter } from './segmenter.ts';

export const MODEL_FORMAT = 'jiesu-text-classifier';
export const MODEL_VERSION = 1;

export interface SerialisedClassifier {
  format: typeof MODEL_FORMAT;
  version: number;
  labels: string[];
  features: FeatureConfig;
  userWords: string[];
  temperature: number;
  vocab: string[];
  /** base64 Float32 arrays: idf[D], weights[D × K] feature-major, bias[K]. */
  idf: string;
  weights: string;
  bias: string;
}

function toBase64(a: Float32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

function fromBase64(s: string, length: number, what: string): Float32Array {
  const buf = Buffer.from(s, 'base64');
  if (buf.byteLength !== length * 4) throw new RangeError(`模型文件损坏: ${what} 长度不符`);
  const out = new Float32Array(length);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

export function serialiseClassifier(c: TextClassifier): SerialisedClassifier {
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    labels: [...c.labels],
    features: { ...c.features },
    userWords: c.segmenter.userWords(),
    temperature: c.temperature,
    vocab: [...c.vectoriser.vocab],
    idf: toBase64(c.vectoriser.idf),
    weights: toBase64(c.model.W),
    bias: toBase64(c.model.b),
  };
}

export function deserialiseClassifier(json: unknown): TextClassifier {
  const m = json as Partial<SerialisedClassifier> | null;
  if (!m || m.format !== MODEL_FORMAT) throw new RangeError('不是 jiesu 分类模型文件');
  if (m.version !== MODEL_VERSION) throw new RangeError(`不支持的模型版本 ${m.version}`);
  const labels = m.labels ?? [];
  const vocab = m.vocab ?? [];
  const K = labels.length;
  const D = vocab.length;
  const vectoriser = new Vectoriser(vocab, fromBase64(m.idf ?? '', D, 'idf'));
  const model = {
    K,
    D,
    W: fromBase64(m.weights ?? '', D * K, 'weights'),
    b: fromBase64(m.bias ?? '', K, 'bias'),
  };
  return new TextClassifier(
    labels,
    { ...DEFAULT_FEATURES, ...m.features },
    new Segmenter(m.userWords ?? []),
    vectoriser,
    model,
    m.temperature ?? 1,
  );
}
