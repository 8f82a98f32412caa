/**
 * The duplicate finder (诉求查重) on a TSV of messages where rows sharing a title are one matter
 * (e.g. the TipDM 2020 C messages, which stay outside the repository). Only the detail text is
 * compared — never the title that defines the truth. Every row with a detail is compared with every
 * other (no time or place window, the hardest setting: the live finder only looks at recent orders
 * of the same place or category). Reports pair precision and recall per threshold, and per query the
 * share whose best hit above the threshold is a true duplicate.
 *
 *   npm run bench:duplicates -- --data ../shared/data/tipdm2020c/train.tsv [--measure mean|jaccard|overlap]
 *
 * Progress goes to stderr; the last line printed is one JSON object of figures.
 */
import { parseArgs } from 'node:util';
import {
  bigrams,
  jaccard,
  SIMILAR_TEXT_THRESHOLD,
} from '../packages/server/src/dispatch/model/similarity.ts';
import { readTsv } from '../packages/server/src/dispatch/tsv.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    measure: { type: 'string', default: 'mean' },
    'min-bigrams': { type: 'string', default: '8' },
    /** Print this many random flagged pairs whose titles differ (to stderr), to judge them by eye. */
    'show-disagreements': { type: 'string', default: '0' },
  },
});
if (!values.data) {
  console.error('usage: npm run bench:duplicates -- --data FILE.tsv');
  process.exit(2);
}
const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

const started = performance.now();
const rows = (await readTsv(values.data)).filter((r) => (r.detail ?? '').trim() !== '');
const sets = rows.map((r) => bigrams(r.detail ?? ''));
const keep = sets.map((s) => s.size >= Number(values['min-bigrams']));
// A row without a title is a matter of its own (its row id stands in for the title).
const titles = rows.map((r, i) => (r.title ?? '').trim() || `#${i}`);
const titleSets = rows.map((r) => bigrams(r.title ?? ''));
/**
 * Exact titles miss reposts whose title was edited (「关于请求尽快修复…」/「关于尽快修复…」): the relaxed
 * truth also counts titles with bigram Jaccard ≥ 0.4 as one matter, and leaves pairs where a title is
 * empty out of its precision (unknown).
 */
const relaxedSame = (i: number, j: number): boolean | null => {
  if (!(rows[i]?.title ?? '').trim() || !(rows[j]?.title ?? '').trim()) return null;
  return titles[i] === titles[j] || jaccard(titleSets[i] as Set<string>, titleSets[j] as Set<string>) >= 0.4;
};
const n = rows.length;
console.error(`${n} 条有正文的留言`);

// Bigrams as integer ids; inverted index for the pairs that share any bigram.
const ids = new Map<string, number>();
const docs = sets.map((s) =>
  Int32Array.from([...s].map((b) => ids.get(b) ?? (ids.set(b, ids.size), ids.size - 1))),
);
const postings: number[][] = Array.from({ length: ids.size }, () => []);
docs.forEach((d, i) => {
  if (keep[i]) for (const b of d) (postings[b] as number[]).push(i);
});

const truthPairs = (() => {
  const byTitle = new Map<string, number>();
  titles.forEach((t, i) => {
    if (keep[i]) byTitle.set(t, (byTitle.get(t) ?? 0) + 1);
  });
  let p = 0;
  for (const c of byTitle.values()) p += (c * (c - 1)) / 2;
  return p;
})();

const measure = (inter: number, a: number, b: number) => {
  const j = inter / (a + b - inter);
  const o = inter / Math.min(a, b);
  return values.measure === 'jaccard' ? j : values.measure === 'overlap' ? o : (j + o) / 2;
};

const thresholds = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7];
const predicted = new Array(thresholds.length).fill(0);
const correct = new Array(thresholds.length).fill(0);
const relaxedKnown = new Array(thresholds.length).fill(0);
const relaxedCorrect = new Array(thresholds.length).fill(0);
// Per query: best candidate (highest similarity) and whether it is a true duplicate.
const best = new Float64Array(n);
const bestTrue = new Uint8Array(n);
const hasDuplicate = new Uint8Array(n);
const counts = new Int32Array(n);
const touched: number[] = [];
const disagreements: [number, number, number][] = [];
const compareStart = performance.now();
for (let i = 0; i < n; i++) {
  if (!keep[i]) continue;
  for (const b of docs[i] as Int32Array) {
    for (const j of postings[b] as number[]) {
      if (j <= i) continue;
      if (counts[j] === 0) touched.push(j);
      counts[j] = (counts[j] as number) + 1;
    }
  }
  for (const j of touched) {
    const s = measure(counts[j] as number, (docs[i] as Int32Array).length, (docs[j] as Int32Array).length);
    const same = titles[i] === titles[j];
    const relaxed = s >= (thresholds[0] as number) ? relaxedSame(i, j) : null;
    if (!same && s >= SIMILAR_TEXT_THRESHOLD) disagreements.push([i, j, s]);
    thresholds.forEach((t, k) => {
      if (s >= t) {
        predicted[k]++;
        if (same) correct[k]++;
        if (relaxed !== null) {
          relaxedKnown[k]++;
          if (relaxed) relaxedCorrect[k]++;
        }
      }
    });
    for (const [q, other] of [
      [i, j],
      [j, i],
    ] as const) {
      if (s > (best[q] as number)) {
        best[q] = s;
        bestTrue[q] = titles[q] === titles[other] ? 1 : 0;
      }
    }
    counts[j] = 0;
  }
  touched.length = 0;
  if (i % 1000 === 0) console.error(`${i}/${n}`);
}
const compareMs = performance.now() - compareStart;
titles.forEach((t, i) => {
  if (!keep[i]) return;
  for (let j = 0; j < n; j++)
    if (j !== i && keep[j] && titles[j] === t) {
      hasDuplicate[i] = 1;
      break;
    }
});

const sweep = thresholds.map((t, k) => {
  const precision = predicted[k] ? correct[k] / predicted[k] : 0;
  const recall = truthPairs ? correct[k] / truthPairs : 0;
  // Queries: among rows that have a duplicate, the best hit is above t and a true duplicate.
  let withDup = 0;
  let found = 0;
  let flagged = 0;
  let flaggedRight = 0;
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    if ((best[i] as number) >= t) {
      flagged++;
      if (bestTrue[i]) flaggedRight++;
    }
    if (hasDuplicate[i]) {
      withDup++;
      if ((best[i] as number) >= t && bestTrue[i]) found++;
    }
  }
  return {
    threshold: t,
    pair_precision: round(precision),
    pair_recall: round(recall),
    pair_f1: round(precision + recall ? (2 * precision * recall) / (precision + recall) : 0),
    pair_precision_relaxed: round(relaxedKnown[k] ? relaxedCorrect[k] / relaxedKnown[k] : 0),
    pairs_flagged: predicted[k],
    query_top1_precision: round(flagged ? flaggedRight / flagged : 0),
    query_recall: round(withDup ? found / withDup : 0),
  };
});
for (const s of sweep) console.error(JSON.stringify(s));
const show = Number(values['show-disagreements']);
for (let k = 0; k < show && disagreements.length > 0; k++) {
  // A fixed stride through the list: the same sample on every run.
  const [i, j, s] = disagreements[Math.floor((k * disagreements.length) / show)] as [number, number, number];
  const cut = (x: string | undefined, n: number) => (x ?? '').trim().slice(0, n);
  console.error(
    `${s.toFixed(2)}｜${cut(rows[i]?.title, 28)}｜${cut(rows[j]?.title, 28)}｜${cut(rows[i]?.detail, 36)}｜${cut(rows[j]?.detail, 36)}`,
  );
}
const chosen = sweep.find((s) => s.threshold === SIMILAR_TEXT_THRESHOLD) ?? sweep[0];
const compared = keep.filter(Boolean).length;
console.log(
  JSON.stringify({
    data_rows_with_detail: n,
    rows_compared: compared,
    true_duplicate_pairs: truthPairs,
    measure: values.measure,
    threshold: chosen?.threshold,
    pair_precision: chosen?.pair_precision,
    pair_recall: chosen?.pair_recall,
    pair_precision_relaxed: chosen?.pair_precision_relaxed,
    query_top1_precision: chosen?.query_top1_precision,
    query_recall: chosen?.query_recall,
    all_pairs_compare_ms: Math.round(compareMs),
    per_query_compare_ms: round(compareMs / Math.max(1, compared), 3),
    total_ms: Math.round(performance.now() - started),
    sweep,
  }),
);
