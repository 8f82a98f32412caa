/**
 * 月度考核: each unit's monthly score from 响应率, 解决率 and 满意率 with the admins' weights, its rank
 * among units of its tier, and 红黄牌 by thresholds (domain/measures.ts). A unit is assessed on its
 * whole subtree (a district answers for its streets, a street for its communities and grids).
 */
import ExcelJS from 'exceljs';
import type { Actor } from '../auth/actor.ts';
import { requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import {
  type AssessmentCard,
  type AssessmentSettings,
  assessmentCard,
  assessmentScore,
  DEFAULT_ASSESSMENT_SETTINGS,
  type MeasureCounters,
  type Measures,
  measuresOf,
  rankByScore,
} from '../domain/measures.ts';
import type { UnitKind } from '../domain/reference.ts';
import type { Queryable } from '../platform/db.ts';
import { countersBy, freshen, monthPeriod, type Period, subtreeSums } from './queries.ts';

export const TIERS = ['district', 'street', 'department'] as const;
export type Tier = (typeof TIERS)[number];
export const TIER_LABELS: Record<Tier, string> = {
  district: '区县',
  street: '街道（乡镇）',
  department: '市直部门及公用企业',
};
const TIER_OF: Partial<Record<UnitKind, Tier>> = {
  district: 'district',
  street: 'street',
  department: 'department',
  utility: 'department',
};

const SETTINGS_KEY = 'assessment';

export async function readSettings(db: Queryable): Promise<AssessmentSettings> {
  const [row] = await db.query<{ value: Partial<AssessmentSettings> }>(
    'SELECT value FROM analytics_settings WHERE key = $1',
    [SETTINGS_KEY],
  );
  return { ...DEFAULT_ASSESSMENT_SETTINGS, ...(row?.value ?? {}) };
}

export async function saveSettings(
  ctx: Context,
  o: { actor: Actor | null; settings: AssessmentSettings },
): Promise<AssessmentSettings> {
  const actor = requirePermission(o.actor, 'rules.manage');
  await ctx.db.query(
    `INSERT INTO analytics_settings (key, value, updated_by, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    [SETTINGS_KEY, JSON.stringify(o.settings), actor.userId, ctx.now()],
  );
  return o.settings;
}

export interface AssessmentRow {
  unitId: number;
  unitName: string;
  tier: Tier;
  rank: number | null;
  score: number | null;
  card: AssessmentCard;
  counters: MeasureCounters;
  measures: Measures;
}

export async function assessMonth(ctx: Context, o: { actor: Actor | null; month: string }) {
  requirePermission(o.actor, 'analytics.read');
  await freshen(ctx);
  const settings = await readSettings(ctx.db);
  return { month: o.month, settings, items: await assessPeriod(ctx, monthPeriod(o.month), settings) };
}

/**
 * Scores, ranks and cards the units over any period of whole days (the month's assessment, and the
 * quarterly and annual reports with the same weights and thresholds). The caller checks the right
 * and freshens the roll-up.
 */
export async function assessPeriod(
  ctx: Context,
  period: Period,
  settings: AssessmentSettings,
): Promise<AssessmentRow[]> {
  const refs = await ctx.refs.get();
  const byUnit = await countersBy(ctx.db, { dim: 'unit', period, now: ctx.now() });
  const units = [...refs.units.values()];
  const sums = subtreeSums(units, byUnit);
  const rows: AssessmentRow[] = [];
  for (const tier of TIERS) {
    const tierRows = units
      .filter((u) => TIER_OF[u.kind] === tier && u.active)
      .map((u) => {
        const counters = sums.get(u.id) ?? byUnit.get(String(u.id));
        if (!counters) throw new Error(`unit ${u.id} missing`);
        return {
          unitId: u.id,
          unitName: u.name,
          tier,
          score: assessmentScore(counters, settings),
          card: assessmentCard(counters, settings),
          counters,
          measures: measuresOf(counters),
        };
      })
      .filter((r) => r.counters.dispatched > 0 || r.counters.visited > 0 || r.counters.closed > 0);
    rows.push(...rankByScore(tierRows));
  }
  return rows;
}

const pct = (r: number | null) => (r === null ? null : Math.round(r * 10_000) / 10_000);
export const CARD_LABELS: Record<AssessmentCard, string> = { none: '', yellow: '黄牌', red: '红牌' };

/** The month's table as an Excel workbook: one sheet per tier, Chinese headers, an Excel table. */
export async function assessmentWorkbook(ctx: Context, o: { actor: Actor | null; month: string }) {
  const result = await assessMonth(ctx, o);
  const book = new ExcelJS.Workbook();
  book.creator = 'Jiesu 接诉即办';
  book.created = ctx.now();
  const w = result.settings.weights;
  for (const tier of TIERS) {
    const sheet = book.addWorksheet(TIER_LABELS[tier]);
    sheet.addRow([
      `${o.month} 月度考核（${TIER_LABELS[tier]}）  权重：响应率 ${w.response} / 解决率 ${w.resolution} / 满意率 ${w.satisfaction}`,
    ]);
    sheet.getRow(1).font = { bold: true, size: 13 };
    const rows = result.items.filter((r) => r.tier === tier);
    const columns = [
      { name: '排名', key: 'rank', width: 7 },
      { name: '单位', key: 'unit', width: 26 },
      { name: '得分', key: 'score', width: 9, fmt: '0.00' },
      { name: '红黄牌', key: 'card', width: 8 },
      { name: '派单量', key: 'dispatched', width: 9 },
      { name: '响应率', key: 'response', width: 9, fmt: '0.00%' },
      { name: '办结率', key: 'completion', width: 9, fmt: '0.00%' },
      { name: '按时办结率', key: 'onTime', width: 11, fmt: '0.00%' },
      { name: '解决率', key: 'resolution', width: 9, fmt: '0.00%' },
      { name: '满意率', key: 'satisfaction', width: 9, fmt: '0.00%' },
      { name: '重办率', key: 'redo', width: 9, fmt: '0.00%' },
      { name: '退单率', key: 'return', width: 9, fmt: '0.00%' },
      { name: '超期数', key: 'overdue', width: 8 },
      { name: '办结量', key: 'closed', width: 9 },
      { name: '回访量', key: 'visited', width: 9 },
    ];
    sheet.addTable({
      name: `assessment_${tier}`,
      ref: 'A3',
      headerRow: true,
      style: { theme: 'TableStyleMedium2', showRowStripes: true },
      columns: columns.map((c) => ({ name: c.name, filterButton: true })),
      rows:
        rows.length === 0
          ? [columns.map(() => null)]
          : rows.map((r) => [
              r.rank,
              r.unitName,
              r.score,
              CARD_LABELS[r.card],
              r.counters.dispatched,
              pct(r.measures.responseRate),
              pct(r.measures.completionRate),
              pct(r.measures.onTimeRate),
              pct(r.measures.resolutionRate),
              pct(r.measures.satisfactionRate),
              pct(r.measures.redoRate),
              pct(r.measures.returnRate),
              r.measures.overdueCount,
              r.counters.closed,
              r.counters.visited,
            ]),
    });
    columns.forEach((c, i) => {
      const col = sheet.getColumn(i + 1);
      col.width = c.width;
      if (c.fmt) col.numFmt = c.fmt;
    });
    sheet.views = [{ state: 'frozen', ySplit: 3 }];
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
