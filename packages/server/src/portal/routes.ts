import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readUploadedFile } from '../attachments/routes.ts';
import type { Context } from '../context.ts';
import { SATISFACTIONS } from '../domain/reference.ts';
import { CreateOrderBody, IdempotencyHeaders } from '../orders/schemas.ts';
import { ErrorBody } from '../platform/error-schema.ts';
import { AppError } from '../platform/errors.ts';
import { rateOrder, submitRequest, trackOrder, uploadPortalPhoto } from './portal-service.ts';

const tags = ['市民门户 portal'];
const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody, 429: ErrorBody };
const phone = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, '请填写 11 位手机号');
const number = z
  .string()
  .trim()
  .regex(/^\d{12}$/, '工单编号为 12 位数字');

const Progress = z.object({
  number: z.string(),
  title: z.string(),
  status: z.string(),
  createdAt: z.string(),
  handleDueAt: z.string().nullable(),
  unitName: z.string().nullable(),
  steps: z.array(z.object({ at: z.string(), text: z.string() })),
  answer: z.object({ content: z.string(), at: z.string() }).nullable(),
  canRate: z.boolean(),
});

/**
 * Public endpoints of the citizens' portal: submit a request, follow it with its number and the
 * caller's phone, rate the answer. Limited per client address (per process; a city running several
 * processes can give @fastify/rate-limit a Redis store).
 */
export async function portalRoutes(fastify: FastifyInstance, ctx: Context) {
  await fastify.register(rateLimit, {
    global: false,
    // The plugin throws what this returns; an AppError goes through the one error handler.
    errorResponseBuilder: (_req, limit) =>
      new AppError('RATE_LIMITED', { retryAfterSeconds: Math.ceil(limit.ttl / 1000) }),
  });
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/portal/requests',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: '市民提交诉求（网站渠道，无需登录；支持 Idempotency-Key）',
        headers: IdempotencyHeaders,
        body: CreateOrderBody.omit({ channel: true, regionUnitId: true }).extend({
          citizenPhone: phone,
          /** Tokens returned by POST /api/portal/photos. */
          photoTokens: z.array(z.string().min(20).max(100)).max(9).optional(),
        }),
        response: {
          201: z.object({ number: z.string(), status: z.string() }),
          200: z.object({ number: z.string(), status: z.string() }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const { photoTokens, ...input } = req.body;
      const { order, replayed } = await submitRequest(ctx, {
        input,
        photoTokens,
        idempotencyKey: req.headers['idempotency-key'],
      });
      return reply.status(replayed ? 200 : 201).send({ number: order.number, status: '已受理' });
    },
  );

  app.post(
    '/api/portal/photos',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: '上传诉求照片（jpg/png/webp，最大 10 MB；返回的 token 随诉求一起提交）',
        consumes: ['multipart/form-data'],
        response: {
          201: z.object({
            token: z.string(),
            fileName: z.string(),
            mimeType: z.string(),
            sizeBytes: z.number(),
          }),
          ...errors,
          413: ErrorBody,
          415: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const { fileName, content } = await readUploadedFile(req);
      return reply.status(201).send(await uploadPortalPhoto(ctx, { fileName, content }));
    },
  );

  app.post(
    '/api/portal/track',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: '凭工单编号和手机号查询办理进度',
        body: z.object({ number, phone }),
        response: { 200: Progress, ...errors },
      },
    },
    async (req) => trackOrder(ctx, req.body),
  );

  app.post(
    '/api/portal/ratings',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: '市民评价答复结果（不满意或未解决将重新办理）',
        body: z.object({
          number,
          phone,
          satisfaction: z.enum(SATISFACTIONS),
          resolved: z.boolean(),
          comment: z.string().trim().max(500).optional(),
        }),
        response: { 200: Progress, ...errors },
      },
    },
    async (req) => rateOrder(ctx, req.body),
  );
}
