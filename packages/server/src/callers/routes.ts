import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { ORDER_STATES } from '../domain/order-lifecycle.ts';
import { REQUEST_TYPES } from '../domain/reference.ts';
import { ErrorBody } from '../platform/error-schema.ts';
import { callerProfile } from './caller-profile.ts';
import { callerSuggestions } from './caller-suggestions.ts';

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

const CallerSuggestions = z.object({
  categories: z.array(
    z.object({
      categoryId: z.number(),
      /** From the root: what the intake form's 事项分类 cascader takes. */
      pathIds: z.array(z.number()),
      path: z.string(),
      probability: z.number().nullable(),
      sources: z.array(z.enum(['open_order', 'caller_history', 'model'])),
      reasons: z.array(z.string()),
    }),
  ),
  followUp: z
    .object({
      orderId: z.number(),
      number: z.string(),
      title: z.string(),
      stateLabel: z.string(),
      reason: z.string(),
    })
    .nullable(),
  replyTemplates: z.array(
    z.object({
      kind: z.enum(['accepted_reply', 'knowledge_entry']),
      categoryId: z.number(),
      text: z.string(),
      knowledgeEntryId: z.number().nullable(),
      orderId: z.number(),
      orderNumber: z.string(),
      reason: z.string(),
    }),
  ),
  modelVersion: z.number().nullable(),
});

const Phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9-]{5,20}$/, '电话号码格式不正确');

export async function callerRoutes(fastify: FastifyInstance, ctx: Context) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/callers/profile',
    {
      schema: {
        tags: ['来电人 callers'],
        summary: '来电人画像（按电话号码；记录审计日志）',
        description: '电话号码放在请求体中，不出现在地址和访问日志里。',
        body: z.object({ phone: Phone }),
        response: { 200: CallerProfile, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => callerProfile(ctx, { actor: req.actor, phone: req.body.phone, ip: req.ip }),
  );
  app.post(
    '/api/callers/suggestions',
    {
      schema: {
        tags: ['来电人 callers'],
        summary: '来电人画像建议：事项分类与答复模板（结合来电人历史与智能分类；记录审计日志）',
        description:
          '电话号码放在请求体中。填写了标题或内容时并入智能分类的结果；给出 categoryId 时答复模板只取该分类。',
        body: z.object({
          phone: Phone,
          title: z.string().trim().max(200).optional(),
          content: z.string().trim().max(5000).optional(),
          address: z.string().trim().max(300).optional(),
          categoryId: z.number().int().positive().optional(),
        }),
        response: { 200: CallerSuggestions, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => callerSuggestions(ctx, { actor: req.actor, draft: req.body, ip: req.ip }),
  );
}
