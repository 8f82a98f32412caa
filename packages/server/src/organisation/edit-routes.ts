import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { ErrorBody } from '../platform/error-schema.ts';
import { updateCategory, updateUnit } from './edit-organisation.ts';
import { CategoryView, UnitView } from './schemas.ts';

const tags = ['组织与分类 organisation'];
const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};
const params = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const name = z.string().trim().min(1, '名称不能为空').max(100, '名称最多 100 个字');

/** 系统管理: rename, move and (de)activate units and categories. */
export async function organisationEditRoutes(fastify: FastifyInstance, ctx: Context) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.patch(
    '/api/units/:id',
    {
      schema: {
        tags,
        summary: '修改承办单位：改名、移到其他上级、停用或启用（有未办结工单或在用下级单位时不能停用）',
        params,
        body: z
          .object({
            name: name.optional(),
            parentId: z.number().int().positive().max(2_147_483_647).optional(),
            active: z.boolean().optional(),
          })
          .strict(),
        response: { 200: UnitView, ...errors },
      },
    },
    async (req) => updateUnit(ctx, { actor: req.actor, id: req.params.id, ...req.body }),
  );

  app.patch(
    '/api/categories/:id',
    {
      schema: {
        tags,
        summary: '修改事项分类：改名、停用或启用（有在用下级分类时不能停用）',
        params,
        body: z.object({ name: name.optional(), active: z.boolean().optional() }).strict(),
        response: { 200: CategoryView, ...errors },
      },
    },
    async (req) => updateCategory(ctx, { actor: req.actor, id: req.params.id, ...req.body }),
  );
}
