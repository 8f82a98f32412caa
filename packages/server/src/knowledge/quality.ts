/**
 * Answer quality on the demo question set (fixtures/quality-set.ts): top-1 and top-3 accuracy for
 * questions with one right entry, and how often vague questions are met by asking back.
 */
import type { Context } from '../context.ts';
import type { ClarifyPolicy } from '../domain/knowledge.ts';
import { answerQuestion } from './answer.ts';
import type { QualityQuestion } from './fixtures/quality-set.ts';
import type { RankerWeights } from './ranker.ts';

export interface QualityReport {
  questions: number;
  entryQuestions: number;
  clarifyQuestions: number;
  /** Share of entry questions whose first answer is the right entry (asking back counts as a miss). */
  top1: number;
  /** Share of entry questions whose right entry is among the first three answers or choices. */
  top3: number;
  /** Share of vague questions met by asking back with choices of the right case group. */
  clarifyRate: number;
  /** Share of entry questions that were asked back needlessly. */
  needlessClarifyRate: number;
  /** Share of out-of-scope questions met with a confident answer (not logged as a gap). */
  outOfScopeAnswered: number;
  misses: { q: string; expected: string; got: string[] }[];
}

export async function evaluateQuality(
  ctx: Context,
  questions: readonly QualityQuestion[],
  ids: ReadonlyMap<string, number>,
  o: {
    ranker?: RankerWeights | undefined;
    clarifyPolicy?: ClarifyPolicy | undefined;
    /** Questions the base has no entry for. */
    outOfScope?: readonly string[];
  } = {},
): Promise<QualityReport> {
  const keyOf = new Map([...ids].map(([k, id]) => [id, k]));
  const groupOf = new Map<number, string | null>();
  for (const r of await ctx.db.query<{ id: number; case_group: string | null }>(
    'SELECT id, case_group FROM knowledge_entries',
  ))
    groupOf.set(r.id, r.case_group);
  let top1 = 0;
  let top3 = 0;
  let entryQuestions = 0;
  let clarified = 0;
  let needless = 0;
  let clarifyQuestions = 0;
  const misses: QualityReport['misses'] = [];
  for (const item of questions) {
    const a = await answerQuestion(ctx, {
      question: item.q,
      channel: 'desk',
      record: false,
      ranker: o.ranker,
      clarifyPolicy: o.clarifyPolicy,
    });
    const got = a.clarify
      ? a.clarify.choices.map((c) => `?${keyOf.get(c.entryId) ?? c.entryId}`)
      : a.answers.map((x) => keyOf.get(x.id) ?? String(x.id));
    if ('entry' in item.expect) {
      entryQuestions++;
      const want = item.expect.entry;
      if (!a.clarify && keyOf.get(a.answers[0]?.id ?? -1) === want) top1++;
      else misses.push({ q: item.q, expected: want, got });
      const ids3 = a.clarify
        ? a.clarify.choices.slice(0, 3).map((c) => c.entryId)
        : a.answers.slice(0, 3).map((x) => x.id);
      if (ids3.some((id) => keyOf.get(id) === want)) top3++;
      if (a.clarify) needless++;
    } else {
      clarifyQuestions++;
      const want = item.expect.clarify;
      if (a.clarify?.choices.every((c) => groupOf.get(c.entryId) === want)) clarified++;
      else misses.push({ q: item.q, expected: `?${want}`, got });
    }
  }
  let confident = 0;
  for (const q of o.outOfScope ?? []) {
    const a = await answerQuestion(ctx, { question: q, channel: 'desk', record: false, ranker: o.ranker });
    if (!a.gap) {
      confident++;
      misses.push({ q, expected: '(知识缺口)', got: a.answers.map((x) => keyOf.get(x.id) ?? String(x.id)) });
    }
  }
  const share = (n: number, d: number) => (d === 0 ? 1 : Math.round((n / d) * 1000) / 1000);
  return {
    questions: questions.length,
    entryQuestions,
    clarifyQuestions,
    top1: share(top1, entryQuestions),
    top3: share(top3, entryQuestions),
    clarifyRate: share(clarified, clarifyQuestions),
    needlessClarifyRate: share(needless, entryQuestions),
    outOfScopeAnswered: share(confident, o.outOfScope?.length ?? 0),
    misses,
  };
}
