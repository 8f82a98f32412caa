/**
 * Trains the knowledge-base answer ranker (packages/server/src/knowledge/ranker.ts) on the
 * answer-quality set and writes its weights to ranker-weights.ts.
 *
 *   npm run train:kb-ranker [-- --dry-run]
 *
 * The set (and the out-of-scope questions) is split by position, even and odd. A model trained on one
 * half answers the other half: those two held-out figures are the honest measure of the ranker. Then it is trained on every
 * question and written (unless --dry-run). The last line printed is one JSON object of figures.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildApp } from '../packages/server/src/app.ts';
import { prepareDatabase } from '../packages/server/src/database.ts';
import { DEMO_ENTRIES } from '../packages/server/src/knowledge/fixtures/entries.ts';
import {
  OUT_OF_SCOPE_QUESTIONS,
  QUALITY_QUESTIONS,
  type QualityQuestion,
} from '../packages/server/src/knowledge/fixtures/quality-set.ts';
import { DEMO_SYNONYMS } from '../packages/server/src/knowledge/fixtures/synonyms.ts';
import { evaluateQuality } from '../packages/server/src/knowledge/quality.ts';
import {
  type RankerWeights,
  type TrainingQuestion,
  trainRanker,
} from '../packages/server/src/knowledge/ranker.ts';
import { rankEntries } from '../packages/server/src/knowledge/search.ts';
import { seedKnowledgeBase } from '../packages/server/src/knowledge/seed.ts';
import { openPglite } from '../packages/server/src/platform/db.ts';

const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false } } });
const DAY = '2026-11-22';

const db = await openPglite();
await prepareDatabase(db);
const { app, ctx } = await buildApp({
  db,
  logLevel: 'silent',
  now: () => new Date(`${DAY}T10:00:00+08:00`),
});
const { ids } = await seedKnowledgeBase(ctx, { entries: DEMO_ENTRIES, synonyms: DEMO_SYNONYMS });

/**
 * Each entry question's candidates (left out when its entry is no candidate), and each out-of-scope
 * question's candidates, none of them right.
 */
async function trainingSet(
  questions: readonly QualityQuestion[],
  outOfScope: readonly string[],
): Promise<TrainingQuestion[]> {
  const out: TrainingQuestion[] = [];
  const candidates = async (q: string) =>
    (await rankEntries(db, { question: q, filter: { answerableOn: DAY }, limit: 1000 })).ranked;
  for (const item of questions) {
    if (!('entry' in item.expect)) continue;
    const want = ids.get(item.expect.entry);
    const ranked = await candidates(item.q);
    const right = ranked.findIndex((r) => r.row.id === want);
    if (right >= 0) out.push({ candidates: ranked.map((r) => r.features), right });
  }
  for (const q of outOfScope)
    out.push({ candidates: (await candidates(q)).map((r) => r.features), right: null });
  return out;
}

const half = <T>(xs: readonly T[], r: number) => xs.filter((_, i) => i % 2 === r);
const [even, odd] = [half(QUALITY_QUESTIONS, 0), half(QUALITY_QUESTIONS, 1)];
const [evenOut, oddOut] = [half(OUT_OF_SCOPE_QUESTIONS, 0), half(OUT_OF_SCOPE_QUESTIONS, 1)];
const figures = async (
  questions: readonly QualityQuestion[],
  outOfScope: readonly string[],
  ranker: RankerWeights,
) => {
  const { misses, ...r } = await evaluateQuality(ctx, questions, ids, { ranker, outOfScope });
  return r;
};

const started = performance.now();
const heldOutOdd = await figures(odd, oddOut, trainRanker(await trainingSet(even, evenOut)));
const heldOutEven = await figures(even, evenOut, trainRanker(await trainingSet(odd, oddOut)));
const all = await trainingSet(QUALITY_QUESTIONS, OUT_OF_SCOPE_QUESTIONS);
const model = trainRanker(all);
const trained = await figures(QUALITY_QUESTIONS, OUT_OF_SCOPE_QUESTIONS, model);
const trainS = (performance.now() - started) / 1000;

const weightsFile = new URL('../packages/server/src/knowledge/ranker-weights.ts', import.meta.url);
if (!values['dry-run']) {
  writeFileSync(
    weightsFile,
    `// Written by \`npm run train:kb-ranker\` (bench/knowledge-ranker.ts); do not edit by hand.
import type { RankerWeights } from './ranker.ts';

export const TRAINED: RankerWeights = ${JSON.stringify(model).replace(/"(\w+)":/g, '$1:')};
`,
  );
  execFileSync('npx', ['biome', 'format', '--write', weightsFile.pathname], { stdio: 'ignore' });
}
await app.close();
await db.close();
console.log(`weights: ${JSON.stringify(model)}`);
console.log(
  JSON.stringify({
    training_questions: all.length,
    held_out_out_of_scope_answered_odd: heldOutOdd.outOfScopeAnswered,
    held_out_out_of_scope_answered_even: heldOutEven.outOfScopeAnswered,
    trained_out_of_scope_answered: trained.outOfScopeAnswered,
    held_out_top1_odd: heldOutOdd.top1,
    held_out_top1_even: heldOutEven.top1,
    held_out_top1: Math.round(((heldOutOdd.top1 + heldOutEven.top1) / 2) * 1000) / 1000,
    held_out_top3_odd: heldOutOdd.top3,
    held_out_top3_even: heldOutEven.top3,
    held_out_clarify_rate_odd: heldOutOdd.clarifyRate,
    held_out_clarify_rate_even: heldOutEven.clarifyRate,
    held_out_needless_clarify_odd: heldOutOdd.needlessClarifyRate,
    held_out_needless_clarify_even: heldOutEven.needlessClarifyRate,
    trained_top1: trained.top1,
    trained_top3: trained.top3,
    trained_clarify_rate: trained.clarifyRate,
    trained_needless_clarify_rate: trained.needlessClarifyRate,
    train_s: Math.round(trainS * 10) / 10,
  }),
);
