import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { type MeasureCounters, zeroCounters } from '../domain/measures.ts';
import { CHANNEL_LABELS, type Channel, REQUEST_TYPE_LABELS, type RequestType } from '../domain/reference.ts';
import { loadConfig } from '../platform/config.ts';
import { ErrorBody } from '../platform/error-schema.ts';
import { AppError } from '../platform/errors.ts';
import { assessMonth, assessmentWorkbook, readSettings, saveSettings, TIERS } from './assessment.ts';
import {
  countersBy,
  cstDay,
  DIMENSIONS,
  freshen,
  monthPeriod,
  overdueOrders,
  type Period,
  subtreeSums,
  trend,
  withMeasures,
} from './queries.ts';
import { renderReportHtml } from './report-html.ts';
import { renderReportPdf } from './report-pdf.ts';
import { buildReport, REPORT_KINDS, reportFileNames } from './reports.ts';

const tags = ['统计分析 analytics'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };
const day = z.iso.date();
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');

const n = z.number();
const r = z.number().nullable();
const Counters = z.object({
  received: n,
  directAnswered: n,
  dispatched: n,
  signed: n,
  signedInTime: n,
  returned: n,
  closed: n,
  closedOnTime: n,
  closedRedone: n,
  visited: n,
  satisfied: n,
  basicallySatisfied: n,
  dissatisfied: n,
  resolved: n,
  dueClosed: n,
  dueClosedLate: n,
  dueOpen: n,
  dueOpenOverdue: n,
}) satisfies z.ZodType<MeasureCounters>;
const Measures = z.object({
  responseRate: r,
  completionRate: r,
  onTimeRate: r,
  resolutionRate: r,
  satisfactionRate: r,
  redoRate: r,
  directAnswerRate: r,
  returnRate: r,
  overdueCount: n,
});
const PeriodQuery = z.object({ month: month.optional(), from: day.optional(), to: day.optional() });
const PeriodView = z.object({ from: day, to: day });
const MeasureRow = z.object({
  key: z.string(),
  name: z.string(),
  parentKey: z.string().nullable(),
  counters: Counters,
  measures: Measures,
});

const MAX_DAYS = 3 * 366;

/** `month`, or `from`/`to` (inclusive CST days); default the current month to today. */
function periodOf(
  q: { month?: string | undefined; from?: string | undefined; to?: string | undefined },
  now: Date,
): Period {
  if (q.month) return monthPeriod(q.month);
  const today = cstDay(now);
  const from = q.from ?? `${today.slice(0, 7)}-01`;
  const to = q.to ?? today;
  if (to < from)
    throw new AppError('VALIDATION_FAILED', { field: 'querystring.to' }, '结束日期不能早于开始日期');
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_DAYS)
    throw new AppError('VALIDATION_FAILED', { field: 'querystring.from' }, '统计区间不能超过三年');
  return { from, to };
}

export async function analyticsRoutes(fastify: FastifyInstance, ctx: Context) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/analytics/measures',
    {
      schema: {
        tags,
        summary:
          '指标（响应率、办结率、按时办结率、解决率、满意率、重办率、直接答复率、退单率、超期数），按维度分组',
        querystring: PeriodQuery.extend({
          by: z.enum(DIMENSIONS).default('all'),
          subtree: z
            .enum(['true', 'false'])
            .default('false')
            .transform((v) => v === 'true'),
        }),
        response: {
          200: z.object({ period: PeriodView, by: z.enum(DIMENSIONS), items: z.array(MeasureRow) }),
          ...errors,
        },
      },
    },
    async (req) => {
      requirePermission(req.actor, 'analytics.read');
      const period = periodOf(req.query, ctx.now());
      await freshen(ctx);
      const refs = await ctx.refs.get();
      const { by, subtree } = req.query;
      const byKey = await countersBy(ctx.db, { dim: by, period, now: ctx.now() });
      const items: z.infer<typeof MeasureRow>[] = [];
      if (by === 'unit' || by === 'region' || by === 'category') {
        const nodes =
          by === 'category'
            ? [...refs.categories.values()].map((c) => ({
                id: c.id,
                path: `/${c.pathIds.join('/')}/`,
                name: c.name,
                parentId: c.parentId,
              }))
            : [...refs.units.values()].map((u) => ({
                id: u.id,
                path: u.path,
                name: u.name,
                parentId: u.parentId,
              }));
        const sums = subtree ? subtreeSums(nodes, byKey) : undefined;
        for (const n of nodes) {
          const c = sums ? sums.get(n.id) : byKey.get(String(n.id));
          if (
            !c ||
            (c.received === 0 && c.dispatched === 0 && c.visited === 0 && c.closed === 0 && c.dueOpen === 0)
          )
            continue;
          items.push({
            key: String(n.id),
            name: n.name,
            parentKey: n.parentId === null ? null : String(n.parentId),
            ...withMeasures(c),
          });
        }
      } else {
        const label = (k: string) =>
          by === 'type'
            ? (REQUEST_TYPE_LABELS[k as RequestType] ?? k)
            : by === 'channel'
              ? (CHANNEL_LABELS[k as Channel] ?? k)
              : '全市';
        const keys = by === 'all' ? [''] : [...byKey.keys()].sort();
        for (const k of keys) {
          items.push({
            key: k,
            name: label(k),
            parentKey: null,
            ...withMeasures(byKey.get(k) ?? zeroCounters()),
          });
        }
      }
      return { period, by, items };
    },
  );

  app.get(
    '/api/analytics/trend',
    {
      schema: {
        tags,
        summary: '受理量趋势（按日、周、月）及去年同期',
        querystring: PeriodQuery.extend({ granularity: z.enum(['day', 'week', 'month']).default('day') }),
        response: {
          200: z.object({
            period: PeriodView,
            granularity: z.enum(['day', 'week', 'month']),
            items: z.array(
              z.object({
                bucket: day,
                received: z.number(),
                closed: z.number(),
                directAnswered: z.number(),
                receivedLastYear: z.number(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      requirePermission(req.actor, 'analytics.read');
      const period = periodOf(req.query, ctx.now());
      await freshen(ctx);
      // Buckets after today are left out, not drawn as zero.
      const today = cstDay(ctx.now());
      const shown = { from: period.from, to: period.to > today ? today : period.to };
      return {
        period,
        granularity: req.query.granularity,
        items:
          shown.to < shown.from
            ? []
            : await trend(ctx.db, { period: shown, granularity: req.query.granularity }),
      };
    },
  );

  app.get(
    '/api/analytics/mix',
    {
      schema: {
        tags,
        summary: '诉求构成：按诉求类型、渠道和一级事项分类',
        querystring: PeriodQuery,
        response: {
          200: z.object({
            period: PeriodView,
            byType: z.array(z.object({ key: z.string(), name: z.string(), received: z.number() })),
            byChannel: z.array(z.object({ key: z.string(), name: z.string(), received: z.number() })),
            byCategory: z.array(z.object({ key: z.string(), name: z.string(), received: z.number() })),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      requirePermission(req.actor, 'analytics.read');
      const period = periodOf(req.query, ctx.now());
      await freshen(ctx);
      const refs = await ctx.refs.get();
      const now = ctx.now();
      const [types, channels, cats] = await Promise.all([
        countersBy(ctx.db, { dim: 'type', period, now }),
        countersBy(ctx.db, { dim: 'channel', period, now }),
        countersBy(ctx.db, { dim: 'category', period, now }),
      ]);
      const list = (m: Map<string, MeasureCounters>, label: (k: string) => string) =>
        [...m]
          .map(([key, c]) => ({ key, name: label(key), received: c.received }))
          .filter((r) => r.received > 0)
          .sort((a, b) => b.received - a.received);
      const nodes = [...refs.categories.values()].map((c) => ({
        id: c.id,
        path: `/${c.pathIds.join('/')}/`,
      }));
      const sums = subtreeSums(nodes, cats);
      const byCategory = [...refs.categories.values()]
        .filter((c) => c.parentId === null)
        .map((c) => ({ key: String(c.id), name: c.name, received: sums.get(c.id)?.received ?? 0 }))
        .filter((r) => r.received > 0)
        .sort((a, b) => b.received - a.received);
      return {
        period,
        byType: list(types, (k) => REQUEST_TYPE_LABELS[k as RequestType] ?? k),
        byChannel: list(channels, (k) => CHANNEL_LABELS[k as Channel] ?? k),
        byCategory,
      };
    },
  );

  app.get(
    '/api/analytics/hotspots',
    {
      schema: {
        tags,
        summary: '热点分布：各区县或街道的受理量及满意率',
        querystring: PeriodQuery.extend({ level: z.enum(['district', 'street']).default('district') }),
        response: {
          200: z.object({
            period: PeriodView,
            level: z.enum(['district', 'street']),
            items: z.array(
              z.object({
                unitId: z.number(),
                code: z.string().nullable(),
                name: z.string(),
                received: z.number(),
                satisfactionRate: z.number().nullable(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      requirePermission(req.actor, 'analytics.read');
      const period = periodOf(req.query, ctx.now());
      await freshen(ctx);
      const refs = await ctx.refs.get();
      const byRegion = await countersBy(ctx.db, { dim: 'region', period, now: ctx.now() });
      const units = [...refs.units.values()];
      const sums = subtreeSums(units, byRegion);
      const items = units
        .filter((u) => u.kind === req.query.level)
        .map((u) => {
          const c = sums.get(u.id);
          const m = c ? withMeasures(c).measures : undefined;
          return {
            unitId: u.id,
            code: u.code,
            name: u.name,
            received: c?.received ?? 0,
            satisfactionRate: m?.satisfactionRate ?? null,
          };
        })
        .sort((a, b) => b.received - a.received);
      return { period, level: req.query.level, items };
    },
  );

  app.get(
    '/api/analytics/overdue',
    {
      schema: {
        tags,
        summary: '超期工单（超过办理时限且未按时答复），最超期的在前',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number(),
                number: z.string(),
                title: z.string(),
                state: z.string(),
                leadUnitName: z.string().nullable(),
                handlingUnitName: z.string().nullable(),
                categoryName: z.string().nullable(),
                handleDueAt: z.iso.datetime({ offset: true }),
                overdueHours: z.number(),
                redoCount: z.number(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      requirePermission(req.actor, 'analytics.read');
      const refs = await ctx.refs.get();
      const now = ctx.now();
      const rows = await overdueOrders(ctx.db, { now, limit: req.query.limit });
      return {
        items: rows.map((r) => ({
          id: r.id,
          number: r.number,
          title: r.title,
          state: r.state,
          leadUnitName: r.lead_unit_id ? (refs.units.get(r.lead_unit_id)?.name ?? null) : null,
          handlingUnitName: r.handling_unit_id ? (refs.units.get(r.handling_unit_id)?.name ?? null) : null,
          categoryName: r.category_id ? (refs.categories.get(r.category_id)?.name ?? null) : null,
          handleDueAt: r.handle_due_at.toISOString(),
          overdueHours: Math.round((now.getTime() - r.handle_due_at.getTime()) / 360_000) / 10,
          redoCount: r.redo_count,
        })),
      };
    },
  );

  const Settings = z.object({
    weights: z.object({
      response: z.number().min(0).max(100),
      resolution: z.number().min(0).max(100),
      satisfaction: z.number().min(0).max(100),
    }),
    yellow: z.object({ response: z.number().min(0).max(1), satisfaction: z.number().min(0).max(1) }),
    red: z.object({ response: z.number().min(0).max(1), satisfaction: z.number().min(0).max(1) }),
    minDispatched: z.number().int().min(0).max(100_000),
  });

  app.get(
    '/api/analytics/settings',
    { schema: { tags, summary: '考核设置（权重、红黄牌阈值）', response: { 200: Settings, ...errors } } },
    async (req) => {
      requirePermission(req.actor, 'analytics.read');
      return readSettings(ctx.db);
    },
  );

  app.put(
    '/api/analytics/settings',
    {
      schema: {
        tags,
        summary: '修改考核设置（需规则管理权限）',
        body: Settings,
        response: { 200: Settings, ...errors, 422: ErrorBody },
      },
    },
    async (req) => {
      const s = req.body;
      if (s.weights.response + s.weights.resolution + s.weights.satisfaction <= 0)
        throw new AppError('VALIDATION_FAILED', { field: 'body.weights' }, '权重之和必须大于 0');
      if (s.red.response > s.yellow.response)
        throw new AppError('VALIDATION_FAILED', { field: 'body.red.response' }, '红牌线不能高于黄牌线');
      if (s.red.satisfaction > s.yellow.satisfaction)
        throw new AppError('VALIDATION_FAILED', { field: 'body.red.satisfaction' }, '红牌线不能高于黄牌线');
      return saveSettings(ctx, { actor: req.actor, settings: s });
    },
  );

  const AssessmentQuery = z.object({ month });
  app.get(
    '/api/analytics/assessment',
    {
      schema: {
        tags,
        summary: '月度考核：各单位得分、排名与红黄牌',
        querystring: AssessmentQuery,
        response: {
          200: z.object({
            month: z.string(),
            settings: Settings,
            items: z.array(
              z.object({
                unitId: z.number(),
                unitName: z.string(),
                tier: z.enum(TIERS),
                rank: z.number().nullable(),
                score: z.number().nullable(),
                card: z.enum(['none', 'yellow', 'red']),
                counters: Counters,
                measures: Measures,
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => assessMonth(ctx, { actor: req.actor, month: req.query.month }),
  );

  app.get(
    '/api/analytics/assessment.xlsx',
    { schema: { tags, summary: '导出月度考核表（Excel）', querystring: AssessmentQuery } },
    async (req, reply) => {
      const file = await assessmentWorkbook(ctx, { actor: req.actor, month: req.query.month });
      const name = `月度考核-${req.query.month}.xlsx`;
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="assessment-${req.query.month}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
        )
        .send(file);
    },
  );

  app.get(
    '/api/analytics/reports/:kind',
    {
      schema: {
        tags,
        summary:
          '运行报告：日统计、月分析（含「每月一题」候选）、季通报、年报告，可打印的 HTML 或 PDF。期间：2026-11-21、2026-11、2026-Q4、2026',
        params: z.object({ kind: z.enum(REPORT_KINDS) }),
        querystring: z.object({
          period: z.string().min(1).max(10),
          format: z.enum(['html', 'pdf']).default('html'),
        }),
      },
    },
    async (req, reply) => {
      const report = await buildReport(ctx, {
        actor: req.actor,
        kind: req.params.kind,
        period: req.query.period,
      });
      const format = req.query.format;
      const names = reportFileNames(report, format);
      // Read per request, so a font installed or configured later is picked up without a restart.
      const file =
        format === 'pdf' ? await renderReportPdf(report, loadConfig().pdfFont) : renderReportHtml(report);
      return reply
        .header('content-type', format === 'pdf' ? 'application/pdf' : 'text/html; charset=utf-8')
        .header(
          'content-disposition',
          `${format === 'pdf' ? 'attachment' : 'inline'}; filename="${names.ascii}"; filename*=UTF-8''${encodeURIComponent(names.utf8)}`,
        )
        .header('cache-control', 'no-store')
        .send(file);
    },
  );
}
