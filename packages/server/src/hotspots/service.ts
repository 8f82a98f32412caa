/**
 * 热点与预警 over orders, computed on the fly: the orders of a period (at most 92 days, at most
 * 5,000 orders) clustered by text and place, ranked by the heat index against the window of the same
 * length before; and rise warnings per category and per region for each day of the period against the
 * 28 days before it. Pure rules in domain/hotspots.ts.
 */
import { type Actor, requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import {
  clusterMessages,
  detectRise,
  extractPlaces,
  growthOf,
  type HotMessage,
  heatIndex,
  windowFigures,
} from '../domain/hotspots.ts';
import { contentWords } from '../domain/reply-review.ts';
import { ruleViolation } from '../platform/errors.ts';
import { tokenise } from '../review-rules/service.ts';

const DAY = 86_400_000;
const CST = 8 * 3_600_000;
export const MAX_PERIOD_DAYS = 92;
export const MAX_ORDERS = 5000;
export const BASELINE_DAYS = 28;

/** Midnight China Standard Time of a YYYY-MM-DD day, as an instant. */
const cstMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`).getTime();
const cstDay = (ms: number) => new Date(ms + CST).toISOString().slice(0, 10);

interface OrderRow {
  id: number;
  number: string;
  title: string;
  content: string;
  address: string | null;
  citizen_phone: string | null;
  category_id: number | null;
  region_unit_id: number | null;
  created_at: Date;
}

export interface HotspotQuery {
  actor: Actor | null;
  from?: string | undefined;
  to?: string | undefined;
  minPeople?: number | undefined;
  limit?: number | undefined;
}

export async function findHotspots(ctx: Context, q: HotspotQuery) {
  requirePermission(q.actor, 'analytics.read');
  const today = cstDay(ctx.now().getTime());
  const to = q.to ?? today;
  const from = q.from ?? cstDay(cstMidnight(to) - 6 * DAY);
  const start = cstMidnight(from);
  const end = cstMidnight(to) + DAY;
  if (end <= start) throw ruleViolation('from', '开始日期不能晚于结束日期');
  if (end - start > MAX_PERIOD_DAYS * DAY) throw ruleViolation('from', `统计期间最长 ${MAX_PERIOD_DAYS} 天`);
  const previousStart = start - (end - start);
  const refs = await ctx.refs.get();

  // The newest orders of the period and the window before it (for growth).
  const rows = await ctx.db.query<OrderRow>(
    `SELECT id, number, title, content, address, citizen_phone, category_id, region_unit_id, created_at
     FROM orders WHERE created_at >= $1 AND created_at < $2 AND state <> 'merged'
     ORDER BY created_at DESC, id DESC LIMIT ${MAX_ORDERS + 1}`,
    [new Date(previousStart), new Date(end)],
  );
  const truncated = rows.length > MAX_ORDERS;
  if (truncated) rows.pop();
  const messages: HotMessage[] = rows.map((r) => {
    const region = r.region_unit_id ? refs.units.get(r.region_unit_id)?.name : undefined;
    return {
      id: String(r.id),
      at: r.created_at.getTime(),
      person: r.citizen_phone ? `p:${r.citizen_phone}` : `o:${r.id}`,
      words: contentWords(tokenise(`${r.title} ${r.content}`)),
      titleWords: contentWords(tokenise(r.title)),
      places: [...extractPlaces(`${r.address ?? ''} ${r.title} ${r.content}`), ...(region ? [region] : [])],
      category: r.category_id === null ? null : String(r.category_id),
    };
  });
  const minPeople = q.minPeople ?? 2;
  const hotspots = clusterMessages(messages)
    .map((c) => {
      const members = c.members.map((i) => messages[i] as HotMessage);
      const figures = windowFigures(members, start, end);
      return { c, members, figures, heat: heatIndex(figures) };
    })
    .filter((h) => h.figures.people >= minPeople)
    .sort((a, b) => b.heat - a.heat || b.figures.people - a.figures.people)
    .slice(0, q.limit ?? 20)
    .map((h, k) => {
      const inWindow = h.c.members
        .filter((i) => (messages[i] as HotMessage).at >= start)
        .map((i) => rows[i] as OrderRow);
      const categoryCounts = new Map<number, number>();
      for (const o of inWindow)
        if (o.category_id !== null)
          categoryCounts.set(o.category_id, (categoryCounts.get(o.category_id) ?? 0) + 1);
      const categoryId = [...categoryCounts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? null;
      return {
        rank: k + 1,
        heat: h.heat,
        people: h.figures.people,
        orderCount: h.figures.messages,
        previousPeople: h.figures.previousPeople,
        growth: Math.round(growthOf(h.figures) * 100) / 100,
        title: (inWindow[inWindow.length - 1] as OrderRow).title,
        terms: h.c.terms,
        places: h.c.places,
        categoryId,
        categoryName: categoryId === null ? null : (refs.categories.get(categoryId)?.name ?? null),
        orders: inWindow.slice(0, 10).map((o) => ({
          id: o.id,
          number: o.number,
          title: o.title,
          createdAt: o.created_at.toISOString(),
        })),
      };
    });

  // Rise warnings: daily counts per category and region, each day of the period against the 28 before.
  const counts = await ctx.db.query<{ day: string; dim: 'category' | 'region'; key: number; n: number }>(
    `SELECT to_char(created_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD') AS day, 'category' AS dim,
            category_id AS key, count(*)::int AS n
     FROM orders WHERE created_at >= $1 AND created_at < $2 AND category_id IS NOT NULL GROUP BY 1, 3
     UNION ALL
     SELECT to_char(created_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD'), 'region', region_unit_id, count(*)::int
     FROM orders WHERE created_at >= $1 AND created_at < $2 AND region_unit_id IS NOT NULL GROUP BY 1, 3`,
    [new Date(start - BASELINE_DAYS * DAY), new Date(end)],
  );
  const days = Math.round((end - start) / DAY) + BASELINE_DAYS;
  const firstDay = start - BASELINE_DAYS * DAY;
  const series = new Map<string, { dim: 'category' | 'region'; key: number; counts: number[] }>();
  for (const c of counts) {
    const id = `${c.dim}:${c.key}`;
    let s = series.get(id);
    if (!s) series.set(id, (s = { dim: c.dim, key: Number(c.key), counts: new Array(days).fill(0) }));
    const i = Math.round((cstMidnight(c.day) - firstDay) / DAY);
    if (i >= 0 && i < days) s.counts[i] = (s.counts[i] as number) + c.n;
  }
  const warnings = [];
  for (const s of series.values()) {
    for (let i = BASELINE_DAYS; i < days; i++) {
      const rise = detectRise(s.counts.slice(i - BASELINE_DAYS, i + 1), { baselineWindows: BASELINE_DAYS });
      if (!rise) continue;
      const name = s.dim === 'category' ? refs.categories.get(s.key)?.name : refs.units.get(s.key)?.name;
      warnings.push({
        dimension: s.dim,
        key: s.key,
        name: name ?? String(s.key),
        day: cstDay(firstDay + i * DAY),
        ...rise,
        message: `${name ?? s.key}：${cstDay(firstDay + i * DAY)} 受理 ${rise.observed} 件，约为常态（日均 ${rise.expected} 件）的 ${rise.ratio} 倍`,
      });
    }
  }
  warnings.sort((a, b) => a.pValue - b.pValue || b.observed - a.observed);
  return { from, to, truncated, hotspots, warnings: warnings.slice(0, 50) };
}
