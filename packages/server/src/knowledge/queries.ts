/**
 * Reading the knowledge base: lists (keyset-paged), search with highlighted passages, versions and
 * their differences, workflow history.
 */
import { diffLines } from 'diff';
import { type Actor, requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { normalise } from '../dispatch/model/text.ts';
import {
  addDays,
  DEFAULT_REMINDER_POLICY,
  KNOWLEDGE_ACTION_LABELS,
  type KnowledgeAction,
} from '../domain/knowledge.ts';
import { pathIds, type ReferenceSnapshot, subtreeUnitIds } from '../organisation/reference-data.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { DIRECT_ANSWERS_QUOTING_ENTRY, type EntryRow, today, toSummary } from './entries.ts';
import type { EntrySummary } from './schemas.ts';
import { filterSql, rankEntries, type SearchFilter } from './search.ts';
import { bestPassage, maskPersonal } from './text.ts';

export interface ListOptions {
  actor: Actor | null;
  q?: string | undefined;
  kind?: string[] | undefined;
  state?: string[] | undefined;
  categoryId?: number | undefined;
  regionUnitId?: number | undefined;
  ownerUnitId?: number | undefined;
  attention?: 'review_due' | 'expiring' | 'expired' | undefined;
  answerable?: 'true' | 'false' | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** The unit and the units above it (its path), for "applies here" region filters. */
export function regionAndAncestors(refs: ReferenceSnapshot, unitId: number): number[] {
  const u = refs.units.get(unitId);
  if (!u) return [unitId];
  return pathIds(u.path);
}

/** A category and every category below it. */
export function categorySubtree(refs: ReferenceSnapshot, categoryId: number): number[] {
  return [...refs.categories.values()].filter((c) => c.pathIds.includes(categoryId)).map((c) => c.id);
}

export async function buildFilter(
  ctx: Context,
  o: Omit<ListOptions, 'actor' | 'q' | 'limit' | 'cursor'>,
): Promise<SearchFilter> {
  const refs = await ctx.refs.get();
  let regionIds: number[] | undefined;
  if (o.regionUnitId !== undefined) {
    const u = refs.units.get(o.regionUnitId);
    if (!u) throw new AppError('VALIDATION_FAILED', { field: 'querystring.regionUnitId' }, '区域不存在');
    // Entries for this area, for the areas above it and for the areas below it.
    const below = subtreeUnitIds(refs.units, u.path);
    regionIds = [...new Set([...regionAndAncestors(refs, o.regionUnitId), ...below])];
  }
  return {
    kinds: o.kind,
    states: o.state,
    categoryIds: o.categoryId === undefined ? undefined : categorySubtree(refs, o.categoryId),
    regionIds,
    ownerUnitId: o.ownerUnitId,
    answerableOn: o.answerable === 'true' ? today(ctx) : undefined,
  };
}

const SUMMARY_COLUMNS = `id, kind, state, title, category_id, owner_unit_id, region_ids, case_group, case_label,
  expires_on, last_reviewed_on, effective_from, version, updated_at`;

/**
 * Without `q`: entries by last change, newest first, keyset-paged. With `q`: the best 100 matches
 * by relevance, each with its best passage highlighted (the cursor pages through them).
 */
export async function listEntries(
  ctx: Context,
  o: ListOptions,
): Promise<{ items: EntrySummary[]; nextCursor: string | null }> {
  requirePermission(o.actor, 'knowledge.read');
  const refs = await ctx.refs.get();
  const day = today(ctx);
  const filter = await buildFilter(ctx, o);
  if (o.q) {
    const offset = o.cursor ? decodeOffset(o.cursor) : 0;
    const { query, ranked } = await rankEntries(ctx.db, { question: o.q, filter, limit: 100 });
    const pageRows = ranked.filter((r) => r.score >= 0.1).slice(offset, offset + o.limit);
    return {
      items: pageRows.map((r) =>
        toSummary(r.row as unknown as EntryRow, refs, day, {
          score: r.score,
          snippet: bestPassage(
            [r.row.title, ...r.row.questions, r.row.body_text, ...r.row.steps].join('\n'),
            query.concepts,
          ),
        }),
      ),
      nextCursor:
        offset + o.limit < ranked.length ? Buffer.from(`o|${offset + o.limit}`).toString('base64url') : null,
    };
  }
  const f = filterSql(filter, 1);
  const where = [...f.where];
  const params = [...f.params];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (o.attention === 'review_due')
    where.push(
      `state = 'published' AND last_reviewed_on <= ${p(addDays(day, -DEFAULT_REMINDER_POLICY.reviewAfterDays))}::date`,
    );
  if (o.attention === 'expiring')
    where.push(
      `state = 'published' AND expires_on BETWEEN ${p(day)}::date AND ${p(addDays(day, DEFAULT_REMINDER_POLICY.expiryNoticeDays))}::date`,
    );
  if (o.attention === 'expired')
    where.push(`(state = 'expired' OR (state = 'published' AND expires_on < ${p(day)}::date))`);
  if (o.cursor) {
    const c = decodeCursor(o.cursor);
    where.push(`(updated_at, id) < (${p(c.at)}, ${p(c.id)})`);
  }
  const rows = await ctx.db.query<EntryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM knowledge_entries ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY updated_at DESC, id DESC LIMIT ${o.limit + 1}`,
    params,
  );
  const items = rows.slice(0, o.limit);
  const last = items[items.length - 1];
  return {
    items: items.map((r) => toSummary(r, refs, day)),
    nextCursor:
      rows.length > o.limit && last
        ? Buffer.from(`${last.updated_at.toISOString()}|${last.id}`).toString('base64url')
        : null,
  };
}

const badCursor = () =>
  new AppError('VALIDATION_FAILED', { field: 'querystring.cursor' }, '字段 querystring.cursor 有误');

function decodeCursor(cursor: string): { at: Date; id: number } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const d = new Date(at ?? '');
  const n = Number(id);
  if (Number.isNaN(d.getTime()) || !Number.isInteger(n)) throw badCursor();
  return { at: d, id: n };
}

function decodeOffset(cursor: string): number {
  const [tag, n] = Buffer.from(cursor, 'base64url').toString().split('|');
  const v = Number(n);
  if (tag !== 'o' || !Number.isInteger(v) || v < 0 || v > 100) throw badCursor();
  return v;
}

async function requireEntry(ctx: Context, id: number) {
  const [row] = await ctx.db.query<{ id: number }>('SELECT id FROM knowledge_entries WHERE id = $1', [id]);
  if (!row) throw notFound('knowledge_entry', id);
}

export async function listVersions(ctx: Context, o: { actor: Actor | null; id: number }) {
  requirePermission(o.actor, 'knowledge.read');
  await requireEntry(ctx, o.id);
  const rows = await ctx.db.query<{
    version: number;
    note: string | null;
    created_by: string | null;
    created_at: Date;
    title: string;
  }>(
    `SELECT v.version, v.note, u.display_name AS created_by, v.created_at, v.snapshot->>'title' AS title
     FROM knowledge_versions v LEFT JOIN users u ON u.id = v.created_by
     WHERE v.entry_id = $1 ORDER BY v.version DESC`,
    [o.id],
  );
  return rows.map((r) => ({
    version: r.version,
    note: r.note,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    title: r.title,
  }));
}

/** Line differences between two versions' plain text (fields, question variants, body, steps). */
export async function diffVersions(
  ctx: Context,
  o: { actor: Actor | null; id: number; from: number; to: number },
) {
  requirePermission(o.actor, 'knowledge.read');
  await requireEntry(ctx, o.id);
  const rows = await ctx.db.query<{ version: number; plain_text: string }>(
    'SELECT version, plain_text FROM knowledge_versions WHERE entry_id = $1 AND version = ANY($2::int[])',
    [o.id, [o.from, o.to]],
  );
  const text = (v: number, field: string) => {
    const r = rows.find((x) => x.version === v);
    if (!r) throw new AppError('NOT_FOUND', { resource: 'knowledge_version', field, version: v });
    return `${r.plain_text}\n`;
  };
  const changes = diffLines(text(o.from, 'querystring.from'), text(o.to, 'querystring.to')).flatMap((part) =>
    part.value
      .replace(/\n$/, '')
      .split('\n')
      .map((line) => ({
        op: part.added ? ('added' as const) : part.removed ? ('removed' as const) : ('same' as const),
        text: line,
      })),
  );
  return { from: o.from, to: o.to, changes };
}

export async function listEvents(ctx: Context, o: { actor: Actor | null; id: number }) {
  requirePermission(o.actor, 'knowledge.read');
  await requireEntry(ctx, o.id);
  const rows = await ctx.db.query<{
    action: string;
    from_state: EntryRow['state'];
    to_state: EntryRow['state'];
    version: number;
    note: string | null;
    actor_name: string | null;
    created_at: Date;
  }>(
    `SELECT e.action, e.from_state, e.to_state, e.version, e.note, u.display_name AS actor_name, e.created_at
     FROM knowledge_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.entry_id = $1 ORDER BY e.id`,
    [o.id],
  );
  return rows.map((r) => ({
    action: r.action,
    actionLabel:
      r.action === 'create' ? '创建' : (KNOWLEDGE_ACTION_LABELS[r.action as KnowledgeAction] ?? r.action),
    fromState: r.from_state,
    toState: r.to_state,
    version: r.version,
    note: r.note,
    actorName: r.actor_name,
    at: r.created_at.toISOString(),
  }));
}

/**
 * 来电问法: how the desk summed up the calls it answered directly with this entry (the orders'
 * titles, masked), most frequent first, leaving out those the entry already lists as question
 * variants. Editors adopt the useful ones as question variants, through the normal review, so that
 * the base learns the callers' words without a wrong quote teaching it anything by itself.
 */
export async function askedQuestions(ctx: Context, o: { actor: Actor | null; id: number; limit: number }) {
  requirePermission(o.actor, 'knowledge.read');
  const [entry] = await ctx.db.query<{ questions: string[] }>(
    'SELECT questions FROM knowledge_entries WHERE id = $1',
    [o.id],
  );
  if (!entry) throw notFound('knowledge_entry', o.id);
  const rows = await ctx.db.query<{ title: string; times: number; last_at: Date }>(
    `SELECT o.title, count(*)::int AS times, max(e.created_at) AS last_at
     FROM order_events e JOIN orders o ON o.id = e.order_id
     WHERE ${DIRECT_ANSWERS_QUOTING_ENTRY}
     GROUP BY o.title ORDER BY times DESC, last_at DESC LIMIT 200`,
    [o.id],
  );
  const known = new Set(entry.questions.map(normalise));
  const byQuestion = new Map<string, { question: string; times: number; lastAt: Date }>();
  for (const r of rows) {
    const question = maskPersonal(r.title).trim();
    const key = normalise(question);
    if (!key || known.has(key)) continue;
    const seen = byQuestion.get(key);
    if (seen) {
      seen.times += r.times;
      if (r.last_at > seen.lastAt) seen.lastAt = r.last_at;
    } else byQuestion.set(key, { question, times: r.times, lastAt: r.last_at });
  }
  return [...byQuestion.values()]
    .sort((a, b) => b.times - a.times || b.lastAt.getTime() - a.lastAt.getTime())
    .slice(0, o.limit)
    .map((q) => ({ question: q.question, times: q.times, lastAt: q.lastAt.toISOString() }));
}
