/**
 * Knowledge entries (知识条目): create, edit (every save a new version), workflow steps, views.
 */
import { type Actor, can, requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import {
  addDays,
  DEFAULT_REMINDER_POLICY,
  KNOWLEDGE_ACTION_LABELS,
  KNOWLEDGE_ACTION_PERMISSION,
  KNOWLEDGE_ACTIONS,
  KNOWLEDGE_KIND_LABELS,
  KNOWLEDGE_STATE_LABELS,
  type KnowledgeAction,
  type KnowledgeKind,
  type KnowledgeState,
  localDay,
  nextKnowledgeState,
  validity,
  validityNotice,
} from '../domain/knowledge.ts';
import type { ReferenceSnapshot } from '../organisation/reference-data.ts';
import type { Db, Queryable } from '../platform/db.ts';
import { AppError, notFound, referenceNotFound, ruleViolation } from '../platform/errors.ts';
import type { EntryInput, EntrySummary, EntryView } from './schemas.ts';
import { frequenciesChanged, searchColumns } from './search.ts';
import { loadSynonyms } from './synonyms.ts';
import { htmlToText, sanitizeBody } from './text.ts';

export interface EntryRow {
  id: number;
  kind: KnowledgeKind;
  state: KnowledgeState;
  title: string;
  body_html: string;
  body_text: string;
  questions: string[];
  steps: string[];
  tags: string[];
  category_id: number | null;
  region_ids: number[];
  case_group: string | null;
  case_label: string | null;
  source_title: string | null;
  source_url: string | null;
  owner_unit_id: number | null;
  effective_from: string | null;
  expires_on: string | null;
  last_reviewed_on: string | null;
  attachments: { title: string; url: string }[];
  version: number;
  origin: string;
  view_count: number;
  offer_count: number;
  not_helpful_count: number;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
}

/** The saved content of a version: the editor's input, sanitised. */
export type EntrySnapshot = EntryInput;

export const today = (ctx: Pick<Context, 'now'>) => localDay(ctx.now());

/** Checks references and dates, sanitises the body: what is stored for an input. */
export async function cleanInput(ctx: Pick<Context, 'refs'>, input: EntryInput): Promise<EntrySnapshot> {
  const refs = await ctx.refs.get();
  if (input.categoryId !== null && !refs.categories.has(input.categoryId))
    throw referenceNotFound('body.categoryId', input.categoryId);
  if (input.ownerUnitId !== null && !refs.units.has(input.ownerUnitId))
    throw referenceNotFound('body.ownerUnitId', input.ownerUnitId);
  for (const id of input.regionUnitIds) {
    const u = refs.units.get(id);
    if (!u) throw referenceNotFound('body.regionUnitIds', id);
    if (!['city', 'district', 'street', 'community'].includes(u.kind))
      throw ruleViolation('body.regionUnitIds', `适用区域须为区、街道或社区：${u.name}`);
  }
  if (input.effectiveFrom && input.expiresOn && input.expiresOn < input.effectiveFrom)
    throw ruleViolation('body.expiresOn', '失效日期不能早于生效日期');
  if (input.caseLabel && !input.caseGroup)
    throw ruleViolation('body.caseGroup', '填写了情形名称时须填写情形分组');
  const bodyHtml = sanitizeBody(input.bodyHtml);
  if (!htmlToText(bodyHtml) && input.questions.length === 0 && input.steps.length === 0)
    throw new AppError('VALIDATION_FAILED', { field: 'body.bodyHtml' }, '正文不能为空');
  return {
    ...input,
    bodyHtml,
    regionUnitIds: [...new Set(input.regionUnitIds)].sort((a, b) => a - b),
    tags: [...new Set(input.tags)],
  };
}

/** The plain text of a version, one field per block: what the version diff compares. */
export function snapshotText(s: EntrySnapshot, refs: ReferenceSnapshot): string {
  const lines = [`标题：${s.title}`, `类型：${KNOWLEDGE_KIND_LABELS[s.kind]}`];
  if (s.categoryId) lines.push(`分类：${refs.categories.get(s.categoryId)?.name ?? s.categoryId}`);
  lines.push(
    `适用区域：${s.regionUnitIds.length ? s.regionUnitIds.map((id) => refs.units.get(id)?.name ?? id).join('、') : '全市'}`,
  );
  if (s.caseGroup) lines.push(`情形：${s.caseGroup} / ${s.caseLabel ?? ''}`);
  if (s.ownerUnitId) lines.push(`责任单位：${refs.units.get(s.ownerUnitId)?.name ?? s.ownerUnitId}`);
  lines.push(`有效期：${s.effectiveFrom ?? '—'} 至 ${s.expiresOn ?? '长期'}`);
  if (s.sourceTitle || s.sourceUrl) lines.push(`来源：${s.sourceTitle ?? ''} ${s.sourceUrl ?? ''}`.trim());
  if (s.questions.length) lines.push('问法：', ...s.questions.map((q) => `- ${q}`));
  lines.push('正文：', ...htmlToText(s.bodyHtml).split('\n'));
  if (s.steps.length) lines.push('步骤：', ...s.steps.map((x, i) => `${i + 1}. ${x}`));
  if (s.tags.length) lines.push(`标签：${s.tags.join('、')}`);
  for (const a of s.attachments) lines.push(`附件：${a.title} ${a.url}`);
  return lines.join('\n');
}

/** Writes the content columns (and search columns) of an entry from a snapshot. */
async function contentParams(db: Queryable, s: EntrySnapshot) {
  const bodyText = htmlToText(s.bodyHtml);
  const { tsv, bigrams, headTsv } = searchColumns(
    {
      title: s.title,
      questions: s.questions,
      caseLabel: s.caseLabel,
      tags: s.tags,
      bodyText,
      steps: s.steps,
    },
    await loadSynonyms(db),
  );
  return [
    s.kind,
    s.title,
    s.bodyHtml,
    bodyText,
    s.questions,
    s.steps,
    s.tags,
    s.categoryId,
    s.regionUnitIds,
    s.caseGroup,
    s.caseLabel,
    s.sourceTitle,
    s.sourceUrl,
    s.ownerUnitId,
    s.effectiveFrom,
    s.expiresOn,
    JSON.stringify(s.attachments),
    tsv,
    bigrams,
    headTsv,
  ];
}

const CONTENT_COLUMNS =
  'kind, title, body_html, body_text, questions, steps, tags, category_id, region_ids, case_group, case_label, source_title, source_url, owner_unit_id, effective_from, expires_on, attachments, search_tsv, bigrams, head_tsv';

/** Inserts a draft entry with its first version. Used by the API, import, from-order and the seed. */
export async function insertEntry(
  tx: Queryable,
  o: {
    snapshot: EntrySnapshot;
    refs: ReferenceSnapshot;
    actorId: number | null;
    origin: 'manual' | 'import' | 'order' | 'seed';
    originRef?: string | null;
    note?: string | null;
    state?: KnowledgeState;
    lastReviewedOn?: string | null;
    at: Date;
  },
): Promise<number> {
  const params = await contentParams(tx, o.snapshot);
  const state = o.state ?? 'draft';
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO knowledge_entries (${CONTENT_COLUMNS}, state, origin, origin_ref, created_by, last_reviewed_on,
       created_at, updated_at, published_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18::tsvector, $19,
       $20::tsvector, $21, $22, $23, $24, $25, $26, $26, $27) RETURNING id`,
    [
      ...params,
      state,
      o.origin,
      o.originRef ?? null,
      o.actorId,
      o.lastReviewedOn ?? null,
      o.at,
      state === 'published' ? o.at : null,
    ],
  );
  if (!row) throw new AppError('INTERNAL');
  await tx.query(
    'INSERT INTO knowledge_versions (entry_id, version, snapshot, plain_text, note, created_by, created_at) VALUES ($1, 1, $2, $3, $4, $5, $6)',
    [row.id, JSON.stringify(o.snapshot), snapshotText(o.snapshot, o.refs), o.note ?? null, o.actorId, o.at],
  );
  await tx.query(
    `INSERT INTO knowledge_events (entry_id, action, from_state, to_state, version, note, actor_id, created_at)
     VALUES ($1, 'create', 'draft', $2, 1, $3, $4, $5)`,
    [row.id, state, o.note ?? null, o.actorId, o.at],
  );
  return row.id;
}

export async function createEntry(
  ctx: Context,
  o: { actor: Actor | null; input: EntryInput },
): Promise<EntryView> {
  const actor = requirePermission(o.actor, 'knowledge.edit');
  const snapshot = await cleanInput(ctx, o.input);
  const refs = await ctx.refs.get();
  const id = await ctx.db.transaction((tx) =>
    insertEntry(tx, { snapshot, refs, actorId: actor.userId, origin: 'manual', at: ctx.now() }),
  );
  return getEntry(ctx, { actor, id, countView: false });
}

/** Saves a new version. A published, expired or withdrawn entry goes back to draft for review. */
export async function updateEntry(
  ctx: Context,
  o: { actor: Actor | null; id: number; input: EntryInput; version: number; note?: string | undefined },
): Promise<EntryView> {
  const actor = requirePermission(o.actor, 'knowledge.edit');
  const snapshot = await cleanInput(ctx, o.input);
  const refs = await ctx.refs.get();
  const at = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.query<EntryRow>('SELECT * FROM knowledge_entries WHERE id = $1 FOR UPDATE', [
      o.id,
    ]);
    if (!row) throw notFound('knowledge_entry', o.id);
    if (row.version !== o.version)
      throw new AppError(
        'VERSION_CONFLICT',
        { field: 'body.version', current: row.version },
        '条目已被他人修改，请刷新后重试',
      );
    const to = nextKnowledgeState(row.state, 'edit');
    if (!to)
      throw new AppError(
        'INVALID_TRANSITION',
        { state: row.state, action: 'edit' },
        `条目${KNOWLEDGE_STATE_LABELS[row.state]}，不能修改（审核中的条目须先退回）`,
      );
    const version = row.version + 1;
    const params = await contentParams(tx, snapshot);
    await tx.query(
      `UPDATE knowledge_entries SET (${CONTENT_COLUMNS}) = ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
         $16, $17, $18, $19::tsvector, $20, $21::tsvector), state = $22, version = $23, updated_at = $24 WHERE id = $1`,
      [o.id, ...params, to, version, at],
    );
    await tx.query(
      'INSERT INTO knowledge_versions (entry_id, version, snapshot, plain_text, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [
        o.id,
        version,
        JSON.stringify(snapshot),
        snapshotText(snapshot, refs),
        o.note ?? null,
        actor.userId,
        at,
      ],
    );
    await tx.query(
      `INSERT INTO knowledge_events (entry_id, action, from_state, to_state, version, note, actor_id, created_at)
       VALUES ($1, 'edit', $2, $3, $4, $5, $6, $7)`,
      [o.id, row.state, to, version, o.note ?? null, actor.userId, at],
    );
  });
  frequenciesChanged(ctx.db);
  return getEntry(ctx, { actor, id: o.id, countView: false });
}

/** A workflow step (submit, reject, approve, withdraw, expire, confirm). */
export async function actOnEntry(
  ctx: Context,
  o: { actor: Actor | null; id: number; action: Exclude<KnowledgeAction, 'edit'>; note?: string | undefined },
): Promise<EntryView> {
  const actor = requirePermission(o.actor, KNOWLEDGE_ACTION_PERMISSION[o.action]);
  const at = ctx.now();
  const day = localDay(at);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.query<EntryRow>('SELECT * FROM knowledge_entries WHERE id = $1 FOR UPDATE', [
      o.id,
    ]);
    if (!row) throw notFound('knowledge_entry', o.id);
    const to = nextKnowledgeState(row.state, o.action);
    if (!to)
      throw new AppError(
        'INVALID_TRANSITION',
        { state: row.state, action: o.action },
        `条目${KNOWLEDGE_STATE_LABELS[row.state]}，不能执行「${KNOWLEDGE_ACTION_LABELS[o.action]}」`,
      );
    if (o.action === 'approve' && row.expires_on && row.expires_on < day)
      throw ruleViolation('expiresOn', `失效日期 ${row.expires_on} 已过，请修改有效期后再发布`);
    if (o.action === 'reject' && !o.note) throw ruleViolation('body.note', '退回时请填写修改意见');
    await tx.query(
      `UPDATE knowledge_entries SET state = $2, updated_at = $3,
         published_at = CASE WHEN $4 THEN $3 ELSE published_at END,
         last_reviewed_on = CASE WHEN $5 THEN $6::date ELSE last_reviewed_on END
       WHERE id = $1`,
      [o.id, to, at, o.action === 'approve', o.action === 'approve' || o.action === 'confirm', day],
    );
    await tx.query(
      `INSERT INTO knowledge_events (entry_id, action, from_state, to_state, version, note, actor_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [o.id, o.action, row.state, to, row.version, o.note ?? null, actor.userId, at],
    );
  });
  frequenciesChanged(ctx.db);
  return getEntry(ctx, { actor, id: o.id, countView: false });
}

export function regionsOf(ids: readonly number[], refs: ReferenceSnapshot) {
  return ids.map((id) => ({ id, name: refs.units.get(id)?.name ?? String(id) }));
}

export function isReviewDue(r: { state: string; last_reviewed_on: string | null }, day: string) {
  return (
    r.state === 'published' &&
    r.last_reviewed_on !== null &&
    addDays(r.last_reviewed_on, DEFAULT_REMINDER_POLICY.reviewAfterDays) <= day
  );
}

/**
 * The order events (alias `e`) that answered an order directly by quoting entry $1; written as the
 * partial index order_events_knowledge_idx (migration 0005) is, so that the index serves it.
 */
export const DIRECT_ANSWERS_QUOTING_ENTRY = `e.action = 'direct_answer' AND (e.payload->>'knowledgeEntryId') IS NOT NULL
  AND (e.payload->>'knowledgeEntryId')::numeric = $1`;

/** One entry; opening it counts a view. Says so (flag + message) when it must not be quoted. */
export async function getEntry(
  ctx: Context,
  o: { actor: Actor | null; id: number; countView?: boolean },
): Promise<EntryView> {
  const actor = requirePermission(o.actor, 'knowledge.read');
  const rows =
    o.countView === false
      ? await ctx.db.query<EntryRow>('SELECT * FROM knowledge_entries WHERE id = $1', [o.id])
      : await ctx.db.query<EntryRow>(
          'UPDATE knowledge_entries SET view_count = view_count + 1 WHERE id = $1 RETURNING *',
          [o.id],
        );
  const row = rows[0];
  if (!row) throw notFound('knowledge_entry', o.id);
  const [uses] = await ctx.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM order_events e WHERE ${DIRECT_ANSWERS_QUOTING_ENTRY}`,
    [o.id],
  );
  const refs = await ctx.refs.get();
  return toView(row, refs, today(ctx), actor, uses?.n ?? 0);
}

export function toView(
  row: EntryRow,
  refs: ReferenceSnapshot,
  day: string,
  actor: Actor,
  directAnswers: number,
): EntryView {
  const notice = validityNotice(
    { state: row.state, effectiveFrom: row.effective_from, expiresOn: row.expires_on },
    day,
  );
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: KNOWLEDGE_KIND_LABELS[row.kind],
    state: row.state,
    stateLabel: KNOWLEDGE_STATE_LABELS[row.state],
    title: row.title,
    bodyHtml: row.body_html,
    bodyText: row.body_text,
    questions: row.questions,
    steps: row.steps,
    tags: row.tags,
    categoryId: row.category_id,
    categoryName: row.category_id ? (refs.categories.get(row.category_id)?.name ?? null) : null,
    regions: regionsOf(row.region_ids, refs),
    caseGroup: row.case_group,
    caseLabel: row.case_label,
    sourceTitle: row.source_title,
    sourceUrl: row.source_url,
    ownerUnitId: row.owner_unit_id,
    ownerUnitName: row.owner_unit_id ? (refs.units.get(row.owner_unit_id)?.name ?? null) : null,
    effectiveFrom: row.effective_from,
    expiresOn: row.expires_on,
    lastReviewedOn: row.last_reviewed_on,
    attachments: row.attachments,
    version: row.version,
    origin: row.origin,
    expired: notice !== null,
    notice,
    reviewDue: isReviewDue(row, day),
    stats: {
      views: row.view_count,
      offered: row.offer_count,
      directAnswers,
      notHelpful: row.not_helpful_count,
    },
    actions: KNOWLEDGE_ACTIONS.filter(
      (a) =>
        a !== 'expire' &&
        can(actor, KNOWLEDGE_ACTION_PERMISSION[a]) &&
        nextKnowledgeState(row.state, a) !== null,
    ),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    publishedAt: row.published_at?.toISOString() ?? null,
  };
}

export function toSummary(
  row: Pick<
    EntryRow,
    | 'id'
    | 'kind'
    | 'state'
    | 'title'
    | 'category_id'
    | 'owner_unit_id'
    | 'region_ids'
    | 'case_group'
    | 'case_label'
    | 'expires_on'
    | 'last_reviewed_on'
    | 'effective_from'
    | 'version'
    | 'updated_at'
  >,
  refs: ReferenceSnapshot,
  day: string,
  extra: Pick<EntrySummary, 'score' | 'snippet'> = { score: null, snippet: null },
): EntrySummary {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    title: row.title,
    categoryName: row.category_id ? (refs.categories.get(row.category_id)?.name ?? null) : null,
    ownerUnitName: row.owner_unit_id ? (refs.units.get(row.owner_unit_id)?.name ?? null) : null,
    regions: regionsOf(row.region_ids, refs),
    caseGroup: row.case_group,
    caseLabel: row.case_label,
    expiresOn: row.expires_on,
    lastReviewedOn: row.last_reviewed_on,
    expired:
      row.state === 'expired' ||
      validity({ effectiveFrom: row.effective_from, expiresOn: row.expires_on }, day) === 'expired',
    reviewDue: isReviewDue(row, day),
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
    ...extra,
  };
}

/** Recomputes the search columns of every entry (after the segmentation or the synonyms changed). */
export async function reindexAll(db: Db, batch = 500): Promise<number> {
  const syn = await loadSynonyms(db);
  let last = 0;
  let n = 0;
  for (;;) {
    const rows = await db.query<EntryRow>(
      'SELECT id, title, questions, case_label, tags, body_text, steps FROM knowledge_entries WHERE id > $1 ORDER BY id LIMIT $2',
      [last, batch],
    );
    if (rows.length === 0) break;
    await db.transaction(async (tx) => {
      for (const r of rows) {
        const c = searchColumns(
          {
            title: r.title,
            questions: r.questions,
            caseLabel: r.case_label,
            tags: r.tags,
            bodyText: r.body_text,
            steps: r.steps,
          },
          syn,
        );
        await tx.query(
          'UPDATE knowledge_entries SET search_tsv = $2::tsvector, bigrams = $3, head_tsv = $4::tsvector WHERE id = $1',
          [r.id, c.tsv, c.bigrams, c.headTsv],
        );
      }
    });
    n += rows.length;
    last = rows[rows.length - 1]?.id ?? last;
  }
  frequenciesChanged(db);
  return n;
}
