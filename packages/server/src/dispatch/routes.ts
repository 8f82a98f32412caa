import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { ORDER_STATES } from '../domain/order-lifecycle.ts';
import { ErrorBody } from '../platform/error-schema.ts';
import {
  CATALOGUE_SOURCES,
  catalogueHistory,
  createCatalogueEntry,
  deactivateCatalogueEntry,
  listCatalogue,
  updateCatalogueEntry,
} from './catalogue.ts';
import { findSimilarOrders, linkSameMatter, matterView, similarToOrder } from './duplicates.ts';
import { listModels, MODEL_KINDS, retrainModelsAsAdmin } from './models.ts';
import { suggestCategories } from './suggest-category.ts';
import {
  ACCURACY_PERIODS,
  dispatchAccuracy,
  orderSuggestions,
  readSettings,
  updateSettings,
} from './suggestions.ts';

const tags = ['智能派单 dispatch'];
const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};
const id = z.coerce.number().int().positive().max(2_147_483_647);
const bigId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

const CatalogueBody = z.object({
  categoryId: id.nullable().default(null),
  regionUnitId: id.nullable().default(null),
  leadUnitId: id,
  assistUnitIds: z.array(id).max(20).default([]),
  source: z.enum(CATALOGUE_SOURCES).default('admin'),
  reference: z.string().trim().max(200).nullable().default(null),
  note: z.string().trim().max(500).default(''),
  validFrom: day.nullable().default(null),
  validTo: day.nullable().default(null),
});

const CatalogueEntry = z.object({
  id: z.number(),
  categoryId: z.number().nullable(),
  regionUnitId: z.number().nullable(),
  leadUnitId: z.number(),
  assistUnitIds: z.array(z.number()),
  source: z.enum(CATALOGUE_SOURCES),
  reference: z.string().nullable(),
  note: z.string(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  active: z.boolean(),
  version: z.number(),
  updatedAt: z.string(),
});

const Settings = z.object({
  autoDispatch: z.boolean(),
  catalogueAuto: z.boolean(),
  threshold: z.number().gt(0).max(1),
});

const Suggestion = z.object({
  unitId: z.number(),
  unitName: z.string(),
  assistUnitIds: z.array(z.number()),
  score: z.number(),
  source: z.enum(['catalogue', 'model', 'region']),
  reasons: z.array(z.string()),
});

const Evaluation = z.object({
  heldOut: z.number(),
  accuracy: z.number().nullable(),
  macroF1: z.number().nullable(),
  coverageAt90: z.number().nullable(),
  accuracyAt90: z.number().nullable(),
  labels: z.number(),
});
const ModelInfo = z.object({
  kind: z.enum(MODEL_KINDS),
  version: z.number(),
  trainedAt: z.string(),
  sampleCount: z.number(),
  evaluation: Evaluation,
});

const SimilarOrder = z.object({
  id: z.number(),
  number: z.string(),
  title: z.string(),
  state: z.enum(ORDER_STATES),
  stateLabel: z.string(),
  createdAt: z.string(),
  address: z.string().nullable(),
  similarity: z.number(),
  reasons: z.array(z.enum(['same_caller', 'same_place', 'similar_text'])),
  reasonText: z.array(z.string()),
  matterId: z.number().nullable(),
});

const Matter = z.object({
  id: z.number(),
  title: z.string(),
  citizens: z.number(),
  orders: z.array(
    z.object({
      id: z.number(),
      number: z.string(),
      title: z.string(),
      state: z.enum(ORDER_STATES),
      stateLabel: z.string(),
      createdAt: z.string(),
    }),
  ),
  supervisionCaseId: z.number().nullable(),
});

export async function dispatchRoutes(fastify: FastifyInstance, ctx: Context) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  // ── 派单目录 ──
  app.get(
    '/api/dispatch/catalogue',
    {
      schema: {
        tags,
        summary: '派单目录（键集分页，最新在前）',
        querystring: z.object({
          cursor: z.string().max(20).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          includeInactive: z
            .enum(['true', 'false'])
            .optional()
            .transform((v) => v === 'true'),
        }),
        response: {
          200: z.object({ items: z.array(CatalogueEntry), nextCursor: z.string().nullable() }),
          ...errors,
        },
      },
    },
    async (req) => listCatalogue(ctx, { actor: req.actor, ...req.query }),
  );
  app.post(
    '/api/dispatch/catalogue',
    {
      schema: {
        tags,
        summary: '新增派单目录条目',
        description: '事项分类（含下级）× 区域（含下级）→ 主办单位与协办单位；联席会议裁定须填写 reference。',
        body: CatalogueBody,
        response: { 201: CatalogueEntry, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createCatalogueEntry(ctx, { actor: req.actor, input: req.body })),
  );
  app.put(
    '/api/dispatch/catalogue/:id',
    {
      schema: {
        tags,
        summary: '修改派单目录条目（记录历史）',
        params: z.object({ id }),
        body: CatalogueBody.extend({ expectedVersion: z.number().int().positive().optional() }),
        response: { 200: CatalogueEntry, ...errors },
      },
    },
    async (req) => {
      const { expectedVersion, ...input } = req.body;
      return updateCatalogueEntry(ctx, { actor: req.actor, id: req.params.id, input, expectedVersion });
    },
  );
  app.delete(
    '/api/dispatch/catalogue/:id',
    {
      schema: {
        tags,
        summary: '停用派单目录条目（保留历史）',
        params: z.object({ id }),
        response: { 200: CatalogueEntry, ...errors },
      },
    },
    async (req) => deactivateCatalogueEntry(ctx, { actor: req.actor, id: req.params.id }),
  );
  app.get(
    '/api/dispatch/catalogue/:id/history',
    {
      schema: {
        tags,
        summary: '派单目录条目的修改历史',
        params: z.object({ id }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                version: z.number(),
                action: z.enum(['create', 'update', 'deactivate']),
                entry: CatalogueEntry,
                actorId: z.number().nullable(),
                at: z.string(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => catalogueHistory(ctx, { actor: req.actor, id: req.params.id }),
  );

  // ── settings and models ──
  app.get(
    '/api/dispatch/settings',
    { schema: { tags, summary: '自动派单设置', response: { 200: Settings, ...errors } } },
    async (req) => {
      if (!req.actor?.permissions.has('order.dispatch'))
        requirePermission(req.actor, 'dispatch_catalogue.manage');
      return readSettings(ctx.db);
    },
  );
  app.put(
    '/api/dispatch/settings',
    {
      schema: {
        tags,
        summary: '修改自动派单设置',
        description:
          'autoDispatch 总开关；catalogueAuto：派单目录命中即自动派单；threshold：模型置信度达到即自动派单（1 表示模型只建议）。',
        body: Settings,
        response: { 200: Settings, ...errors },
      },
    },
    async (req) => updateSettings(ctx, req.actor, req.body),
  );
  app.get(
    '/api/dispatch/models',
    {
      schema: {
        tags,
        summary: '已训练的派单模型（最新在前）',
        response: { 200: z.object({ items: z.array(ModelInfo) }), ...errors },
      },
    },
    async (req) => listModels(ctx, req.actor),
  );
  app.post(
    '/api/dispatch/models/retrain',
    {
      schema: {
        tags,
        summary: '用已办结工单重新训练派单模型',
        response: { 200: z.object({ skipped: z.boolean(), models: z.array(ModelInfo) }), ...errors },
      },
    },
    async (req) => retrainModelsAsAdmin(ctx, req.actor),
  );
  app.get(
    '/api/dispatch/accuracy',
    {
      schema: {
        tags,
        summary: '智能派单实效（自动派单占比、建议采纳与改动）',
        querystring: z.object({
          period: z.enum(ACCURACY_PERIODS).default('day'),
          from: z.coerce.date(),
          to: z.coerce.date(),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                period: z.string(),
                orders: z.number(),
                suggested: z.number(),
                autoDispatched: z.number(),
                autoShare: z.number().nullable(),
                autoAccuracy: z.number().nullable(),
                dispatched: z.number(),
                suggestionAccuracy: z.number().nullable(),
                changedByPerson: z.number(),
                changedShare: z.number().nullable(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => dispatchAccuracy(ctx, { actor: req.actor, ...req.query }),
  );

  // ── per order ──
  app.get(
    '/api/orders/:id/dispatch-suggestions',
    {
      schema: {
        tags,
        summary: '派单建议（派单目录、模型、属地，附理由）',
        params: z.object({ id: bigId }),
        response: {
          200: z.object({
            suggestions: z.array(Suggestion),
            regionUnitId: z.number().nullable(),
            auto: z.object({ eligible: z.boolean(), reason: z.string().nullable() }),
            modelVersion: z.number().nullable(),
            autoDispatched: z.boolean(),
          }),
          ...errors,
        },
      },
    },
    async (req) => orderSuggestions(ctx, req.actor, req.params.id),
  );
  app.post(
    '/api/orders/similar',
    {
      schema: {
        tags,
        summary: '诉求查重：可能是同一事项的工单',
        description:
          '按草稿（来电号码、地址、标题与内容）查找未办结或近 30 天的相似工单；电话号码放在请求体中。',
        body: z.object({
          phone: z
            .string()
            .trim()
            .regex(/^\+?[0-9-]{5,20}$/, '电话号码格式不正确')
            .optional(),
          address: z.string().trim().max(300).optional(),
          title: z.string().trim().max(200).optional(),
          text: z.string().trim().max(5000).optional(),
          categoryId: id.optional(),
          regionUnitId: id.optional(),
          limit: z.number().int().min(1).max(50).optional(),
        }),
        response: { 200: z.object({ items: z.array(SimilarOrder) }), ...errors },
      },
    },
    async (req) => findSimilarOrders(ctx, req.actor, req.body),
  );
  app.post(
    '/api/dispatch/suggest-category',
    {
      schema: {
        tags,
        summary: '智能分类：按草稿推荐事项分类（附理由；可结合来电人历史）',
        body: z.object({
          title: z.string().trim().max(200).optional(),
          text: z.string().trim().max(5000).optional(),
          address: z.string().trim().max(300).optional(),
          phone: z
            .string()
            .trim()
            .regex(/^\+?[0-9-]{5,20}$/, '电话号码格式不正确')
            .optional(),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                categoryId: z.number(),
                path: z.string(),
                probability: z.number().nullable(),
                source: z.enum(['model', 'caller_history']),
                reason: z.string(),
              }),
            ),
            modelVersion: z.number().nullable(),
          }),
          ...errors,
        },
      },
    },
    async (req) => suggestCategories(ctx, req.actor, req.body),
  );
  app.get(
    '/api/orders/:id/similar',
    {
      schema: {
        tags,
        summary: '与该工单可能是同一事项的工单',
        params: z.object({ id: bigId }),
        response: { 200: z.object({ items: z.array(SimilarOrder) }), ...errors },
      },
    },
    async (req) => similarToOrder(ctx, req.actor, req.params.id),
  );
  app.post(
    '/api/matters/link',
    {
      schema: {
        tags,
        summary: '关联为同一事项（多人反映）',
        description: '反映人数达到督办规则的人数时自动立督办案件。',
        body: z.object({ orderId: bigId, withOrderId: bigId }),
        response: { 200: Matter, ...errors },
      },
    },
    async (req) => linkSameMatter(ctx, { actor: req.actor, ...req.body }),
  );
  app.get(
    '/api/matters/:id',
    {
      schema: {
        tags,
        summary: '同一事项',
        params: z.object({ id: bigId }),
        response: { 200: Matter, ...errors },
      },
    },
    async (req) => matterView(ctx, req.actor, req.params.id),
  );
}
