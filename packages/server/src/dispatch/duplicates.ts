/**
 * 诉求查重 and 同一事项: orders that are likely the same matter as a draft or an order (same caller,
 * same place, similar text), and matters grouping the orders of different people about one thing.
 * When a matter reaches the `same_matter` rule's number of distinct citizens, a 督办 case opens.
 */
import { type Actor, requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { ORDER_STATE_LABELS, type OrderState } from '../domain/order-lifecycle.ts';
import { getVisibleOrder } from '../orders/queries.ts';
import type { Queryable } from '../platform/db.ts';
import { AppError, ruleViolation } from '../platform/errors.ts';
import { openSupervisionCase } from '../supervision/open-case.ts';
import { loadSupervisionRule } from '../supervision/rules-store.ts';
import { bigrams, placeKey, SIMILAR_TEXT_THRESHOLD, textSimilarity } from './model/similarity.ts';
import { gazetteerFor, resolveRegion } from './regions.ts';

/** Open orders of any age, and closed ones of the last 30 days, are candidates. */
const RECENT_DAYS = 30;
/** Most recent orders of one place (or category) compared by text. */
const TEXT_WINDOW = 400;
const CALLER_WINDOW = 50;

export type SimilarReason = 'same_caller' | 'same_place' | 'similar_text';
const REASON_LABEL: Record<SimilarReason, string> = {
  same_caller: '同一来电人',
  same_place: '同一地点',
  similar_text: '诉求内容相似',
};

export interface SimilarOrder {
  id: number;
  number: string;
  title: string;
  state: OrderState;
  stateLabel: string;
  createdAt: string;
  address: string | null;
  similarity: number;
  reasons: SimilarReason[];
  /** Readable reasons, e.g. 「诉求内容相似（72%）」. */
  reasonText: string[];
  matterId: number | null;
}

export interface SimilarQuery {
  phone?: string | undefined;
  address?: string | undefined;
  title?: string | undefined;
  text?: string | undefined;
  categoryId?: number | undefined;
  regionUnitId?: number | undefined;
  /** Leave this order out (when looking from an existing order). */
  excludeOrderId?: number | undefined;
  limit?: number | undefined;
}

interface CandidateRow {
  id: number;
  number: string;
  title: string;
  content: string;
  state: OrderState;
  created_at: Date;
  address: string | null;
  citizen_phone: string | null;
  matter_id: number | null;
}

const CANDIDATE_COLUMNS = `o.id, o.number, o.title, o.content, o.state, o.created_at, o.address, o.citizen_phone,
  (SELECT m.matter_id FROM matter_orders m WHERE m.order_id = o.id) AS matter_id`;
const LIVE = `(o.state NOT IN ('closed', 'withdrawn', 'merged') OR o.created_at >= $1)`;

/**
 * Likely duplicates, best first. Candidates come from indexes only: the caller's orders (by phone),
 * the newest orders of the same street (by region) and of the same category; each is scored by
 * character-bigram similarity of title + detail, plus the same caller and the same place.
 */
export async function findSimilarOrders(
  ctx: Context,
  actor: Actor | null,
  q: SimilarQuery,
): Promise<{ items: SimilarOrder[] }> {
  const a = requirePermission(actor, 'order.read_all');
  const since = new Date(ctx.now().getTime() - RECENT_DAYS * 86_400_000);
  const text = `${q.title ?? ''} ${q.text ?? ''}`.trim();
  const phone = q.phone?.trim() || undefined;
  if (phone && !a.permissions.has('citizen.unmask'))
    throw new AppError('FORBIDDEN', { permission: 'citizen.unmask' });
  if (!text && !phone && !q.address) return { items: [] };

  const refs = await ctx.refs.get();
  const region = await resolveRegion(ctx, { regionUnitId: q.regionUnitId, address: q.address });
  const street = region ? (await gazetteerFor(ctx.db, refs)).streetOf(region.unitId) : null;
  const place = street ?? region?.unitId ?? null;
  const placeUnits = place
    ? [...refs.units.values()].filter((u) => u.id === place || u.path.includes(`/${place}/`)).map((u) => u.id)
    : [];

  const found = new Map<number, CandidateRow>();
  const take = (rows: CandidateRow[]) => {
    for (const r of rows) if (r.id !== q.excludeOrderId) found.set(r.id, r);
  };
  if (phone) {
    take(
      await ctx.db.query<CandidateRow>(
        `SELECT ${CANDIDATE_COLUMNS} FROM orders o WHERE o.citizen_phone = $2 AND ${LIVE}
          ORDER BY o.created_at DESC LIMIT ${CALLER_WINDOW}`,
        [since, phone],
      ),
    );
  }
  if (placeUnits.length > 0) {
    take(
      await ctx.db.query<CandidateRow>(
        `SELECT ${CANDIDATE_COLUMNS} FROM orders o WHERE o.region_unit_id = ANY($2) AND o.created_at >= $3 AND ${LIVE}
          ORDER BY o.created_at DESC LIMIT ${TEXT_WINDOW}`,
        [since, placeUnits, new Date(since.getTime() - 60 * 86_400_000)],
      ),
    );
  }
  if (q.categoryId && text) {
    take(
      await ctx.db.query<CandidateRow>(
        `SELECT ${CANDIDATE_COLUMNS} FROM orders o WHERE o.category_id = $2 AND o.created_at >= $3 AND ${LIVE}
          ORDER BY o.created_at DESC LIMIT ${TEXT_WINDOW}`,
        [since, q.categoryId, new Date(since.getTime() - 60 * 86_400_000)],
      ),
    );
  }
  if (text && found.size < TEXT_WINDOW) {
    // Nothing narrows the place: the newest orders city-wide (created_at index).
    take(
      await ctx.db.query<CandidateRow>(
        `SELECT ${CANDIDATE_COLUMNS} FROM orders o WHERE o.created_at >= $1
          ORDER BY o.created_at DESC LIMIT ${TEXT_WINDOW}`,
        [since],
      ),
    );
  }

  const draft = bigrams(text);
  const draftPlace = q.address ? placeKey(q.address) : '';
  const out: SimilarOrder[] = [];
  for (const c of found.values()) {
    const reasons: SimilarReason[] = [];
    const reasonText: string[] = [];
    const sim = text ? textSimilarity(draft, bigrams(`${c.title} ${c.content}`)) : 0;
    if (phone && c.citizen_phone === phone) reasons.push('same_caller');
    if (draftPlace.length >= 4 && c.address && placeKey(c.address) === draftPlace) reasons.push('same_place');
    if (sim >= SIMILAR_TEXT_THRESHOLD) reasons.push('similar_text');
    // The same caller or place alone is context, not a duplicate, unless the text is close too or no text was given.
    const textless = !text;
    if (!reasons.includes('similar_text') && !textless && sim < SIMILAR_TEXT_THRESHOLD / 2) continue;
    if (reasons.length === 0) continue;
    for (const r of reasons)
      reasonText.push(
        r === 'similar_text' ? `${REASON_LABEL[r]}（${Math.round(sim * 100)}%）` : REASON_LABEL[r],
      );
    const score =
      sim + (reasons.includes('same_caller') ? 0.2 : 0) + (reasons.includes('same_place') ? 0.2 : 0);
    out.push({
      id: c.id,
      number: c.number,
      title: c.title,
      state: c.state,
      stateLabel: ORDER_STATE_LABELS[c.state],
      createdAt: new Date(c.created_at).toISOString(),
      address: c.address,
      similarity: Math.round(score * 1000) / 1000,
      reasons,
      reasonText,
      matterId: c.matter_id,
    });
  }
  out.sort((x, y) => y.similarity - x.similarity || y.id - x.id);
  return { items: out.slice(0, q.limit ?? 10) };
}

/** Similar orders of an existing order (for the desk). */
export async function similarToOrder(ctx: Context, actor: Actor | null, orderId: number) {
  const order = await getVisibleOrder(ctx, actor, orderId);
  return findSimilarOrders(ctx, actor, {
    title: order.title,
    text: order.content,
    address: order.address ?? undefined,
    regionUnitId: order.region_unit_id ?? undefined,
    categoryId: order.category_id ?? undefined,
    phone: actor?.permissions.has('citizen.unmask') ? (order.citizen_phone ?? undefined) : undefined,
    excludeOrderId: order.id,
  });
}

// ── matters ──────────────────────────────────────────────────────────────────────────────────

export interface MatterView {
  id: number;
  title: string;
  citizens: number;
  orders: {
    id: number;
    number: string;
    title: string;
    state: OrderState;
    stateLabel: string;
    createdAt: string;
  }[];
  supervisionCaseId: number | null;
}

/** Distinct citizens of a matter: by phone, else by name, else each order counts as one. */
async function citizenCount(q: Queryable, matterId: number): Promise<number> {
  const [row] = await q.query<{ n: number }>(
    `SELECT count(DISTINCT COALESCE(o.citizen_phone, 'name:' || o.citizen_name, 'order:' || o.id)) AS n
       FROM matter_orders m JOIN orders o ON o.id = m.order_id WHERE m.matter_id = $1`,
    [matterId],
  );
  return row?.n ?? 0;
}

/**
 * Links `orderId` and `withOrderId` as one matter: joins an existing matter of either (merging two
 * matters into the older one), or starts a new one. When the matter's distinct citizens reach the
 * `same_matter` rule's number, a 督办 case opens for `matter:<id>` (once; later orders join it).
 */
export async function linkSameMatter(
  ctx: Context,
  o: { actor: Actor | null; orderId: number; withOrderId: number },
): Promise<MatterView> {
  const actor = requirePermission(o.actor, 'order.create');
  requirePermission(actor, 'order.read_all');
  if (o.orderId === o.withOrderId) throw ruleViolation('withOrderId', '不能把工单与自身关联');
  const a = await getVisibleOrder(ctx, actor, o.orderId);
  await getVisibleOrder(ctx, actor, o.withOrderId);
  const now = ctx.now();
  const matterId = await ctx.db.transaction(async (tx) => {
    // Lock both orders' links in id order so that two linkers never deadlock.
    await tx.query('SELECT id FROM orders WHERE id = ANY($1) ORDER BY id FOR UPDATE', [
      [o.orderId, o.withOrderId],
    ]);
    const links = await tx.query<{ order_id: number; matter_id: number }>(
      'SELECT order_id, matter_id FROM matter_orders WHERE order_id = ANY($1)',
      [[o.orderId, o.withOrderId]],
    );
    const matters = [...new Set(links.map((l) => l.matter_id))].sort((x, y) => x - y);
    let id = matters[0];
    if (id === undefined) {
      const [m] = await tx.query<{ id: number }>(
        'INSERT INTO matters (title, created_by, created_at) VALUES ($1, $2, $3) RETURNING id',
        [a.title, actor.userId, now],
      );
      id = (m as { id: number }).id;
    }
    for (const other of matters.slice(1)) {
      await tx.query('UPDATE matter_orders SET matter_id = $1 WHERE matter_id = $2', [id, other]);
    }
    await tx.query(
      `INSERT INTO matter_orders (order_id, matter_id, linked_by, linked_at)
       SELECT unnest($1::bigint[]), $2, $3, $4 ON CONFLICT (order_id) DO NOTHING`,
      [[o.orderId, o.withOrderId], id, actor.userId, now],
    );
    const rule = await loadSupervisionRule(tx, 'same_matter');
    const citizens = await citizenCount(tx, id);
    if (rule.enabled && citizens >= rule.params.minPeople) {
      const [m] = await tx.query<{ title: string }>('SELECT title FROM matters WHERE id = $1', [id]);
      for (const orderId of [o.orderId, o.withOrderId]) {
        await openSupervisionCase(tx, {
          cause: 'same_matter',
          subjectKey: `matter:${id}`,
          orderId,
          summary: `同一事项 ${citizens} 人反映：${m?.title ?? a.title}`,
          at: now,
        });
      }
    }
    return id;
  });
  return matterView(ctx, actor, matterId);
}

export async function matterView(ctx: Context, actor: Actor | null, id: number): Promise<MatterView> {
  requirePermission(actor, 'order.read_all');
  const [m] = await ctx.db.query<{ id: number; title: string }>(
    'SELECT id, title FROM matters WHERE id = $1',
    [id],
  );
  if (!m) throw new AppError('NOT_FOUND', { resource: 'matter', id });
  const orders = await ctx.db.query<{
    id: number;
    number: string;
    title: string;
    state: OrderState;
    created_at: Date;
  }>(
    `SELECT o.id, o.number, o.title, o.state, o.created_at FROM matter_orders mo JOIN orders o ON o.id = mo.order_id
      WHERE mo.matter_id = $1 ORDER BY o.created_at, o.id`,
    [id],
  );
  const [c] = await ctx.db.query<{ id: number }>(
    `SELECT id FROM supervision_cases WHERE cause = 'same_matter' AND subject_key = $1`,
    [`matter:${id}`],
  );
  return {
    id: m.id,
    title: m.title,
    citizens: await citizenCount(ctx.db, id),
    orders: orders.map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      state: r.state,
      stateLabel: ORDER_STATE_LABELS[r.state],
      createdAt: new Date(r.created_at).toISOString(),
    })),
    supervisionCaseId: c?.id ?? null,
  };
}
