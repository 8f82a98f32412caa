import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { REQUEST_TYPES } from '../domain/reference.ts';
import { RULE_KINDS, SEVERITIES } from '../domain/reply-review.ts';
import { ErrorBody } from '../platform/error-schema.ts';
import {
  checkDraftReply,
  checkOrderReply,
  createReviewRule,
  deleteReviewRule,
  listReviewRules,
  updateReviewRule,
} from './service.ts';

const tags = ['答复审核规则 review rules'];
const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};

const Code = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{1,39}$/, '规则编码须为 2–40 位大写字母、数字或下划线，以字母开头');
const Params = z.record(z.string(), z.unknown());

export const RuleView = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(RULE_KINDS),
  kindLabel: z.string(),
  severity: z.enum(SEVERITIES),
  severityLabel: z.string(),
  enabled: z.boolean(),
  params: Params,
  position: z.number(),
  version: z.number(),
  updatedAt: z.string(),
});

const RuleFields = {
  name: z.string().trim().min(1).max(60),
  kind: z.enum(RULE_KINDS),
  severity: z.enum(SEVERITIES),
  enabled: z.boolean().default(true),
  params: Params,
  position: z.number().int().min(0).max(1_000_000).optional(),
};
const CreateBody = z.object({ code: Code, ...RuleFields });
const UpdateBody = z.object({
  name: RuleFields.name.optional(),
  kind: RuleFields.kind.optional(),
  severity: RuleFields.severity.optional(),
  enabled: z.boolean().optional(),
  params: Params.optional(),
  position: RuleFields.position,
  /** The version being edited: 409 when someone saved the rule in between. */
  version: z.number().int().positive(),
});

/** The review workbench renders this as-is: keep the field names. */
export const CheckResultView = z.object({
  flags: z.array(
    z.object({
      ruleCode: z.string(),
      ruleName: z.string(),
      severity: z.enum(SEVERITIES),
      message: z.string(),
      evidence: z.string().optional(),
    }),
  ),
  relevance: z.number(),
});

const CheckBody = z.object({
  orderId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  requestTitle: z.string().trim().max(200).optional(),
  requestContent: z.string().trim().max(5000).optional(),
  requestType: z.enum(REQUEST_TYPES).optional(),
  reply: z.string().trim().min(1).max(5000),
  finalReply: z.boolean().optional(),
  refused: z.boolean().optional(),
  contactedCitizen: z.boolean().optional(),
});

export async function reviewRuleRoutes(fastify: FastifyInstance, ctx: Context) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const CodeParams = z.object({ code: Code });
  const stripUndefined = <T extends { evidence?: string | undefined }>(f: T) =>
    f.evidence === undefined ? (({ evidence: _, ...rest }) => rest)(f) : f;

  app.get(
    '/api/review-rules',
    {
      schema: {
        tags,
        summary: '答复审核规则列表',
        response: { 200: z.object({ items: z.array(RuleView), canEdit: z.boolean() }), ...errors },
      },
    },
    async (req) => listReviewRules(ctx, req.actor),
  );

  app.post(
    '/api/review-rules',
    {
      schema: { tags, summary: '新增答复审核规则', body: CreateBody, response: { 200: RuleView, ...errors } },
    },
    async (req) => createReviewRule(ctx, { actor: req.actor, ip: req.ip, ...req.body }),
  );

  app.put(
    '/api/review-rules/:code',
    {
      schema: {
        tags,
        summary: '修改答复审核规则（名称、类型、级别、启用、参数、顺序）',
        params: CodeParams,
        body: UpdateBody,
        response: { 200: RuleView, ...errors },
      },
    },
    async (req) =>
      updateReviewRule(ctx, { actor: req.actor, ip: req.ip, code: req.params.code, ...req.body }),
  );

  app.delete(
    '/api/review-rules/:code',
    {
      schema: {
        tags,
        summary: '删除答复审核规则',
        params: CodeParams,
        response: { 200: z.object({ deleted: z.literal(true) }), ...errors },
      },
    },
    async (req) => deleteReviewRule(ctx, { actor: req.actor, ip: req.ip, code: req.params.code }),
  );

  app.post(
    '/api/review-rules/check',
    {
      schema: {
        tags,
        summary: '答复草稿自检（按工单或给定诉求）',
        body: CheckBody,
        response: { 200: CheckResultView, ...errors },
      },
    },
    async (req) => {
      const r = await checkDraftReply(ctx, req.actor, req.body);
      return { flags: r.flags.map(stripUndefined), relevance: r.relevance };
    },
  );

  app.get(
    '/api/orders/:id/reply-check',
    {
      schema: {
        tags,
        summary: '工单最新答复的审核规则检查（审核工作台）',
        params: z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
        response: { 200: CheckResultView, ...errors },
      },
    },
    async (req) => {
      const r = await checkOrderReply(ctx, req.actor, req.params.id);
      return { flags: r.flags.map(stripUndefined), relevance: r.relevance };
    },
  );
}
