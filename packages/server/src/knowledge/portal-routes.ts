import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { ErrorBody } from '../platform/error-schema.ts';
import { answerQuestion, markNotHelpful } from './answer.ts';
import type { ChatAdapter } from './chat.ts';
import { chatConfigFromEnv, openAiChatAdapter } from './chat.ts';
import { AnswerBody, AnswerView, FeedbackBody, Id } from './schemas.ts';

const tags = ['市民门户 portal'];
const errors = { 400: ErrorBody, 404: ErrorBody, 429: ErrorBody };

/**
 * Citizens' self-service (no account): answers only from published entries valid today, limited
 * per client address by the rate-limit plugin that `portalRoutes` registers (register after it).
 */
export async function portalKnowledgeRoutes(
  fastify: FastifyInstance,
  ctx: Context,
  options: { chat?: ChatAdapter | undefined } = {},
) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const chatConfig = chatConfigFromEnv();
  const chat =
    options.chat ??
    (chatConfig ? openAiChatAdapter(chatConfig, (m, err) => fastify.log.warn({ err }, m)) : undefined);

  app.post(
    '/api/portal/knowledge/answer',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: '市民自助问答（无需登录；只答已发布且在有效期内的条目；含糊时反问）',
        body: AnswerBody,
        response: { 200: AnswerView, ...errors },
      },
    },
    async (req) => answerQuestion(ctx, { ...req.body, channel: 'portal', chat }),
  );

  app.post(
    '/api/portal/knowledge/entries/:id/not-helpful',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: '市民标记答复“没有帮助”',
        params: z.object({ id: Id }),
        body: FeedbackBody,
        response: { 200: z.object({ ok: z.literal(true) }), ...errors },
      },
    },
    async (req) => {
      await markNotHelpful(ctx, { actor: null, id: req.params.id, ...req.body, channel: 'portal' });
      return { ok: true as const };
    },
  );
}
