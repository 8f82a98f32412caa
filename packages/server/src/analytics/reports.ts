/**
 * 日统计、月分析、季通报、年报告: one period's figures gathered from the roll-up (countersBy), the
 * unit assessment (assessPeriod) and the hot matters (findHotspots). No formula lives here: every
 * rate comes from domain/measures.ts through measuresOf. The renderers (report-html.ts,
 * report-pdf.ts) only lay out what this returns.
 */
import { z } from 'zod';
import { type Actor, requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import {
  type AssessmentSettings,
  type MeasureCounters,
  type Measures,
  measuresOf,
  zeroCounters,
} from '../domain/measures.ts';
import { REQUEST_TYPE_LABELS, type RequestType } from '../domain/reference.ts';
import { findHotspots } from '../hotspots/service.ts';
import { AppError } from '../platform/errors.ts';
import {
  type AssessmentRow,
  assessPeriod,
  readSettings,
  TIER_LABELS,
  TIERS,
  type Tier,
} from './assessment.ts';
import { countersBy, cstDay, freshen, monthPeriod, nextDay, type Period, subtreeSums } from './queries.ts';

export const REPORT_KINDS = ['daily', 'monthly', 'quarterly', 'annual'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_KIND_LABELS: Record<ReportKind, string> = {
  daily: '日统计',
  monthly: '月分析',
  quarterly: '季通报',
  annual: '年报告',
};
const TITLE_SUFFIX: Record<ReportKind, string> = {
  daily: '运行日统计',
  monthly: '运行分析',
  quarterly: '运行通报',
  annual: '运行报告',
};

const year = '(19|20|21)\\d{2}';
/** The period of each kind: 2026-11-21, 2026-11, 2026-Q4, 2026. */
export const PERIOD_SCHEMAS: Record<ReportKind, z.ZodType<string>> = {
  daily: z.iso.date('日统计的期间应为 YYYY-MM-DD，例如 2026-11-21'),
  monthly: z
    .string()
    .regex(new RegExp(`^${year}-(0[1-9]|1[0-2])$`), '月分析的期间应为 YYYY-MM，例如 2026-11'),
  quarterly: z.string().regex(new RegExp(`^${year}-Q[1-4]$`), '季通报的期间应为 YYYY-Qn，例如 2026-Q4'),
  annual: z.string().regex(new RegExp(`^${year}$`), '年报告的期间应为 YYYY，例如 2026'),
};

/** Validates `period` for `kind`; a bad one is a 400 naming querystring.period. */
export function parsePeriod(kind: ReportKind, period: string): string {
  const r = PERIOD_SCHEMAS[kind].safeParse(period);
  if (!r.success)
    throw new AppError(
      'VALIDATION_FAILED',
      { field: 'querystring.period' },
      r.error.issues[0]?.message ?? '期间格式有误',
    );
  return r.data;
}

const QUARTER_NAMES = ['一', '二', '三', '四'];
const pad = (n: number) => String(n).padStart(2, '0');
const prevDay = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};
const quarterPeriod = (y: number, q: number): Period => ({
  from: `${y}-${pad(q * 3 - 2)}-01`,
  to: monthPeriod(`${y}-${pad(q * 3)}`).to,
});

interface PeriodInfo {
  label: string;
  period: Period;
}

/** The period of a report, its label and the windows it is compared with (环比 before, 同比 last year). */
export function reportPeriods(
  kind: ReportKind,
  p: string,
): { current: PeriodInfo; previous: PeriodInfo | null; lastYear: PeriodInfo | null } {
  const y = Number(p.slice(0, 4));
  const dayLabel = (d: string) => `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8))}日`;
  const monthLabel = (yy: number, m: number) => `${yy}年${m}月`;
  switch (kind) {
    case 'daily': {
      // 同比 of a single day compares different weekdays, so a day is compared with the day before only.
      const prev = prevDay(p);
      return {
        current: { label: dayLabel(p), period: { from: p, to: p } },
        previous: { label: dayLabel(prev), period: { from: prev, to: prev } },
        lastYear: null,
      };
    }
    case 'monthly': {
      const m = Number(p.slice(5));
      const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
      return {
        current: { label: monthLabel(y, m), period: monthPeriod(p) },
        previous: { label: monthLabel(py, pm), period: monthPeriod(`${py}-${pad(pm)}`) },
        lastYear: { label: monthLabel(y - 1, m), period: monthPeriod(`${y - 1}-${pad(m)}`) },
      };
    }
    case 'quarterly': {
      const q = Number(p.slice(6));
      const [py, pq] = q === 1 ? [y - 1, 4] : [y, q - 1];
      const label = (yy: number, qq: number) => `${yy}年第${QUARTER_NAMES[qq - 1]}季度`;
      return {
        current: { label: label(y, q), period: quarterPeriod(y, q) },
        previous: { label: label(py, pq), period: quarterPeriod(py, pq) },
        lastYear: { label: label(y - 1, q), period: quarterPeriod(y - 1, q) },
      };
    }
    case 'annual':
      // The year before is both 环比 and 同比; it is shown once, as 同比.
      return {
        current: { label: `${y}年度`, period: { from: `${y}-01-01`, to: `${y}-12-31` } },
        previous: null,
        lastYear: { label: `${y - 1}年度`, period: { from: `${y - 1}-01-01`, to: `${y - 1}-12-31` } },
      };
  }
}

export type HotMatter = Awaited<ReturnType<typeof findHotspots>>['hotspots'][number];

// ── 每月一题 ────────────────────────────────────────────────────────────────────────────────────

/** A hot matter must come from at least this many people to be a candidate for 每月一题. */
export const ISSUE_MIN_PEOPLE = 3;
export const ISSUE_CANDIDATES = 3;
export const ISSUE_RULE =
  '候选分 = 反映人数 × (1 + 人数增长率) × (0.5 + 未解决占比)。人数增长率为本月较上月同长度窗口的增长（0–200%，与热度指数相同）；' +
  `未解决占比为该热点样本工单中尚未办结或回访未解决的比例。反映人数不少于 ${ISSUE_MIN_PEOPLE} 人的热点参与排序，取前 ${ISSUE_CANDIDATES} 名。`;

export interface IssueCandidate {
  rank: number;
  score: number;
  hotMatter: HotMatter;
  /** Sample orders of the matter (the hot matter's newest orders) and how many are unresolved. */
  sampled: number;
  unresolved: number;
  reasons: string[];
}

/**
 * 每月一题 candidates by {@link ISSUE_RULE}: people weigh most (a common problem), growth lifts a
 * rising one, and a matter still unresolved counts up to three times one fully resolved (0.5 → 1.5).
 * Ties go to more people, then the higher heat.
 */
export function rankIssueCandidates(
  items: readonly { hotMatter: HotMatter; sampled: number; unresolved: number }[],
  count = ISSUE_CANDIDATES,
): IssueCandidate[] {
  return items
    .filter((i) => i.hotMatter.people >= ISSUE_MIN_PEOPLE)
    .map((i) => {
      const share = i.sampled === 0 ? 0 : i.unresolved / i.sampled;
      const h = i.hotMatter;
      const score = Math.round(h.people * (1 + h.growth) * (0.5 + share) * 100) / 100;
      return { ...i, score, share };
    })
    .sort(
      (a, b) =>
        b.score - a.score || b.hotMatter.people - a.hotMatter.people || b.hotMatter.heat - a.hotMatter.heat,
    )
    .slice(0, count)
    .map(({ share, ...c }, k) => {
      const h = c.hotMatter;
      const reasons = [
        `本月 ${h.people} 人反映，共 ${h.orderCount} 件${h.places.length ? `，集中在${h.places.slice(0, 3).join('、')}` : ''}`,
        h.growth > 0
          ? `上期 ${h.previousPeople} 人，人数增长 ${Math.round(h.growth * 100)}%`
          : `上期 ${h.previousPeople} 人，人数未增长`,
        c.sampled === 0
          ? '暂无可查的样本工单'
          : `样本 ${c.sampled} 件中 ${c.unresolved} 件尚未解决（${Math.round(share * 100)}%）`,
      ];
      return { ...c, rank: k + 1, reasons };
    });
}

// ── the report ─────────────────────────────────────────────────────────────────────────────────

export interface Figures {
  counters: MeasureCounters;
  measures: Measures;
}
export interface Comparison {
  key: 'previous' | 'lastYear';
  /** 环比 or 同比. */
  name: string;
  label: string;
  period: Period;
}
export interface VolumeRow {
  key: string;
  name: string;
  received: number;
  /** Received in each comparison window, by comparison key. */
  compare: Partial<Record<Comparison['key'], number>>;
}
export interface Report {
  kind: ReportKind;
  period: string;
  title: string;
  cityName: string;
  label: string;
  range: Period;
  /** The last day with data when the period is not over yet (its comparisons cover as many days). */
  asOf: string | null;
  generatedAt: string;
  comparisons: Comparison[];
  headline: Figures & { compare: Partial<Record<Comparison['key'], Figures>> };
  byType: VolumeRow[];
  topCategories: VolumeRow[];
  /** Units ranked per tier with their cards; none in the daily report (one day is too few to rank). */
  ranking: { tier: Tier; tierLabel: string; rows: AssessmentRow[] }[] | null;
  settings: AssessmentSettings;
  overdue: { count: number; byUnit: { unitName: string; count: number }[] };
  hotMatters: { label: string; period: Period; truncated: boolean; items: HotMatter[] }[];
  /** 每月一题 candidates, in the monthly report only. */
  monthlyIssue: { rule: string; candidates: IssueCandidate[] } | null;
}

const TOP_CATEGORIES = 10;
const TOP_OVERDUE_UNITS = 10;

export async function buildReport(
  ctx: Context,
  o: { actor: Actor | null; kind: ReportKind; period: string },
): Promise<Report> {
  requirePermission(o.actor, 'analytics.read');
  const periodText = parsePeriod(o.kind, o.period);
  await freshen(ctx);
  const refs = await ctx.refs.get();
  const now = ctx.now();
  const { current, previous, lastYear } = reportPeriods(o.kind, periodText);
  // A period not over yet is compared with the same first days of the windows before (同期), not
  // with whole ones: six days of December against all of November would read as a fall.
  const today = cstDay(now);
  const running = current.period.from <= today && today < current.period.to;
  const elapsed = running ? daysIn({ from: current.period.from, to: today }) : 0;
  const sameDays = (w: PeriodInfo): { label: string; period: Period } =>
    running
      ? {
          label: `${w.label}（前 ${elapsed} 天）`,
          period: { from: w.period.from, to: minDay(w.period.to, addDays(w.period.from, elapsed - 1)) },
        }
      : w;
  const comparisons: Comparison[] = [];
  if (previous) comparisons.push({ key: 'previous', name: '环比', ...sameDays(previous) });
  if (lastYear) comparisons.push({ key: 'lastYear', name: '同比', ...sameDays(lastYear) });

  const windows = [{ key: 'current' as const, period: current.period }, ...comparisons];
  const dims = await Promise.all(
    windows.map(async (w) => {
      const [all, type, category] = await Promise.all(
        (['all', 'type', 'category'] as const).map((dim) =>
          countersBy(ctx.db, { dim, period: w.period, now }),
        ),
      );
      return { key: w.key, all: all?.get('') ?? zeroCounters(), type, category };
    }),
  );
  const at = (key: string) => dims.find((d) => d.key === key);
  const cur = at('current');
  if (!cur?.type || !cur.category) throw new Error('current window missing');

  const headline = {
    counters: cur.all,
    measures: measuresOf(cur.all),
    compare: Object.fromEntries(
      comparisons.map((c) => {
        const counters = at(c.key)?.all ?? zeroCounters();
        return [c.key, { counters, measures: measuresOf(counters) }];
      }),
    ),
  };

  const compareOf = (pick: (d: (typeof dims)[number]) => number) =>
    Object.fromEntries(comparisons.map((c) => [c.key, pick(at(c.key) as (typeof dims)[number])]));
  const typeKeys = new Set([...cur.type.keys()]);
  const byType = [...typeKeys]
    .map((key) => ({
      key,
      name: REQUEST_TYPE_LABELS[key as RequestType] ?? key,
      received: cur.type?.get(key)?.received ?? 0,
      compare: compareOf((d) => d.type?.get(key)?.received ?? 0),
    }))
    .filter((r) => r.received > 0)
    .sort((a, b) => b.received - a.received);

  // First-level categories over their subtrees, as on the dashboard.
  const catNodes = [...refs.categories.values()].map((c) => ({ id: c.id, path: `/${c.pathIds.join('/')}/` }));
  const catSums = new Map(dims.map((d) => [d.key, subtreeSums(catNodes, d.category ?? new Map())]));
  const topCategories = [...refs.categories.values()]
    .filter((c) => c.parentId === null)
    .map((c) => ({
      key: String(c.id),
      name: c.name,
      received: catSums.get('current')?.get(c.id)?.received ?? 0,
      compare: Object.fromEntries(
        comparisons.map((k) => [k.key, catSums.get(k.key)?.get(c.id)?.received ?? 0]),
      ),
    }))
    .filter((r) => r.received > 0)
    .sort((a, b) => b.received - a.received)
    .slice(0, TOP_CATEGORIES);

  const settings = await readSettings(ctx.db);
  const rows = o.kind === 'daily' ? null : await assessPeriod(ctx, current.period, settings);
  const ranking = rows
    ? TIERS.map((tier) => ({ tier, tierLabel: TIER_LABELS[tier], rows: rows.filter((r) => r.tier === tier) }))
    : null;

  // Overdue per lead unit itself (not its subtree), so no order is counted twice down the list.
  const byUnit = await countersBy(ctx.db, { dim: 'unit', period: current.period, now });
  const overdueByUnit = [...byUnit]
    .map(([key, c]) => ({
      unitName: refs.units.get(Number(key))?.name ?? key,
      count: measuresOf(c).overdueCount,
    }))
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count || a.unitName.localeCompare(b.unitName, 'zh-CN'))
    .slice(0, TOP_OVERDUE_UNITS);

  const hotWindows: PeriodInfo[] =
    o.kind === 'annual'
      ? [1, 2, 3, 4].map((q) => ({
          label: `第${QUARTER_NAMES[q - 1]}季度`,
          period: quarterPeriod(Number(periodText), q),
        }))
      : [current];
  const hotMatters = [];
  let monthPool: HotMatter[] = [];
  for (const w of hotWindows) {
    const found = await findHotspots(ctx, {
      actor: o.actor,
      from: w.period.from,
      to: w.period.to,
      minPeople: 2,
      limit: o.kind === 'monthly' ? 20 : o.kind === 'annual' ? 5 : 10,
    });
    if (o.kind === 'monthly') monthPool = found.hotspots;
    hotMatters.push({
      label: w.label,
      period: w.period,
      truncated: found.truncated,
      items: found.hotspots.slice(0, 10),
    });
  }

  const monthlyIssue =
    o.kind === 'monthly' ? { rule: ISSUE_RULE, candidates: await issueCandidates(ctx, monthPool) } : null;

  const cityName = [...refs.units.values()].find((u) => u.kind === 'city')?.name ?? '';
  return {
    kind: o.kind,
    period: periodText,
    title: `${cityName}12345热线${current.label}${TITLE_SUFFIX[o.kind]}`,
    cityName,
    label: current.label,
    range: current.period,
    asOf: running ? today : null,
    generatedAt: now.toISOString(),
    comparisons,
    headline,
    byType,
    topCategories,
    ranking,
    settings,
    overdue: { count: headline.measures.overdueCount, byUnit: overdueByUnit },
    hotMatters,
    monthlyIssue,
  };
}

/**
 * Unresolved: still open, or closed but the visit found it unresolved. Read for the hot matters'
 * sample orders (at most 10 each), the ones findHotspots lists.
 */
async function issueCandidates(ctx: Context, pool: HotMatter[]) {
  const ids = pool.flatMap((h) => h.orders.map((o) => o.id));
  const rows =
    ids.length === 0
      ? []
      : await ctx.db.query<{ id: number; unresolved: boolean }>(
          `SELECT id, (state NOT IN ('closed', 'withdrawn', 'merged') OR coalesce(resolved, true) = false) AS unresolved
           FROM orders WHERE id = ANY($1::bigint[])`,
          [ids],
        );
  const unresolved = new Map(rows.map((r) => [Number(r.id), r.unresolved]));
  return rankIssueCandidates(
    pool.map((h) => ({
      hotMatter: h,
      sampled: h.orders.filter((o) => unresolved.has(o.id)).length,
      unresolved: h.orders.filter((o) => unresolved.get(o.id) === true).length,
    })),
  );
}

/** A file name for the report, e.g. 临江市12345热线2026年11月运行分析.pdf, and an ASCII fallback. */
export function reportFileNames(r: Pick<Report, 'title' | 'kind' | 'period'>, ext: 'html' | 'pdf') {
  return { utf8: `${r.title}.${ext}`, ascii: `jiesu-report-${r.kind}-${r.period}.${ext}` };
}

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const minDay = (a: string, b: string) => (a < b ? a : b);

/** Days in a period, inclusive. */
export function daysIn(p: Period): number {
  let n = 0;
  for (let d = p.from; d <= p.to; d = nextDay(d)) n++;
  return n;
}
