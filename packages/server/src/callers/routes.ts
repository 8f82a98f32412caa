import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { ORDER_STATES } from '../domain/order-lifecycle.ts';
import { REQUEST_TYPES } from '../domain/reference.ts';
import { ErrorBody } from '../platform/error-schema.ts';
import { callerProfile } from './caller-profile.ts';

const CallerProfile = z.object({
  totalOrders: z.number(),
  orders30d: z.number(),
  orders90d: z.number(),
  openOrders: z.number(),
  firstContactAt: z.string().nullable(),
  topics: z.array(z.object({ name: z.string(), count: z.number() })),
  satisfaction: z.object({
    satisfied: z.number(),
    basicallySatisfied: z.number(),
    dissatisfied: z.number(),
    rate: z.number().nullable(),
  }),
  oneTimeResolutionRate: z.number().nullable(),
  flags: z.array(z.enum(['frequent', 'dissatisfied_before'])),
  recentOrders: z.array(
    z.object({
      id: z.number(),
      number: z.string(),
      title: z.string(),
      state: z.enum(ORDER_STATES),
      stateLabel: z.string(),
      requestType: z.enum(REQUEST_TYPES),
      createdAt: z.string(),
    }),
  ),
});

export async function callerRoutes(fastify: FastifyInstance, ctx: Context) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/callers/profile',
    {
      schema: {
        tags: ['来电人 callers'],
        summary: '来电人画像（按电话号码；记录审计日志）',
        description: '电话号码放在请求体中，不出现在地址和访问日志里。',
        body: z.object({
          phone: z
            .string()
            .trim()
            .regex(/^\+?[0-9-]{5,20}$/, '电话号码格式不正确'),
        }),
        response: { 200: CallerProfile, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => callerProfile(ctx, { actor: req.actor, phone: req.body.phone, ip: req.ip }),
  );
}
