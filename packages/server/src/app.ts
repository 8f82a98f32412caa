import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { analyticsRoutes } from './analytics/routes.ts';
import { attachmentRoutes } from './attachments/routes.ts';
import type { Actor } from './auth/actor.ts';
import { authRoutes } from './auth/routes.ts';
import { SESSION_COOKIE, Sessions } from './auth/sessions.ts';
import { callerRoutes } from './callers/routes.ts';
import { type Context, DEFAULT_POLICY, type Policy } from './context.ts';
import { dispatchRoutes } from './dispatch/routes.ts';
import { geoRoutes } from './geo/routes.ts';
import { hotspotRoutes } from './hotspots/routes.ts';
import { portalKnowledgeRoutes } from './knowledge/portal-routes.ts';
import { knowledgeRoutes } from './knowledge/routes.ts';
import { open311Routes } from './open311/routes.ts';
import { orderRoutes } from './orders/routes.ts';
import { ReferenceData } from './organisation/reference-data.ts';
import { organisationRoutes } from './organisation/routes.ts';
import type { Db } from './platform/db.ts';
import { AppError } from './platform/errors.ts';
import { createHttp } from './platform/http.ts';
import { portalRoutes } from './portal/routes.ts';
import { reviewRuleRoutes } from './review-rules/routes.ts';
import { supervisionRoutes } from './supervision/routes.ts';
import { timeLimitRoutes } from './time-limits/routes.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Resolved once per request by the auth hook; null for anonymous requests. */
    actor: Actor | null;
  }
}

export interface AppOptions {
  db: Db;
  logLevel?: string;
  cookieSecure?: boolean;
  sessionHours?: number;
  now?: () => Date;
  policy?: Policy;
  /** Reference data cache lifetime; tests that edit rules directly set it to 0. */
  refsTtlMs?: number;
}

export async function buildApp(o: AppOptions): Promise<{ app: FastifyInstance; ctx: Context }> {
  const now = o.now ?? (() => new Date());
  const ctx: Context = {
    db: o.db,
    refs: new ReferenceData(o.db, o.refsTtlMs),
    sessions: new Sessions(o.db, now, o.sessionHours ?? 12),
    now,
    policy: o.policy ?? DEFAULT_POLICY,
  };
  const app = await createHttp({ logLevel: o.logLevel ?? 'info' });

  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) req.actor = await ctx.sessions.fromSession(token);
    const key = req.headers['x-api-key'];
    if (!req.actor && typeof key === 'string') {
      req.actor = await ctx.sessions.fromApiKey(key);
      if (!req.actor) throw new AppError('API_KEY_INVALID');
    }
  });

  app.get(
    '/healthz',
    {
      schema: {
        tags: ['运维 operations'],
        summary: '健康检查',
        response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }) },
      },
    },
    async () => {
      await o.db.query('SELECT 1');
      return { status: 'ok' as const, database: o.db.kind };
    },
  );

  await authRoutes(app, ctx, o.cookieSecure ?? false);
  await organisationRoutes(app, ctx);
  await timeLimitRoutes(app, ctx);
  await orderRoutes(app, ctx);
  await attachmentRoutes(app, ctx);
  await portalRoutes(app, ctx);
  await callerRoutes(app, ctx);
  await open311Routes(app, ctx);
  await analyticsRoutes(app, ctx);
  await geoRoutes(app, ctx);
  await dispatchRoutes(app, ctx);
  await supervisionRoutes(app, ctx);
  await knowledgeRoutes(app, ctx);
  await reviewRuleRoutes(app, ctx);
  await hotspotRoutes(app, ctx);
  await portalKnowledgeRoutes(app, ctx); // after portalRoutes: uses its rate limiter
  return { app, ctx };
}
