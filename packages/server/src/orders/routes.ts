import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { ErrorBody } from '../platform/error-schema.ts';
import type { StepResult } from './act-on-order.ts';
import {
  acceptReturn,
  approveExtension,
  directAnswer,
  dispatchOrder,
  mergeOrder,
  reassignOrder,
  refuseExtension,
  rejectReturn,
  setDeadline,
  withdrawOrder,
} from './centre-steps.ts';
import { approveReview, closeUnvisited, rejectReview, visitOrder } from './closing-steps.ts';
import { createOrder } from './create-order.ts';
import { toOrderView } from './order-row.ts';
import {
  countQueues,
  getVisibleOrder,
  listOrders,
  orderTimeline,
  orderView,
  revealContact,
} from './queries.ts';
import * as S from './schemas.ts';
import { delegateOrder, replyToOrder, requestExtension, returnOrder, signOrder } from './unit-steps.ts';

const tags = ['工单 orders'];
const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};

export async function orderRoutes(fastify: FastifyInstance, ctx: Context) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/orders',
    {
      schema: {
        tags,
        summary: '受理：新建工单',
        description: '携带 `Idempotency-Key` 头重试时返回第一次创建的工单，不会重复建单。',
        headers: S.IdempotencyHeaders,
        body: S.CreateOrderBody,
        response: { 200: S.OrderView, 201: S.OrderView, ...errors },
      },
    },
    async (req, reply) => {
      const { order, replayed } = await createOrder(ctx, {
        actor: req.actor,
        input: req.body,
        idempotencyKey: req.headers['idempotency-key'],
      });
      // A new order has no assisting units yet; a replay may have been dispatched since.
      const view = replayed ? await orderView(ctx.db, order) : toOrderView(order, []);
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(replayed ? 200 : 201).send(view);
    },
  );

  app.get(
    '/api/orders',
    {
      schema: {
        tags,
        summary: '工单列表（键集分页）',
        querystring: S.ListOrdersQuery,
        response: { 200: S.OrderPage, ...errors },
      },
    },
    async (req) => listOrders(ctx, { actor: req.actor, ...req.query }),
  );

  app.get(
    '/api/orders/queue-counts',
    {
      schema: {
        tags,
        summary: '工作队列计数（按状态，数据范围同列表，每项最多计到 cap）',
        description:
          '例：`?states=dispatched,handling`。过滤条件与工单列表相同；某项达到 `cap`（10000）即停止计数并置 `capped: true`。',
        querystring: S.QueueCountsQuery,
        response: { 200: S.QueueCounts, ...errors },
      },
    },
    async (req) => countQueues(ctx, { actor: req.actor, ...req.query }),
  );

  app.get(
    '/api/orders/:id',
    {
      schema: {
        tags,
        summary: '工单详情',
        params: S.OrderIdParams,
        response: { 200: S.OrderView, ...errors },
      },
    },
    async (req) => {
      const order = await getVisibleOrder(ctx, req.actor, req.params.id);
      return orderView(ctx.db, order);
    },
  );

  app.get(
    '/api/orders/:id/timeline',
    {
      schema: {
        tags,
        summary: '工单流转记录',
        params: S.OrderIdParams,
        response: { 200: z.object({ items: z.array(S.OrderEventView) }), ...errors },
      },
    },
    async (req) => ({ items: await orderTimeline(ctx, req.actor, req.params.id) }),
  );

  app.get(
    '/api/orders/:id/contact',
    {
      schema: {
        tags,
        summary: '查看来电人完整联系方式（记录审计日志）',
        params: S.OrderIdParams,
        response: {
          200: z.object({ citizenName: z.string().nullable(), citizenPhone: z.string().nullable() }),
          ...errors,
        },
      },
    },
    async (req) => revealContact(ctx, req.actor, req.params.id, req.ip),
  );

  /** Registers one lifecycle step: POST /api/orders/:id/<path> with its own body schema. */
  function step<B extends z.ZodType>(
    path: string,
    summary: string,
    body: B,
    run: (base: { actor: Actor | null; orderId: number }, body: z.infer<B>) => Promise<StepResult>,
  ) {
    app.post(
      `/api/orders/:id/${path}`,
      { schema: { tags, summary, params: S.OrderIdParams, body, response: { 200: S.OrderView, ...errors } } },
      async (req) => {
        const b = req.body as z.infer<B>;
        const { order } = await run({ actor: req.actor, orderId: req.params.id }, b);
        return orderView(ctx.db, order);
      },
    );
  }

  step('direct-answer', '直接答复', S.DirectAnswerBody, (base, b) => directAnswer(ctx, { ...base, ...b }));
  step('dispatch', '派单（主办、协办，可双派）', S.DispatchBody, (base, b) =>
    dispatchOrder(ctx, { ...base, ...b }),
  );
  step('reassign', '改派', S.ReassignBody, (base, b) => reassignOrder(ctx, { ...base, ...b }));
  step('sign', '签收', S.SignBody, (base, b) => signOrder(ctx, { ...base, ...b }));
  step('return', '退单（派单后 1 个工作日内）', S.ReturnBody, (base, b) =>
    returnOrder(ctx, { ...base, ...b }),
  );
  step('return/accept', '同意退单', S.RuleOnReturnBody, (base, b) => acceptReturn(ctx, { ...base, ...b }));
  step('return/reject', '驳回退单', S.RejectReviewBody, (base, b) => rejectReturn(ctx, { ...base, ...b }));
  step('delegate', '下派至下级单位', S.DelegateBody, (base, b) => delegateOrder(ctx, { ...base, ...b }));
  step('extension', '申请延期', S.RequestExtensionBody, (base, b) =>
    requestExtension(ctx, { ...base, ...b }),
  );
  step('extension/approve', '批准延期', S.DecideExtensionBody, (base, b) =>
    approveExtension(ctx, { ...base, ...b }),
  );
  step('extension/refuse', '驳回延期', S.DecideExtensionBody, (base, b) =>
    refuseExtension(ctx, { ...base, ...b }),
  );
  step('deadline', '设定疑难工单办理时限', S.SetDeadlineBody, (base, b) =>
    setDeadline(ctx, { ...base, ...b }),
  );
  step('reply', '答复（含最终答复）', S.ReplyBody, (base, b) => replyToOrder(ctx, { ...base, ...b }));
  step('review/approve', '审核通过', S.ReviewBody, (base, b) => approveReview(ctx, { ...base, ...b }));
  step('review/reject', '审核驳回', S.RejectReviewBody, (base, b) => rejectReview(ctx, { ...base, ...b }));
  step('visit', '回访（不满意或未解决自动重办）', S.VisitBody, (base, b) =>
    visitOrder(ctx, { ...base, ...b }),
  );
  step('close', '无法回访时办结', S.CloseBody, (base, b) => closeUnvisited(ctx, { ...base, ...b }));
  step('merge', '合并到另一工单', S.MergeBody, (base, b) => mergeOrder(ctx, { ...base, ...b }));
  step('withdraw', '撤销', S.WithdrawBody, (base, b) => withdrawOrder(ctx, { ...base, ...b }));
}
