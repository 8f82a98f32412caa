/**
 * Ranked lead-unit suggestions for an order, each with its reasons: the 派单目录 (which beats the
 * model), the lead-unit model learnt from handled orders (with the words it relied on), and the
 * territorial street of the order's region. At creation the suggestions are recorded and — when the
 * catalogue applies or the model is confident enough and auto-dispatch is on — the order is
 * dispatched through the ordinary dispatch step as the system, with the reason in the timeline.
 */
import { type Actor, requirePermission, SYSTEM_ACTOR } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { matchCatalogue } from '../domain/dispatch-catalogue.ts';
import { dispatchOrder } from '../orders/centre-steps.ts';
import type { OrderRow } from '../orders/order-row.ts';
import { getVisibleOrder } from '../orders/queries.ts';
import { pathIds, type ReferenceSnapshot } from '../organisation/reference-data.ts';
import type { Queryable } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { activeCatalogue } from './catalogue.ts';
import { modelStore, orderItem } from './models.ts';
import { gazetteerFor, resolveRegion } from './regions.ts';

export type SuggestionSource = 'catalogue' | 'model' | 'region';

export interface UnitSuggestion {
  unitId: number;
  unitName: string;
  assistUnitIds: number[];
  /** 1 for the catalogue; otherwise the model's calibrated probability (region: its street share). */
  score: number;
  source: SuggestionSource;
  reasons: string[];
}

export interface DispatchSuggestions {
  suggestions: UnitSuggestion[];
  regionUnitId: number | null;
  /** Why the order would be or was dispatched automatically, if it qualifies. */
  auto: { eligible: boolean; reason: string | null };
  modelVersion: number | null;
}

export interface DispatchSettings {
  autoDispatch: boolean;
  catalogueAuto: boolean;
  threshold: number;
}

const SETTINGS_CACHE_MS = 5_000;
const settingsCache = new WeakMap<Queryable, { at: number; value: Promise<DispatchSettings> }>();

/** The settings, cached for a few seconds per process (refreshed at once on local changes). */
export function cachedSettings(q: Queryable): Promise<DispatchSettings> {
  const hit = settingsCache.get(q);
  if (hit && Date.now() - hit.at < SETTINGS_CACHE_MS) return hit.value;
  const value = readSettings(q);
  value.catch(() => settingsCache.delete(q));
  settingsCache.set(q, { at: Date.now(), value });
  return value;
}

export async function readSettings(q: Queryable): Promise<DispatchSettings> {
  const [row] = await q.query<{ auto_dispatch: boolean; catalogue_auto: boolean; threshold: number }>(
    'SELECT auto_dispatch, catalogue_auto, threshold FROM dispatch_settings',
  );
  return {
    autoDispatch: row?.auto_dispatch ?? false,
    catalogueAuto: row?.catalogue_auto ?? true,
    threshold: row?.threshold ?? 0.9,
  };
}

export async function updateSettings(
  ctx: Context,
  actor: Actor | null,
  s: DispatchSettings,
): Promise<DispatchSettings> {
  const a = requirePermission(actor, 'dispatch_catalogue.manage');
  await ctx.db.query(
    'UPDATE dispatch_settings SET auto_dispatch = $1, catalogue_auto = $2, threshold = $3, updated_by = $4, updated_at = $5',
    [s.autoDispatch, s.catalogueAuto, s.threshold, a.userId, ctx.now()],
  );
  settingsCache.delete(ctx.db);
  return readSettings(ctx.db);
}

const pct = (p: number) => `${Math.round(p * 100)}%`;

/**
 * The words a model relied on, readable: title words and character n-grams shown as plain words,
 * each once, single characters only when fewer than two longer words are there, at most four.
 */
export function evidenceWords(explanation: readonly { feature: string }[]): string[] {
  const all = [
    ...new Set(explanation.map((e) => e.feature.replace(/^标题:/, '').replace(/^「(.*)」$/, '$1'))),
  ];
  const long = all.filter((w) => [...w].length >= 2);
  return (long.length >= 2 ? long : all).slice(0, 4);
}

function unitName(refs: ReferenceSnapshot, id: number | null | undefined) {
  return (id != null ? refs.units.get(id)?.name : undefined) ?? '未知单位';
}

export type OrderFacts = Pick<
  OrderRow,
  'title' | 'content' | 'address' | 'category_id' | 'region_unit_id' | 'longitude' | 'latitude'
> & { created_at?: Date };

/** Suggestions for an order (or a draft), best first, at most `limit`. */
export async function suggestUnits(
  ctx: Pick<Context, 'db' | 'refs' | 'now'>,
  order: OrderFacts,
  settings?: DispatchSettings,
  limit = 5,
): Promise<DispatchSuggestions> {
  const refs = await ctx.refs.get();
  const s = settings ?? (await cachedSettings(ctx.db));
  const region = await resolveRegion(ctx, {
    regionUnitId: order.region_unit_id,
    address: order.address,
    longitude: order.longitude,
    latitude: order.latitude,
  });
  const regionUnit = region ? refs.units.get(region.unitId) : undefined;
  const category = order.category_id ? refs.categories.get(order.category_id) : undefined;
  const out: UnitSuggestion[] = [];
  const add = (sug: UnitSuggestion) => {
    const same = out.find((x) => x.unitId === sug.unitId);
    if (same) {
      same.reasons.push(...sug.reasons);
      same.score = Math.max(same.score, sug.score);
    } else out.push(sug);
  };

  // 1. 派单目录.
  const day = refs.calendar.localDate(order.created_at ?? ctx.now());
  const match = matchCatalogue(await activeCatalogue(ctx.db), {
    categoryPath: category?.pathIds ?? [],
    regionPath: regionUnit ? pathIds(regionUnit.path) : [],
    day,
  });
  let auto: DispatchSuggestions['auto'] = { eligible: false, reason: null };
  if (match) {
    const r = match.rule;
    const scope = [
      r.categoryId ? `事项「${refs.categories.get(r.categoryId)?.name ?? r.categoryId}」` : null,
      r.regionUnitId ? `区域「${unitName(refs, r.regionUnitId)}」` : null,
    ]
      .filter(Boolean)
      .join(' × ');
    const source = r.source === 'joint_ruling' ? `联席会议裁定（${r.reference}）` : '管理员设定';
    const reason = `派单目录：${scope} 由${unitName(refs, r.leadUnitId)}主办，${source}`;
    add({
      unitId: r.leadUnitId,
      unitName: unitName(refs, r.leadUnitId),
      assistUnitIds: [...r.assistUnitIds],
      score: 1,
      source: 'catalogue',
      reasons: [reason],
    });
    if (s.catalogueAuto) auto = { eligible: true, reason };
  }

  // 2. The lead-unit model, and 3. the territorial street of the region.
  const model = await modelStore(ctx.db).get('lead_unit');
  const gazetteer = await gazetteerFor(ctx.db, refs);
  const street = region ? gazetteer.streetOf(region.unitId) : null;
  if (model) {
    const c = model.classifier.classify(orderItem(order), model.classifier.labels.length, 8);
    const words = evidenceWords(c.explanation);
    // Probability that the order belongs to a street at all: goes to the order's own street.
    let streetShare = 0;
    const ranked: UnitSuggestion[] = [];
    for (const [i, t] of c.top.entries()) {
      const id = Number(t.label);
      const unit = refs.units.get(id);
      if (!unit?.active) continue;
      if (unit.kind === 'street') {
        streetShare += t.probability;
        continue;
      }
      ranked.push({
        unitId: id,
        unitName: unit.name,
        assistUnitIds: [],
        score: t.probability,
        source: 'model',
        reasons: [
          `模型：${pct(t.probability)}${i === 0 && words.length ? `，依据词「${words.join('」「')}」` : ''}`,
        ],
      });
    }
    if (street !== null && streetShare > 0) {
      ranked.push({
        unitId: street,
        unitName: unitName(refs, street),
        assistUnitIds: [],
        score: streetShare,
        source: 'region',
        reasons: [
          `属地：${region?.source === 'address' ? `地址「${region.matched.join('、')}」` : '所在区域'}属${unitName(refs, street)}；模型判断属地街道办理的可能为 ${pct(streetShare)}`,
        ],
      });
    }
    ranked.sort((a, b) => b.score - a.score);
    for (const r of ranked) if (r.score >= 0.02) add(r);
    const top = ranked[0];
    // Threshold 1 means the model never dispatches by itself (only the catalogue does).
    if (!auto.eligible && s.autoDispatch && s.threshold < 1 && top && top.score >= s.threshold && !match) {
      auto = { eligible: true, reason: `${top.reasons[0]}（置信度不低于阈值 ${pct(s.threshold)}）` };
    }
  } else if (street !== null) {
    add({
      unitId: street,
      unitName: unitName(refs, street),
      assistUnitIds: [],
      score: 0,
      source: 'region',
      reasons: [`属地：所在区域属${unitName(refs, street)}`],
    });
  }
  if (match && !s.catalogueAuto) auto = { eligible: false, reason: null };
  if (!s.autoDispatch) auto = { eligible: false, reason: auto.reason };
  return {
    suggestions: out.slice(0, limit),
    regionUnitId: region?.unitId ?? null,
    auto,
    modelVersion: model?.version ?? null,
  };
}

/** The system acting as 自动派单. */
const AUTO_ACTOR: Actor = { ...SYSTEM_ACTOR, name: '自动派单' };

/**
 * The suggestions for an order about to be created, or null when they cannot be computed (the order
 * is then created without them; the dispatcher's desk computes them again when it opens the order).
 */
export async function suggestForNewOrder(
  ctx: Context,
  facts: OrderFacts,
  log?: (msg: string, err: unknown) => void,
): Promise<DispatchSuggestions | null> {
  try {
    return await suggestUnits(ctx, facts);
  } catch (err) {
    log?.('智能派单建议计算失败，工单留待人工派单', err);
    return null;
  }
}

/**
 * What createOrder writes into dispatch_suggestions in the statement that inserts the order (one
 * round trip on the busiest path): `columns` after order_id, and their values in that order.
 */
export function suggestionRecord(result: DispatchSuggestions, createdAt: Date) {
  const top = result.suggestions[0];
  return {
    columns: 'created_at, suggestions, top_unit_id, source, confidence, model_version',
    values: [
      createdAt,
      JSON.stringify(result.suggestions),
      top?.unitId ?? null,
      top?.source ?? 'none',
      top?.score ?? null,
      result.modelVersion,
    ] as unknown[],
  };
}

/**
 * After the new order has committed: dispatch it as the system when the recorded suggestions
 * qualify. A failure leaves the order waiting for a person, as if auto-dispatch were off.
 */
export async function autoDispatchNewOrder(
  ctx: Context,
  order: OrderRow,
  result: DispatchSuggestions | null,
  log?: (msg: string, err: unknown) => void,
): Promise<OrderRow> {
  const top = result?.suggestions[0];
  if (!result?.auto.eligible || !top || order.state !== 'pending_dispatch') return order;
  try {
    const { order: dispatched } = await dispatchOrder(ctx, {
      actor: AUTO_ACTOR,
      orderId: order.id,
      leadUnitId: top.unitId,
      assistUnitIds: top.assistUnitIds,
      expectedVersion: order.version,
      note: `自动派单：${result.auto.reason}`,
    });
    await ctx.db.query('UPDATE dispatch_suggestions SET auto_dispatched = true WHERE order_id = $1', [
      order.id,
    ]);
    return dispatched;
  } catch (err) {
    log?.('自动派单失败，工单留待人工派单', err);
    return order;
  }
}

/** The desk's view: recorded suggestions when the order is still waiting, recomputed otherwise fresh. */
export async function orderSuggestions(ctx: Context, actor: Actor | null, orderId: number) {
  const a = requirePermission(actor, 'order.dispatch');
  const order = await getVisibleOrder(ctx, a, orderId);
  const result = await suggestUnits(ctx, order);
  const [recorded] = await ctx.db.query<{ auto_dispatched: boolean }>(
    'SELECT auto_dispatched FROM dispatch_suggestions WHERE order_id = $1',
    [orderId],
  );
  return { ...result, autoDispatched: recorded?.auto_dispatched ?? false };
}

export const ACCURACY_PERIODS = ['day', 'week', 'month'] as const;

/**
 * Live figures by period (China Standard Time): orders with suggestions, how many were dispatched
 * automatically, how many were dispatched at all, how often the final lead unit (after any
 * reassignment) is the suggested one, and how often a person chose another unit.
 */
export async function dispatchAccuracy(
  ctx: Context,
  o: { actor: Actor | null; period: (typeof ACCURACY_PERIODS)[number]; from: Date; to: Date },
) {
  const actor = o.actor;
  if (!actor?.permissions.has('order.dispatch')) requirePermission(actor, 'dispatch_catalogue.manage');
  if (o.to <= o.from)
    throw new AppError('VALIDATION_FAILED', { field: 'querystring.to' }, '结束时间必须晚于开始时间');
  const rows = await ctx.db.query<{
    period: string;
    orders: number;
    suggested: number;
    auto: number;
    dispatched: number;
    final_match: number;
    auto_kept: number;
    changed: number;
  }>(
    `SELECT to_char(date_trunc($1, (s.created_at AT TIME ZONE 'UTC') + interval '8 hours'), 'YYYY-MM-DD') AS period,
            count(*) AS orders,
            count(s.top_unit_id) AS suggested,
            count(*) FILTER (WHERE s.auto_dispatched) AS auto,
            count(o.lead_unit_id) FILTER (WHERE s.top_unit_id IS NOT NULL) AS dispatched,
            count(*) FILTER (WHERE o.lead_unit_id = s.top_unit_id) AS final_match,
            count(*) FILTER (WHERE s.auto_dispatched AND o.lead_unit_id = s.top_unit_id) AS auto_kept,
            count(*) FILTER (WHERE s.top_unit_id IS NOT NULL AND o.lead_unit_id IS NOT NULL
                               AND o.lead_unit_id <> s.top_unit_id) AS changed
       FROM dispatch_suggestions s JOIN orders o ON o.id = s.order_id
      WHERE s.created_at >= $2 AND s.created_at < $3
      GROUP BY 1 ORDER BY 1`,
    [o.period, o.from, o.to],
  );
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
  const items = rows.map((r) => ({
    period: r.period,
    orders: r.orders,
    suggested: r.suggested,
    autoDispatched: r.auto,
    autoShare: ratio(r.auto, r.orders),
    autoAccuracy: ratio(r.auto_kept, r.auto),
    dispatched: r.dispatched,
    suggestionAccuracy: ratio(r.final_match, r.dispatched),
    changedByPerson: r.changed,
    changedShare: ratio(r.changed, r.dispatched),
  }));
  return { items };
}
