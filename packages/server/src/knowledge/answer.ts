/**
 * Answering a question from the knowledge base (desk panel and portal self-service): the best
 * published, valid entries with the passage that answers, or a question back when the top answers
 * are different cases of one matter; questions without a good answer are logged as gaps.
 */
import { type Actor, requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { type ClarifyPolicy, clarificationChoices, DEFAULT_CLARIFY_POLICY } from '../domain/knowledge.ts';
import type { Queryable } from '../platform/db.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { ChatAdapter } from './chat.ts';
import { today } from './entries.ts';
import { regionAndAncestors } from './queries.ts';
import type { RankerWeights } from './ranker.ts';
import type { AnswerView } from './schemas.ts';
import { rankEntries } from './search.ts';
import { bestPassage, maskPersonal } from './text.ts';

/**
 * Scores are the ranker's probability that the entry answers the question (ranker.ts). An answer
 * below this is not offered: a right answer to a long, rambling question can be as unlikely as
 * 0.05, and the desk would rather see it third than not at all.
 */
export const MIN_ANSWER_SCORE = 0.02;
/**
 * Citizens on the portal see only likelier answers: a wrong answer misleads them (they can always
 * submit), while the desk's call-taker judges a weak one. On the quality set this leaves 9% of the
 * clear questions and 55% of the out-of-scope ones without an answer on the portal.
 */
export const PORTAL_MIN_ANSWER_SCORE = 0.25;
/** A best answer below this score is logged as a gap (知识缺口) even when it is offered. */
export const GOOD_ANSWER_SCORE = 0.45;
const MAX_ANSWERS = 3;
/** Asking back needs a best answer at least this likely (a vague question matches each case weakly). */
export const CLARIFY_MIN_SCORE = 0.1;

export const CLARIFY_QUESTION = '您问的是哪一种？';

export async function answerQuestion(
  ctx: Context,
  o: {
    question: string;
    regionUnitId?: number | undefined;
    channel: 'desk' | 'portal';
    chat?: ChatAdapter | undefined;
    phrase?: boolean | undefined;
    clarifyPolicy?: ClarifyPolicy | undefined;
    /** Record gaps and offer counts (the quality test and benchmark turn it off). */
    record?: boolean;
    ranker?: RankerWeights | undefined;
  },
): Promise<AnswerView> {
  const question = maskPersonal(o.question);
  const refs = await ctx.refs.get();
  let regionIds: number[] | undefined;
  if (o.regionUnitId !== undefined) {
    if (!refs.units.has(o.regionUnitId))
      throw new AppError('VALIDATION_FAILED', { field: 'body.regionUnitId' }, '区域不存在');
    regionIds = regionAndAncestors(refs, o.regionUnitId);
  }
  const { query, ranked } = await rankEntries(ctx.db, {
    question,
    filter: { answerableOn: today(ctx), regionIds },
    preferRegionIds: regionIds,
    limit: 8,
    ranker: o.ranker,
  });
  const minScore = o.channel === 'portal' ? PORTAL_MIN_ANSWER_SCORE : MIN_ANSWER_SCORE;
  const good = ranked.filter((r) => r.score >= minScore);
  // Asking back is about a matter the base knows: the best answer must be likely enough.
  const choices =
    (ranked[0]?.score ?? 0) >= CLARIFY_MIN_SCORE
      ? clarificationChoices(
          ranked.map((r) => ({
            id: r.row.id,
            // Cases are compared by how likely each is the one meant.
            score: r.share,
            caseGroup: r.row.case_group,
            caseLabel: r.row.case_label,
            named: r.named,
          })),
          o.clarifyPolicy ?? DEFAULT_CLARIFY_POLICY,
        )
      : null;
  const answers = good.slice(0, MAX_ANSWERS).map((r) => ({
    id: r.row.id,
    kind: r.row.kind as AnswerView['answers'][number]['kind'],
    title: r.row.title,
    caseLabel: r.row.case_label,
    score: r.score,
    passage: bestPassage([r.row.body_text, ...r.row.steps].join('\n') || r.row.title, query.concepts),
    sourceTitle: r.row.source_title,
    sourceUrl: r.row.source_url,
    expiresOn: r.row.expires_on,
  }));
  const byId = new Map(ranked.map((r) => [r.row.id, r.row]));
  const clarify = choices
    ? {
        question: CLARIFY_QUESTION,
        choices: choices.map((c) => ({
          entryId: c.id,
          label: c.caseLabel ?? byId.get(c.id)?.title ?? '',
          title: byId.get(c.id)?.title ?? '',
        })),
      }
    : null;
  const top = ranked[0];
  const gap = !top || top.score < GOOD_ANSWER_SCORE;
  if (o.record !== false) {
    await ctx.db.transaction(async (tx) => {
      if (gap)
        await tx.query(
          `INSERT INTO knowledge_gaps (question, region_unit_id, best_entry_id, best_score, channel, created_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [question, o.regionUnitId ?? null, top?.row.id ?? null, top?.score ?? null, o.channel, ctx.now()],
        );
      if (answers.length)
        await tx.query(
          'UPDATE knowledge_entries SET offer_count = offer_count + 1 WHERE id = ANY($1::int[])',
          [answers.map((a) => a.id)],
        );
    });
  }
  let phrased: string | null = null;
  if (o.phrase && o.chat && answers.length && !clarify) phrased = await o.chat.phrase({ question, answers });
  return { question, answers: clarify ? [] : answers, clarify, gap, phrased };
}

/** Marks an entry as "没有帮助" for a question (kept masked). */
export async function markNotHelpful(
  ctx: Context,
  o: {
    actor: Actor | null;
    id: number;
    question?: string | undefined;
    comment?: string | undefined;
    channel: 'desk' | 'portal';
  },
): Promise<{ notHelpful: number }> {
  const actor = o.channel === 'desk' ? requirePermission(o.actor, 'knowledge.read') : null;
  return ctx.db.transaction(async (tx: Queryable) => {
    const where = o.channel === 'portal' ? "AND state = 'published'" : '';
    const [row] = await tx.query<{ not_helpful_count: number }>(
      `UPDATE knowledge_entries SET not_helpful_count = not_helpful_count + 1 WHERE id = $1 ${where} RETURNING not_helpful_count`,
      [o.id],
    );
    if (!row) throw notFound('knowledge_entry', o.id);
    await tx.query(
      'INSERT INTO knowledge_feedback (entry_id, question, comment, channel, actor_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [
        o.id,
        o.question ? maskPersonal(o.question) : null,
        o.comment ? maskPersonal(o.comment) : null,
        o.channel,
        actor?.userId ?? null,
        ctx.now(),
      ],
    );
    return { notHelpful: row.not_helpful_count };
  });
}

/** 知识缺口: questions that found nothing good, newest first, keyset-paged. */
export async function listGaps(
  ctx: Context,
  o: { actor: Actor | null; limit: number; cursor?: string | undefined },
) {
  requirePermission(o.actor, 'knowledge.read');
  const params: unknown[] = [];
  let where = '';
  if (o.cursor) {
    const [at, id] = Buffer.from(o.cursor, 'base64url').toString().split('|');
    const d = new Date(at ?? '');
    if (Number.isNaN(d.getTime()) || !Number.isInteger(Number(id)))
      throw new AppError(
        'VALIDATION_FAILED',
        { field: 'querystring.cursor' },
        '字段 querystring.cursor 有误',
      );
    params.push(d, Number(id));
    where = 'WHERE (created_at, id) < ($1, $2)';
  }
  const rows = await ctx.db.query<{
    id: number;
    question: string;
    channel: 'desk' | 'portal';
    region_unit_id: number | null;
    best_entry_id: number | null;
    best_score: number | null;
    created_at: Date;
  }>(
    `SELECT id, question, channel, region_unit_id, best_entry_id, best_score, created_at FROM knowledge_gaps ${where}
     ORDER BY created_at DESC, id DESC LIMIT ${o.limit + 1}`,
    params,
  );
  const items = rows.slice(0, o.limit);
  const last = items[items.length - 1];
  return {
    items: items.map((r) => ({
      id: r.id,
      question: r.question,
      channel: r.channel,
      regionUnitId: r.region_unit_id,
      bestEntryId: r.best_entry_id,
      bestScore: r.best_score === null ? null : Number(r.best_score),
      at: r.created_at.toISOString(),
    })),
    nextCursor:
      rows.length > o.limit && last
        ? Buffer.from(`${last.created_at.toISOString()}|${last.id}`).toString('base64url')
        : null,
  };
}
