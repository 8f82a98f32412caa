import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { ROLES } from '../domain/reference.ts';
import { ErrorBody } from '../platform/error-schema.ts';
import { createUser } from './organisation-service.ts';
import { listUsers, resetPassword, unlockUser, updateUser } from './users-service.ts';

const tags = ['组织与分类 organisation'];
const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};
const id = z.number().int().positive().max(2_147_483_647);
const params = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

const Password = z
  .string()
  .min(10, '密码至少 10 位')
  .max(200)
  .refine(
    (p) => [/[a-zA-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(p)).length >= 2,
    '密码须包含字母、数字、符号中的至少两类',
  );
const Roles = z.array(z.enum(ROLES)).min(1, '至少选择一个角色').max(ROLES.length);
const DisplayName = z.string().trim().min(1, '姓名不能为空').max(50);

const UserView = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  unitId: z.number().nullable(),
  unitName: z.string().nullable(),
  active: z.boolean(),
  locked: z.boolean(),
  lockedUntil: z.iso.datetime({ offset: true }).nullable(),
});

export async function userRoutes(fastify: FastifyInstance, ctx: Context) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/users',
    {
      schema: {
        tags,
        summary: '用户列表（按 id 分页，可按账号、姓名、单位名称搜索）',
        querystring: z.object({
          q: z.string().trim().max(50).optional(),
          unitId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.coerce.number().int().min(0).max(2_147_483_647).optional(),
        }),
        response: {
          200: z.object({ items: z.array(UserView), nextCursor: z.string().nullable() }),
          ...errors,
        },
      },
    },
    async (req) => listUsers(ctx, { actor: req.actor, ...req.query, q: req.query.q || undefined }),
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags,
        summary: '新建用户',
        body: z.object({
          username: z.string().regex(/^[a-z0-9_.-]{2,40}$/, '用户名只能包含小写字母、数字和 _ . -'),
          displayName: DisplayName,
          password: Password,
          roles: Roles,
          unitId: id.optional(),
          phone: z
            .string()
            .regex(/^\+?[0-9-]{5,20}$/)
            .optional(),
        }),
        response: { 201: z.object({ id: z.number() }), ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createUser(ctx, { actor: req.actor, ...req.body })),
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary: '修改用户：姓名、角色、所属单位、停用或启用（停用即退出所有登录）',
        params,
        body: z
          .object({
            displayName: DisplayName.optional(),
            roles: Roles.optional(),
            unitId: id.nullable().optional(),
            active: z.boolean().optional(),
          })
          .strict(),
        response: { 200: UserView, ...errors },
      },
    },
    async (req) => updateUser(ctx, { actor: req.actor, id: req.params.id, ip: req.ip, ...req.body }),
  );

  app.post(
    '/api/users/:id/unlock',
    {
      schema: {
        tags,
        summary: '解除登录失败锁定',
        params,
        response: { 200: UserView, ...errors },
      },
    },
    async (req) => unlockUser(ctx, { actor: req.actor, id: req.params.id, ip: req.ip }),
  );

  app.post(
    '/api/users/:id/password',
    {
      schema: {
        tags,
        summary: '重置密码（该用户的登录全部失效，锁定同时解除）',
        params,
        body: z.object({ password: Password }),
        response: { 200: UserView, ...errors },
      },
    },
    async (req) => resetPassword(ctx, { actor: req.actor, id: req.params.id, ip: req.ip, ...req.body }),
  );
}
