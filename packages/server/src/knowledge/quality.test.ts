import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { answerQuestion, PORTAL_MIN_ANSWER_SCORE } from './answer.ts';
import { DEMO_ENTRIES } from './fixtures/entries.ts';
import { OUT_OF_SCOPE_QUESTIONS, QUALITY_QUESTIONS } from './fixtures/quality-set.ts';
import { DEMO_SYNONYMS } from './fixtures/synonyms.ts';
import { evaluateQuality, type QualityReport } from './quality.ts';
import { seedKnowledgeBase } from './seed.ts';

/**
 * Answer quality on the demo knowledge base: ≥ 300 citizen-style questions (colloquial, typos,
 * dialect) with the entry that answers them or the case group to ask back about, and questions the
 * base has no entry for. The floors below are the figures reached (docs/benchmarks.md), so that a
 * ranking change that makes answers worse fails here; the goal is top-1 ≥ 0.90.
 *
 * The ranker's weights (ranker-weights.ts) were trained on this same set, so these are training
 * figures; `npm run train:kb-ranker` reports the held-out ones (trained on one half, asked the other).
 */
let t: TestApp;
let report: QualityReport;
let seeded: Awaited<ReturnType<typeof seedKnowledgeBase>>;

beforeAll(async () => {
  t = await createTestApp({ at: '2026-11-22T10:00:00+08:00' });
  seeded = await seedKnowledgeBase(t.ctx, { entries: DEMO_ENTRIES, synonyms: DEMO_SYNONYMS });
  report = await evaluateQuality(t.ctx, QUALITY_QUESTIONS, seeded.ids, {
    outOfScope: OUT_OF_SCOPE_QUESTIONS,
  });
  const { misses, ...figures } = report;
  console.log(JSON.stringify({ ...figures, misses: misses.length }));
}, 300_000);
afterAll(() => t.close());

describe('answer quality on the demo question set', () => {
  it('has enough questions of both kinds', () => {
    expect(report.questions).toBeGreaterThanOrEqual(200);
    expect(report.clarifyQuestions).toBeGreaterThan(20);
  });
  it('puts the right entry first', () => {
    expect(report.top1).toBeGreaterThanOrEqual(QUALITY_FLOOR.top1);
  });
  it('has the right entry among the first three', () => {
    expect(report.top3).toBeGreaterThanOrEqual(QUALITY_FLOOR.top3);
  });
  it('asks back on vague questions, rarely on clear ones', () => {
    expect(report.clarifyRate).toBeGreaterThanOrEqual(QUALITY_FLOOR.clarifyRate);
    expect(report.needlessClarifyRate).toBeLessThanOrEqual(0.1);
  });
  it('meets most questions the base has no entry for with a gap, not a confident answer', () => {
    expect(report.outOfScopeAnswered).toBeLessThanOrEqual(QUALITY_FLOOR.outOfScopeAnswered);
  });
  it('shows citizens on the portal only the likelier answers, the desk also the weak ones', async () => {
    let hiddenFromPortal = 0;
    let rightHidden = 0;
    for (const item of QUALITY_QUESTIONS) {
      if (!('entry' in item.expect)) continue;
      const portal = await answerQuestion(t.ctx, { question: item.q, channel: 'portal', record: false });
      if (!portal.clarify && portal.answers.length === 0) rightHidden++;
    }
    // Few clear questions go unanswered on the portal …
    expect(rightHidden / report.entryQuestions).toBeLessThan(0.15);
    for (const question of OUT_OF_SCOPE_QUESTIONS) {
      const desk = await answerQuestion(t.ctx, { question, channel: 'desk', record: false });
      const portal = await answerQuestion(t.ctx, { question, channel: 'portal', record: false });
      for (const a of portal.answers) expect(a.score).toBeGreaterThanOrEqual(PORTAL_MIN_ANSWER_SCORE);
      expect(portal.answers.map((a) => a.id)).toEqual(
        desk.answers.filter((a) => a.score >= PORTAL_MIN_ANSWER_SCORE).map((a) => a.id),
      );
      if (desk.answers.length > 0 && portal.answers.length === 0) hiddenFromPortal++;
    }
    // … while most questions the base cannot answer get none there.
    expect(hiddenFromPortal).toBeGreaterThan(OUT_OF_SCOPE_QUESTIONS.length / 2);
  });
  it('asks which child it is when a parent wants 医保 for 孩子 (the example the seed city could not handle)', async () => {
    const a = await answerQuestion(t.ctx, { question: '我想给孩子办个医保', channel: 'desk', record: false });
    const keyOf = new Map([...seeded.ids].map(([k, id]) => [id, k]));
    const choices = a.clarify?.choices.map((c) => keyOf.get(c.entryId)) ?? [];
    // Every choice is one of the children's cases (newborn, pupil, student), at least two of them.
    expect(choices.length).toBeGreaterThanOrEqual(2);
    for (const key of choices)
      expect([
        'medical-insurance-newborn',
        'medical-insurance-student',
        'medical-insurance-college',
      ]).toContain(key);
    expect(a.answers).toEqual([]);
  });
});

/** The figures reached, rounded down. */
const QUALITY_FLOOR = { top1: 0.82, top3: 0.92, clarifyRate: 0.48, outOfScopeAnswered: 0.15 };
