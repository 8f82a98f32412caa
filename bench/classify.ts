/**
 * The category classifier on a labelled TSV file (e.g. the TipDM 2020 C messages, which stay outside
 * the repository): stratified 5-fold cross-validation grouped by title (reposts of one matter never
 * sit on both sides, as in the hold-out), training time on the whole file, prediction time per item.
 *
 *   npm run bench:classify -- --data ../shared/data/tipdm2020c/train.tsv [--folds 5] [--seed 1]
 *        [--config '{"cnbWeight":0.5,"sgd":{"epochs":15}}'] [--no-group] [--cv-only]
 *
 * Progress goes to stderr; the last line printed is one JSON object of figures.
 */
import { parseArgs } from 'node:util';
import {
  type ClassifierOptions,
  DEFAULT_CLASSIFIER,
  TextClassifier,
} from '../packages/server/src/dispatch/model/classifier.ts';
import { featureCounts } from '../packages/server/src/dispatch/model/features.ts';
import { evaluate, stratifiedGroupFolds } from '../packages/server/src/dispatch/model/metrics.ts';
import { Segmenter } from '../packages/server/src/dispatch/model/segmenter.ts';
import { readTsv, selectColumns } from '../packages/server/src/dispatch/tsv.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    folds: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
    config: { type: 'string', default: '{}' },
    'text-columns': { type: 'string', default: 'title,detail' },
    'label-column': { type: 'string', default: 'label' },
    'group-column': { type: 'string', default: 'title' },
    'no-group': { type: 'boolean', default: false },
    'cv-only': { type: 'boolean', default: false },
  },
});
if (!values.data) {
  console.error('usage: npm run bench:classify -- --data FILE.tsv');
  process.exit(2);
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
const log = (s: string) => process.stderr.write(`${s}\n`);

function options(): ClassifierOptions {
  const o = JSON.parse(values.config as string) as Partial<ClassifierOptions>;
  return {
    ...DEFAULT_CLASSIFIER,
    ...o,
    features: { ...DEFAULT_CLASSIFIER.features, ...o.features },
    sgd: { ...DEFAULT_CLASSIFIER.sgd, ...o.sgd, seed: Number(values.seed) },
  };
}

async function main() {
  const opts = options();
  const rows = await readTsv(values.data as string);
  const textColumns = (values['text-columns'] as string).split(',');
  const { items, labels } = selectColumns(rows, textColumns, values['label-column'] as string);
  const groups = values['no-group']
    ? rows.map((_, i) => String(i))
    : rows.map((r) => r[values['group-column'] as string] ?? '');
  log(`${items.length} items, ${new Set(labels).size} labels`);

  const segmenter = new Segmenter(opts.userWords);
  segmenter.cut('预热');
  let t = performance.now();
  const counts = items.map((item) => featureCounts(item, segmenter, opts.features));
  const featuresS = (performance.now() - t) / 1000;
  log(`features of all items: ${featuresS.toFixed(2)} s`);

  const k = Number(values.folds);
  const fold = stratifiedGroupFolds(labels, groups, k, Number(values.seed));
  const folds: { fold: number; n: number; macro_f1: number; accuracy: number; train_s: number }[] = [];
  for (let f = 0; f < k; f++) {
    const trainIdx = labels.map((_, i) => i).filter((i) => fold[i] !== f);
    const testIdx = labels.map((_, i) => i).filter((i) => fold[i] === f);
    t = performance.now();
    const model = TextClassifier.trainFromCounts(
      trainIdx.map((i) => counts[i] as Map<string, number>),
      trainIdx.map((i) => labels[i] as string),
      segmenter,
      { ...opts, calibrationShare: 0 },
    );
    const trainS = (performance.now() - t) / 1000;
    const predicted = testIdx.map((i) => {
      const z = model.logits(model.vectoriser.transform(counts[i] as Map<string, number>));
      let best = 0;
      for (let c = 1; c < z.length; c++) if ((z[c] as number) > (z[best] as number)) best = c;
      return model.labels[best] as string;
    });
    const e = evaluate(
      testIdx.map((i) => labels[i] as string),
      predicted,
    );
    folds.push({
      fold: f + 1,
      n: e.n,
      macro_f1: round(e.macro_f1),
      accuracy: round(e.accuracy),
      train_s: round(trainS, 2),
    });
    log(
      `fold ${f + 1}/${k}: n ${e.n}, macro-F1 ${e.macro_f1.toFixed(4)}, accuracy ${e.accuracy.toFixed(4)}, train ${trainS.toFixed(1)} s`,
    );
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
  const result: Record<string, unknown> = {
    items: items.length,
    folds_k: k,
    grouped_by: values['no-group'] ? null : values['group-column'],
    macro_f1_mean: round(mean(folds.map((f) => f.macro_f1))),
    macro_f1_sd: round(sd(folds.map((f) => f.macro_f1))),
    accuracy_mean: round(mean(folds.map((f) => f.accuracy))),
  };
  if (!values['cv-only']) {
    t = performance.now();
    const model = TextClassifier.train(items, labels, { ...opts, onProgress: log });
    result.train_s = round((performance.now() - t) / 1000, 2);
    result.features_n = model.vectoriser.size;
    result.temperature = round(model.temperature, 3);
    const sample = items.slice(0, 2000);
    t = performance.now();
    for (const item of sample) model.classify(item);
    result.predict_ms_per_item = round((performance.now() - t) / sample.length, 3);
    result.model_json_mb = round(
      JSON.stringify(
        (await import('../packages/server/src/dispatch/model/serialise.ts')).serialiseClassifier(model),
      ).length / 1e6,
      1,
    );
  }
  result.config = {
    features: opts.features,
    sgd: { ...opts.sgd, onEpoch: undefined },
    cnbWeight: opts.cnbWeight,
  };
  result.folds = folds;
  console.log(JSON.stringify(result));
}

await main();
