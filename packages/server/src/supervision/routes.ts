import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { SUPERVISION_CAUSES } from '../domain/supervision.ts';
import { ErrorBody } from '../platform/error-schema.ts';
import { assignCase, endCase, escalateCase, sendNotice } from './actions.ts';
import { logNoticeSender, type NoticeSender } from './notice-sender.ts';
import { listUnitNotices, markNoticeRead } from './notices.ts';
import { getCase, listCases, listOverdueOrders, listOwners } from './queries.ts';
import { listSupervisionRules, updateSupervisionRule } from './rules-service.ts';
import {
  AssignBody,
  CaseDetail,
  CaseListQuery,
  CaseView,
  EndBody,
  EscalateBody,
  Id,
  NoticeBody,
  NoticeView,
  OverdueOrderView,
  Page,
  RuleBody,
  RuleView,
} from './schemas.ts';

const tags = ['督办 supervision'];
const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};
const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
const CaseParams = z.object({ id: Id });

/** 督办 API. `noticeSender` delivers notices by SMS / e-mail; the default writes a log line. */
export async function supervisionRoutes(
  fastify: FastifyInstance,
  ctx: Context,
  options: { noticeSender?: NoticeSender } = {},
) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const sender = options.noticeSender ?? logNoticeSender((line) => fastify.log.info(line));
  const logError = (msg: string, err: unknown) => fastify.log.error({ err }, msg);

  app.get(
    '/api/supervision/cases',
    {
      schema: {
        tags,
        summary: '督办案件（按立案时间倒序，键集分页）',
        querystring: CaseListQuery,
        response: { 200: page(CaseView), ...errors },
      },
    },
    async (req) => listCases(ctx, { actor: req.actor, ...req.query, causes: req.query.cause }),
  );

  app.get(
    '/api/supervision/cases/:id',
    {
      schema: {
        tags,
        summary: '督办案件详情与历史',
        params: CaseParams,
        response: { 200: CaseDetail, ...errors },
      },
    },
    async (req) => getCase(ctx, req.actor, req.params.id),
  );

  app.post(
    '/api/supervision/cases/:id/escalate',
    {
      schema: {
        tags,
        summary: '升级督办（默认升一级）',
        params: CaseParams,
        body: EscalateBody,
        response: { 200: CaseDetail, ...errors },
      },
    },
    async (req) => escalateCase(ctx, { actor: req.actor, caseId: req.params.id, ip: req.ip, ...req.body }),
  );

  app.post(
    '/api/supervision/cases/:id/assign',
    {
      schema: {
        tags,
        summary: '指定督办人',
        params: CaseParams,
        body: AssignBody,
        response: { 200: CaseDetail, ...errors },
      },
    },
    async (req) => assignCase(ctx, { actor: req.actor, caseId: req.params.id, ip: req.ip, ...req.body }),
  );

  app.post(
    '/api/supervision/cases/:id/notices',
    {
      schema: {
        tags,
        summary: '向责任单位发送督办通知（站内，可加短信、邮件）',
        params: CaseParams,
        body: NoticeBody,
        response: { 200: CaseDetail, ...errors },
      },
    },
    async (req) =>
      sendNotice(ctx, sender, { actor: req.actor, caseId: req.params.id, ip: req.ip, ...req.body }, logError),
  );

  for (const action of ['resolve', 'close'] as const) {
    app.post(
      `/api/supervision/cases/:id/${action}`,
      {
        schema: {
          tags,
          summary: action === 'resolve' ? '办结督办案件（填写结果）' : '关闭督办案件（填写理由）',
          params: CaseParams,
          body: EndBody,
          response: { 200: CaseDetail, ...errors },
        },
      },
      async (req) =>
        endCase(ctx, {
          actor: req.actor,
          caseId: req.params.id,
          ip: req.ip,
          action,
          result: req.body.result,
        }),
    );
  }

  app.get(
    '/api/supervision/overdue-orders',
    {
      schema: {
        tags,
        summary: '超期工单（超期最久的在前，键集分页）',
        querystring: z.object(Page),
        response: { 200: page(OverdueOrderView), ...errors },
      },
    },
    async (req) => listOverdueOrders(ctx, { actor: req.actor, ...req.query }),
  );

  app.get(
    '/api/supervision/owners',
    {
      schema: {
        tags,
        summary: '可指定的督办人',
        response: {
          200: z.object({ items: z.array(z.object({ id: z.number(), name: z.string() })) }),
          ...errors,
        },
      },
    },
    async (req) => listOwners(ctx, req.actor),
  );

  app.get(
    '/api/supervision/rules',
    {
      schema: {
        tags,
        summary: '督办规则',
        response: { 200: z.object({ items: z.array(RuleView), canEdit: z.boolean() }), ...errors },
      },
    },
    async (req) => listSupervisionRules(ctx, req.actor),
  );

  app.put(
    '/api/supervision/rules/:cause',
    {
      schema: {
        tags,
        summary: '修改督办规则（启用、立案级别、阈值与周期）',
        params: z.object({ cause: z.enum(SUPERVISION_CAUSES) }),
        body: RuleBody,
        response: { 200: RuleView, ...errors },
      },
    },
    async (req) =>
      updateSupervisionRule(ctx, { actor: req.actor, cause: req.params.cause, ip: req.ip, ...req.body }),
  );

  app.get(
    '/api/supervision/notices',
    {
      schema: {
        tags,
        summary: '我单位收到的督办通知',
        querystring: z.object({
          unread: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional(),
          ...Page,
        }),
        response: { 200: page(NoticeView), ...errors },
      },
    },
    async (req) => listUnitNotices(ctx, { actor: req.actor, ...req.query }),
  );

  app.post(
    '/api/supervision/notices/:id/read',
    {
      schema: {
        tags,
        summary: '标记督办通知已读',
        params: CaseParams,
        response: { 200: NoticeView, ...errors },
      },
    },
    async (req) => markNoticeRead(ctx, { actor: req.actor, noticeId: req.params.id, ip: req.ip }),
  );
}
