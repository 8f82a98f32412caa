import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { ROLES, UNIT_KINDS } from '../domain/reference.ts';
import { ErrorBody } from '../platform/error-schema.ts';
import { createCategory, createUnit, createUser } from './organisation-service.ts';

const tags = ['组织与分类 organisation'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const Created = z.object({ id: z.number() });
const id = z.number().int().positive();

const UnitView = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  kind: z.enum(UNIT_KINDS),
  name: z.string(),
  code: z.string().nullable(),
  depth: z.number(),
  active: z.boolean(),
});
const CategoryView = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  name: z.string(),
  code: z.string().nullable(),
  depth: z.number(),
  active: z.boolean(),
});

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

  app.get(
    '/api/users',
    {
      schema: {
        tags,
        summary: '用户列表',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number(),
                username: z.string(),
                displayName: z.string(),
                roles: z.array(z.enum(ROLES)),
                unitId: z.number().nullable(),
                active: z.boolean(),
                locked: z.boolean(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      requirePermission(req.actor, 'users.manage');
      const rows = await ctx.db.query<{
        id: number;
        username: string;
        display_name: string;
        roles: (typeof ROLES)[number][];
        unit_id: number | null;
        active: boolean;
        locked: boolean;
      }>(
        'SELECT id, username, display_name, roles, unit_id, active, coalesce(locked_until > now(), false) AS locked FROM users ORDER BY id',
      );
      return {
        items: rows.map((r) => ({
          id: r.id,
          username: r.username,
          displayName: r.display_name,
          roles: r.roles,
          unitId: r.unit_id,
          active: r.active,
          locked: r.locked,
        })),
      };
    },
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags,
        summary: '新建用户',
        body: z.object({
          username: z.string().regex(/^[a-z0-9_.-]{2,40}$/, '用户名只能包含小写字母、数字和 _ . -'),
          displayName: z.string().trim().min(1).max(50),
          password: z
            .string()
            .min(10, '密码至少 10 位')
            .max(200)
            .refine(
              (p) => [/[a-zA-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(p)).length >= 2,
              '密码须包含字母、数字、符号中的至少两类',
            ),
          roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
          unitId: id.optional(),
          phone: z
            .string()
            .regex(/^\+?[0-9-]{5,20}$/)
            .optional(),
        }),
        response: { 201: Created, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createUser(ctx, { actor: req.actor, ...req.body })),
  );
}
