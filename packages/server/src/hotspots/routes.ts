import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { ErrorBody } from '../platform/error-schema.ts';
import { findHotspots } from './service.ts';

const tags = ['统计分析 analytics'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 422: ErrorBody };
const day = z.iso.date();

const Hotspot = z.object({
  rank: z.number(),
  heat: z.number(),
  people: z.number(),
  orderCount: z.number(),
  previousPeople: z.number(),
  growth: z.number(),
  title: z.string(),
  terms: z.array(z.string()),
  places: z.array(z.string()),
  categoryId: z.number().nullable(),
  categoryName: z.string().nullable(),
  orders: z.array(z.object({ id: z.number(), number: z.string(), title: z.string(), createdAt: z.string() })),
});
const Warning = z.object({
  dimension: z.enum(['category', 'region']),
  key: z.number(),
  name: z.string(),
  day,
  observed: z.number(),
  expected: z.number(),
  ratio: z.number(),
  pValue: z.number(),
  z: z.number(),
  message: z.string(),
});

export async function hotspotRoutes(fastify: FastifyInstance, ctx: Context) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/analytics/hot-matters',
    {
      schema: {
        tags,
        summary: '热点事项与突增预警（按文本和地点聚类，热度指数排序；最长 92 天）',
        querystring: z.object({
          from: day.optional(),
          to: day.optional(),
          minPeople: z.coerce.number().int().min(1).max(1000).optional(),
          limit: z.coerce.number().int().min(1).max(100).optional(),
        }),
        response: {
          200: z.object({
            from: day,
            to: day,
            truncated: z.boolean(),
            hotspots: z.array(Hotspot),
            warnings: z.array(Warning),
          }),
          ...errors,
        },
      },
    },
    async (req) => findHotspots(ctx, { actor: req.actor, ...req.query }),
  );
}
