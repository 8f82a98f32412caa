import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { UNIT_KINDS } from '../domain/reference.ts';
import { ErrorBody } from '../platform/error-schema.ts';
import { organisationEditRoutes } from './edit-routes.ts';
import { createCategory, createUnit } from './organisation-service.ts';
import { CategoryView, UnitView } from './schemas.ts';
import { userRoutes } from './user-routes.ts';

const tags = ['组织与分类 organisation'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const Created = z.object({ id: z.number() });
const id = z.number().int().positive();

export async function organisationRoutes(fastify: FastifyInstance, ctx: Context) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/units',
    {
      schema: {
        tags,
        summary: '承办单位（平铺，按 parentId 成树）',
        response: { 200: z.object({ items: z.array(UnitView) }), ...errors },
      },
    },
    async (req) => {
      requirePermission(req.actor, 'org.read');
      const { units } = await ctx.refs.get();
      return {
        items: [...units.values()]
          .sort((a, b) => a.id - b.id)
          .map(({ id, parentId, kind, name, code, depth, active }) => ({
            id,
            parentId,
            kind,
            name,
            code,
            depth,
            active,
          })),
      };
    },
  );

  app.post(
    '/api/units',
    {
      schema: {
        tags,
        summary: '新建承办单位',
        body: z.object({
          parentId: id.optional(),
          kind: z.enum(UNIT_KINDS),
          name: z.string().trim().min(1).max(100),
          code: z.string().trim().min(1).max(40).optional(),
        }),
        response: { 201: Created, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send({ id: (await createUnit(ctx, { actor: req.actor, ...req.body })).id }),
  );

  app.get(
    '/api/categories',
    {
      schema: {
        tags,
        summary: '事项分类（最多五级）',
        response: { 200: z.object({ items: z.array(CategoryView) }), ...errors },
      },
    },
    async (req) => {
      requirePermission(req.actor, 'org.read');
      const { categories } = await ctx.refs.get();
      return {
        items: [...categories.values()]
          .sort((a, b) => a.id - b.id)
          .map(({ id, parentId, name, code, depth, active }) => ({
            id,
            parentId,
            name,
            code,
            depth,
            active,
          })),
      };
    },
  );

  app.post(
    '/api/categories',
    {
      schema: {
        tags,
        summary: '新建事项分类',
        body: z.object({
          parentId: id.optional(),
          name: z.string().trim().min(1).max(100),
          code: z.string().trim().min(1).max(40).optional(),
        }),
        response: { 201: Created, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send({ id: (await createCategory(ctx, { actor: req.actor, ...req.body })).id }),
  );

  await userRoutes(app, ctx);
  await organisationEditRoutes(app, ctx);
}
