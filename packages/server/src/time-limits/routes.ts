import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { REQUEST_TYPES, URGENCIES } from '../domain/reference.ts';
import { computeDeadlines, selectRule } from '../domain/time-limits.ts';
import { ErrorBody } from '../platform/error-schema.ts';
import { referenceNotFound } from '../platform/errors.ts';
import { calendarRoutes } from './calendar-routes.ts';
import { listRules, saveRule, setCalendarDay } from './rules-service.ts';
import { Limit } from './schemas.ts';

const tags = ['时限 time limits'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody };
const iso = z.iso.datetime({ offset: true });
const day = z.iso.date();

const RuleBody = z.object({
  name: z.string().trim().min(1).max(100),
  requestType: z.enum(REQUEST_TYPES).nullable().default(null),
  urgency: z.enum(URGENCIES).nullable().default(null),
  categoryId: z.number().int().positive().nullable().default(null),
  taskForce: z.string().trim().min(1).max(100).nullable().default(null),
  validFrom: day.nullable().default(null),
  validTo: day.nullable().default(null),
  dispatchLimit: Limit,
  signLimit: Limit,
  returnLimit: Limit,
  handleLimit: Limit,
  yellowShare: z.number().gt(0).lt(1),
  active: z.boolean().default(true),
});
const RuleView = RuleBody.extend({ id: z.number() });

export async function timeLimitRoutes(fastify: FastifyInstance, ctx: Context) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/sla/preview',
    {
      schema: {
        tags,
        summary: '时限预览：某一时刻受理的工单将得到的各项期限（假定即时派单）',
        querystring: z.object({
          type: z.enum(REQUEST_TYPES),
          urgency: z.enum(URGENCIES).default('general'),
          category: z.coerce.number().int().positive().max(2_147_483_647).optional(),
          at: iso.optional(),
        }),
        response: {
          200: z.object({
            rule: z.object({ id: z.number(), name: z.string() }),
            createdAt: iso,
            dispatchDueAt: iso,
            signDueAt: iso,
            returnDueAt: iso,
            handleDueAt: iso,
            yellowAt: iso,
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      requireActor(req.actor);
      const refs = await ctx.refs.get();
      const at = req.query.at ? new Date(req.query.at) : ctx.now();
      const category = req.query.category === undefined ? undefined : refs.categories.get(req.query.category);
      if (req.query.category !== undefined && !category)
        throw referenceNotFound('category', req.query.category);
      const rule = selectRule(
        refs.rules,
        {
          requestType: req.query.type,
          urgency: req.query.urgency,
          categoryPath: category?.pathIds ?? [],
          at,
        },
        refs.calendar,
      );
      const d = computeDeadlines(rule, { createdAt: at, dispatchedAt: at }, refs.calendar);
      return {
        rule: { id: rule.id, name: rule.name },
        createdAt: at.toISOString(),
        dispatchDueAt: d.dispatchDueAt.toISOString(),
        signDueAt: d.signDueAt.toISOString(),
        returnDueAt: d.returnDueAt.toISOString(),
        handleDueAt: d.handleDueAt.toISOString(),
        yellowAt: d.yellowAt.toISOString(),
      };
    },
  );

  app.get(
    '/api/sla/rules',
    {
      schema: {
        tags,
        summary: '时限规则',
        response: { 200: z.object({ items: z.array(RuleView) }), ...errors },
      },
    },
    async (req) => ({ items: [...(await listRules(ctx, req.actor))] }),
  );

  app.post(
    '/api/sla/rules',
    { schema: { tags, summary: '新建时限规则', body: RuleBody, response: { 201: RuleView, ...errors } } },
    async (req, reply) => reply.status(201).send(await saveRule(ctx, { actor: req.actor, rule: req.body })),
  );

  app.put(
    '/api/sla/rules/:id',
    {
      schema: {
        tags,
        summary: '修改时限规则',
        params: z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) }),
        body: RuleBody,
        response: { 200: RuleView, ...errors },
      },
    },
    async (req) => saveRule(ctx, { actor: req.actor, id: req.params.id, rule: req.body }),
  );

  app.get(
    '/api/calendar/days',
    {
      schema: {
        tags,
        summary: '本地调整的工作日与休息日',
        response: {
          200: z.object({ items: z.array(z.object({ day, isWorkday: z.boolean(), note: z.string() })) }),
          ...errors,
        },
      },
    },
    async (req) => {
      requirePermission(req.actor, 'org.read');
      const rows = await ctx.db.query<{ day: string; is_workday: boolean; note: string }>(
        'SELECT day, is_workday, note FROM calendar_days ORDER BY day',
      );
      return { items: rows.map((r) => ({ day: r.day, isWorkday: r.is_workday, note: r.note })) };
    },
  );

  app.put(
    '/api/calendar/days/:day',
    {
      schema: {
        tags,
        summary: '设定本地工作日或休息日（isWorkday 为 null 时恢复国家日历）',
        params: z.object({ day }),
        body: z.object({ isWorkday: z.boolean().nullable(), note: z.string().max(200).optional() }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await setCalendarDay(ctx, { actor: req.actor, day: req.params.day, ...req.body });
      return reply.status(204).send(null);
    },
  );

  await calendarRoutes(app, ctx);
}
