import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/audit-log.ts';
import type { Context } from '../context.ts';
import { PERMISSIONS } from '../domain/permissions.ts';
import { CHANNELS, ROLES } from '../domain/reference.ts';
import { ErrorBody } from '../platform/error-schema.ts';
import { notFound } from '../platform/errors.ts';
import { requireActor, requirePermission } from './actor.ts';
import { hashToken } from './secrets.ts';
import { newApiKey, SESSION_COOKIE } from './sessions.ts';

const tags = ['登录与权限 auth'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 423: ErrorBody };

const Me = z.object({
  userId: z.number().nullable(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  permissions: z.array(z.enum(PERMISSIONS)),
  unitId: z.number().nullable(),
});

export async function authRoutes(fastify: FastifyInstance, ctx: Context, cookieSecure: boolean) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags,
        summary: '密码登录（连续 5 次失败锁定 15 分钟）',
        body: z.object({ username: z.string().min(1).max(40), password: z.string().min(1).max(200) }),
        response: { 200: Me, ...errors },
      },
    },
    async (req, reply) => {
      const { token, expiresAt, actor } = await ctx.sessions.login({ ...req.body, ip: req.ip });
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: cookieSecure,
        expires: expiresAt,
      });
      return {
        userId: actor.userId,
        name: actor.name,
        roles: [...actor.roles],
        permissions: [...actor.permissions],
        unitId: actor.unitId,
      };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags, summary: '退出登录', response: { 204: z.null() } } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await ctx.sessions.logout(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    { schema: { tags, summary: '当前用户', response: { 200: Me, ...errors } } },
    async (req) => {
      const a = requireActor(req.actor);
      return {
        userId: a.userId,
        name: a.name,
        roles: [...a.roles],
        permissions: [...a.permissions],
        unitId: a.unitId,
      };
    },
  );

  const ApiKeyView = z.object({
    id: z.number(),
    name: z.string(),
    channel: z.string(),
    prefix: z.string(),
    createdAt: z.iso.datetime({ offset: true }),
    revokedAt: z.iso.datetime({ offset: true }).nullable(),
  });

  app.get(
    '/api/api-keys',
    {
      schema: {
        tags,
        summary: '渠道接入密钥列表',
        response: { 200: z.object({ items: z.array(ApiKeyView) }), ...errors },
      },
    },
    async (req) => {
      requirePermission(req.actor, 'api_keys.manage');
      const rows = await ctx.db.query<{
        id: number;
        name: string;
        channel: string;
        prefix: string;
        created_at: Date;
        revoked_at: Date | null;
      }>('SELECT id, name, channel, prefix, created_at, revoked_at FROM api_keys ORDER BY id');
      return {
        items: rows.map((r) => ({
          id: r.id,
          name: r.name,
          channel: r.channel,
          prefix: r.prefix,
          createdAt: r.created_at.toISOString(),
          revokedAt: r.revoked_at?.toISOString() ?? null,
        })),
      };
    },
  );

  app.post(
    '/api/api-keys',
    {
      schema: {
        tags,
        summary: '新建渠道接入密钥（密钥只显示这一次）',
        body: z.object({ name: z.string().trim().min(1).max(100), channel: z.enum(CHANNELS) }),
        response: { 201: z.object({ id: z.number(), key: z.string() }), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requirePermission(req.actor, 'api_keys.manage');
      const { prefix, key } = newApiKey();
      const id = await ctx.db.transaction(async (tx) => {
        const [row] = await tx.query<{ id: number }>(
          'INSERT INTO api_keys (name, channel, prefix, key_hash, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id',
          [req.body.name, req.body.channel, prefix, hashToken(key), actor.userId],
        );
        await recordAudit(tx, {
          actor,
          action: 'api_key_created',
          targetType: 'api_key',
          targetId: row?.id,
          ip: req.ip,
        });
        return row?.id ?? 0;
      });
      return reply.status(201).send({ id, key });
    },
  );

  app.post(
    '/api/api-keys/:id/revoke',
    {
      schema: {
        tags,
        summary: '停用渠道接入密钥',
        params: z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requirePermission(req.actor, 'api_keys.manage');
      await ctx.db.transaction(async (tx) => {
        const [key] = await tx.query('SELECT id FROM api_keys WHERE id = $1 FOR UPDATE', [req.params.id]);
        if (!key) throw notFound('api_key', req.params.id);
        await tx.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [
          req.params.id,
        ]);
        await recordAudit(tx, {
          actor,
          action: 'api_key_revoked',
          targetType: 'api_key',
          targetId: req.params.id,
          ip: req.ip,
        });
      });
      ctx.sessions.forget();
      return reply.status(204).send(null);
    },
  );
}
