import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { computeDeadlines, type TimeLimitRule } from '../domain/time-limits.ts';
import { ErrorBody } from '../platform/error-schema.ts';
import { type CalendarOverride, daysBetween, daysOfMonth, describeDay } from './calendar-view.ts';
import { Limit } from './schemas.ts';

const tags = ['时限 time limits'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 422: ErrorBody };
const iso = z.iso.datetime({ offset: true });
/** A preview lists the special days up to this many days after arrival. */
const MAX_PREVIEW_DAYS = 120;

const DayView = z.object({
  day: z.iso.date(),
  weekday: z.number().int().min(0).max(6),
  isWorkday: z.boolean(),
  national: z.object({ kind: z.enum(['holiday', 'workday']), name: z.string() }).nullable(),
  override: z.object({ isWorkday: z.boolean(), note: z.string() }).nullable(),
  label: z.string(),
});

async function loadOverrides(ctx: Context, from: string, to: string) {
  const rows = await ctx.db.query<{ day: string; is_workday: boolean; note: string }>(
    'SELECT day::text AS day, is_workday, note FROM calendar_days WHERE day BETWEEN $1 AND $2',
    [from, to],
  );
  return new Map<string, CalendarOverride>(
    rows.map((r) => [r.day, { isWorkday: r.is_workday, note: r.note }]),
  );
}

/** 系统管理: the month calendar, and deadlines of a rule being edited before it is saved. */
export async function calendarRoutes(fastify: FastifyInstance, ctx: Context) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/calendar/month',
    {
      schema: {
        tags,
        summary: '月历：国家法定节假日、调休上班日与本地调整',
        querystring: z.object({
          month: z.string().regex(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM'),
        }),
        response: { 200: z.object({ month: z.string(), days: z.array(DayView) }), ...errors },
      },
    },
    async (req) => {
      requirePermission(req.actor, 'org.read');
      const days = daysOfMonth(req.query.month);
      const overrides = await loadOverrides(ctx, days[0] as string, days.at(-1) as string);
      const { calendar } = await ctx.refs.get();
      return { month: req.query.month, days: days.map((d) => describeDay(d, calendar, overrides)) };
    },
  );

  app.post(
    '/api/sla/preview',
    {
      schema: {
        tags,
        summary:
          '时限规则草稿预览：按编辑中的时限计算某一时刻受理（即时派单）的各项期限，并列出其间的周末、节假日与调休',
        body: z.object({
          at: iso,
          dispatchLimit: Limit,
          signLimit: Limit,
          returnLimit: Limit,
          handleLimit: Limit,
          yellowShare: z.number().gt(0).lt(1),
        }),
        response: {
          200: z.object({
            createdAt: iso,
            dispatchDueAt: iso,
            signDueAt: iso,
            returnDueAt: iso,
            handleDueAt: iso,
            yellowAt: iso,
            /** Days from arrival to the last deadline that are not a plain Monday–Friday workday. */
            specialDays: z.array(DayView),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      requirePermission(req.actor, 'rules.manage');
      const { calendar } = await ctx.refs.get();
      const at = new Date(req.body.at);
      const draft: TimeLimitRule = {
        id: 0,
        name: '草稿',
        requestType: null,
        urgency: null,
        categoryId: null,
        taskForce: null,
        validFrom: null,
        validTo: null,
        active: true,
        ...req.body,
      };
      const d = computeDeadlines(draft, { createdAt: at, dispatchedAt: at }, calendar);
      const last = Math.max(
        d.dispatchDueAt.getTime(),
        d.signDueAt.getTime(),
        d.returnDueAt.getTime(),
        d.handleDueAt.getTime(),
      );
      const from = calendar.localDate(at);
      const to = calendar.localDate(new Date(Math.min(last, at.getTime() + MAX_PREVIEW_DAYS * 86_400_000)));
      const overrides = await loadOverrides(ctx, from, to);
      const specialDays = daysBetween(from, to)
        .map((day) => describeDay(day, calendar, overrides))
        .filter((v) => v.national || v.override || !v.isWorkday);
      return {
        createdAt: at.toISOString(),
        dispatchDueAt: d.dispatchDueAt.toISOString(),
        signDueAt: d.signDueAt.toISOString(),
        returnDueAt: d.returnDueAt.toISOString(),
        handleDueAt: d.handleDueAt.toISOString(),
        yellowAt: d.yellowAt.toISOString(),
        specialDays,
      };
    },
  );
}
