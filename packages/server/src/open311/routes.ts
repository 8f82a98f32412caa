import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { notFound, toOpen311Errors } from './errors.ts';
import { CONTENT_TYPES, type XML_NAMES, xmlList, xmlObject } from './render.ts';
import { findRequest, getRequest, listRequests, open311Actor, submitRequest } from './requests.ts';
import * as S from './schemas.ts';
import { findOfferedCategory, listServices, serviceDefinition } from './services.ts';

const tags = ['Open311 GeoReport v2'];
const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** When this endpoint's behaviour last changed (discovery `changeset`). */
const CHANGESET = '2026-03-01T00:00:00+08:00';

/** A GeoReport response: the zod schema serialises JSON; XML is built as text (render.ts). */
const xmlDoc = (example: string) => z.string().describe(`XML 文档，元素名同规范，例如 ${example}`);
function responses<T extends z.ZodType>(json: T, xmlExample: string, codes: readonly number[]) {
  const errorXml = '<errors><error><code>400</code><description>…</description></error></errors>';
  const out: Record<number, { description: string; content: Record<string, { schema: z.ZodType }> }> = {
    200: {
      description: '成功',
      content: { 'application/json': { schema: json }, 'application/xml': { schema: xmlDoc(xmlExample) } },
    },
  };
  for (const code of codes) {
    out[code] = {
      description: 'GeoReport 错误列表 [{code, description}]',
      content: {
        'application/json': { schema: S.Open311Errors },
        'application/xml': { schema: xmlDoc(errorXml) },
      },
    };
  }
  return out;
}

/** Format of an error response: the URL's suffix if it has a valid one, else XML (the required format). */
function formatOf(req: FastifyRequest): S.Format {
  const params = req.params as { format?: unknown } | undefined;
  if (params?.format === 'json' || params?.format === 'xml') return params.format;
  const m = /\.(json|xml)(?:\?|$)/.exec(req.url);
  if (m) return m[1] as S.Format;
  return /json/.test(req.headers.accept ?? '') ? 'json' : 'xml';
}

/**
 * JSON goes through the route's response schema (the serializer strips unknown keys); XML is
 * parsed through the same schema first, so neither format can carry a field the schema lacks.
 */
function sendList<T extends z.ZodType>(
  reply: FastifyReply,
  format: S.Format,
  kind: keyof typeof XML_NAMES,
  item: T,
  items: readonly z.input<T>[],
) {
  reply.type(CONTENT_TYPES[format]);
  return reply.send(format === 'json' ? items : xmlList(kind, z.array(item).parse(items) as object[]));
}

function sendObject<T extends z.ZodType>(
  reply: FastifyReply,
  format: S.Format,
  root: string,
  schema: T,
  value: z.input<T>,
) {
  reply.type(CONTENT_TYPES[format]);
  return reply.send(format === 'json' ? value : xmlObject(root, schema.parse(value) as object));
}

function sendErrors(req: FastifyRequest, reply: FastifyReply, err: unknown) {
  const { status, errors } = toOpen311Errors(err);
  if (status >= 500) req.log.error({ err }, 'unhandled error in Open311');
  return sendList(reply.status(status), formatOf(req), 'errors', S.Open311Errors.element, errors);
}

/** `application/x-www-form-urlencoded`, the encoding GeoReport POSTs use; the first of repeated keys wins. */
function parseForm(body: string): Record<string, string> {
  // No prototype: a field called __proto__ or constructor is just a field.
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of new URLSearchParams(body)) if (!Object.hasOwn(out, k)) out[k] = v;
  return out;
}

/**
 * Open311 GeoReport v2 intake channel at /open311/v2/ (DOMAIN.md §12). An encapsulated plugin: its
 * form parser, GeoReport error format and 404 stay inside /open311 and leave the rest of the API
 * on Jiesu's `{error:{…}}` envelope.
 *
 * - Reading (services, requests, discovery) is public and needs no key; the request feed shows no
 *   personal data (see requests.ts).
 * - POST requests needs an API key issued for the `open311` channel, in the body's `api_key` (the
 *   spec) or the `X-Api-Key` header, and honours `Idempotency-Key`.
 * - Creation is synchronous, so POST returns service_request_id (the order number) at once. For
 *   clients written against asynchronous servers, GET tokens/{token} accepts the order number as
 *   the token and answers with the same number.
 */
export async function open311Routes(app: FastifyInstance, ctx: Context) {
  await app.register(
    async (plugin) => {
      const r = plugin.withTypeProvider<ZodTypeProvider>();
      r.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
        done(null, parseForm(String(body))),
      );
      r.setErrorHandler((err, req, reply) => sendErrors(req, reply, err));
      r.setNotFoundHandler((req, reply) =>
        sendErrors(req, reply, notFound(`没有这个 Open311 资源：${req.method} ${req.url.split('?')[0]}`)),
      );
      // The feed is public data: any web page may read it (no credentials are involved).
      r.addHook('onSend', async (req, reply) => {
        if (req.method === 'GET' || req.method === 'HEAD') reply.header('access-control-allow-origin', '*');
      });

      r.get(
        '/discovery.:format',
        {
          schema: {
            tags,
            summary: 'Open311 服务发现（Service Discovery）',
            params: S.FormatParams,
            response: responses(S.Discovery, '<discovery><endpoints><endpoint>…', [400]),
          },
        },
        async (req, reply) => {
          const discovery: S.DiscoveryT = {
            changeset: CHANGESET,
            contact: '12345 政务服务便民热线中心',
            key_service: '向热线中心系统管理员申请 open311 渠道的接入密钥',
            endpoints: [
              {
                specification: SPECIFICATION,
                url: `${req.protocol}://${req.host}/open311/v2`,
                changeset: CHANGESET,
                type: 'production',
                formats: ['application/xml', 'application/json'],
              },
            ],
          };
          return sendObject(reply, req.params.format, 'discovery', S.Discovery, discovery);
        },
      );

      r.get(
        '/v2/services.:format',
        {
          schema: {
            tags,
            summary: 'GET services：可受理的服务（事项分类）',
            description:
              '启用的事项分类。service_code 为分类代码（未设置时为分类 id），group 为一级分类名称。',
            params: S.FormatParams,
            querystring: S.JurisdictionQuery,
            response: responses(z.array(S.Service), '<services><service>…</service></services>', [400]),
          },
        },
        async (req, reply) =>
          sendList(reply, req.params.format, 'services', S.Service, listServices(await ctx.refs.get())),
      );

      r.get(
        '/v2/services/:service_code.:format',
        {
          schema: {
            tags,
            summary: 'GET service definition：服务的附加字段',
            description: 'Jiesu 只使用规范的标准字段，attributes 始终为空列表。',
            params: S.ServiceParams,
            querystring: S.JurisdictionQuery,
            response: responses(S.ServiceDefinition, '<service_definition><service_code>…', [400, 404]),
          },
        },
        async (req, reply) => {
          const category = findOfferedCategory(await ctx.refs.get(), req.params.service_code);
          if (!category) throw notFound(`service_code: 服务 ${req.params.service_code} 不存在或已停用`);
          return sendObject(
            reply,
            req.params.format,
            'service_definition',
            S.ServiceDefinition,
            serviceDefinition(category),
          );
        },
      );

      r.post(
        '/v2/requests.:format',
        {
          schema: {
            tags,
            summary: 'POST service request：提交诉求（受理为工单）',
            description:
              '请求体为 application/x-www-form-urlencoded（规范格式）或 JSON。需 open311 渠道的 api_key' +
              '（请求体或 X-Api-Key 头），否则 403。须提供 lat+long 或 address_string。工单以渠道 open311、' +
              '诉求类型「求助」受理，同步返回工单编号 service_request_id。携带 `Idempotency-Key` 头重试时返回' +
              '第一次的工单编号。',
            consumes: ['application/x-www-form-urlencoded', 'application/json'],
            params: S.FormatParams,
            headers: S.IdempotencyHeaders,
            body: S.CreateRequestBody,
            response: responses(
              z.array(S.CreatedRequest),
              '<service_requests><request><service_request_id>…',
              [400, 403, 422],
            ),
          },
          // The key is checked before the body is validated: a client without a key learns that first.
          preValidation: async (req) => {
            const body = req.body as Record<string, unknown> | undefined;
            const fromBody = typeof body?.api_key === 'string' ? body.api_key.trim() : undefined;
            const header = req.headers['x-api-key'];
            req.actor = await open311Actor(
              ctx,
              fromBody || (typeof header === 'string' ? header : undefined),
            );
          },
        },
        async (req, reply) => {
          const actor = req.actor;
          if (!actor) throw new Error('open311 actor not resolved');
          const { created, replayed } = await submitRequest(ctx, {
            actor,
            body: req.body ?? {},
            idempotencyKey: req.headers['idempotency-key'],
          });
          if (replayed) reply.header('idempotent-replayed', 'true');
          return sendList(reply, req.params.format, 'requests', S.CreatedRequest, [created]);
        },
      );

      r.get(
        '/v2/requests.:format',
        {
          schema: {
            tags,
            summary: 'GET service requests：查询诉求（公开，不含个人信息）',
            description:
              '默认最近 90 天、最多 1000 条，按受理时间倒序。翻页：把 end_date 设为上一批最早的 ' +
              'requested_datetime 再查（按 service_request_id 去重）。不含姓名、电话；描述中的电话、' +
              '身份证号、邮箱会被隐去；举报类工单不公开。',
            params: S.FormatParams,
            querystring: S.ListRequestsQuery,
            response: responses(z.array(S.ServiceRequest), '<service_requests><request>…', [400]),
          },
        },
        async (req, reply) =>
          sendList(
            reply,
            req.params.format,
            'requests',
            S.ServiceRequest,
            await listRequests(ctx, req.query),
          ),
      );

      r.get(
        '/v2/requests/:service_request_id.:format',
        {
          schema: {
            tags,
            summary: 'GET service request：按工单编号查询',
            params: S.RequestParams,
            querystring: S.JurisdictionQuery,
            response: responses(z.array(S.ServiceRequest), '<service_requests><request>…', [400, 404]),
          },
        },
        async (req, reply) =>
          sendList(reply, req.params.format, 'requests', S.ServiceRequest, [
            await getRequest(ctx, req.params.service_request_id),
          ]),
      );

      r.get(
        '/v2/tokens/:token.:format',
        {
          schema: {
            tags,
            summary: 'GET service_request_id from a token',
            description: 'Jiesu 同步建单：token 就是工单编号，返回同一编号。',
            params: S.TokenParams,
            querystring: S.JurisdictionQuery,
            response: responses(z.array(S.TokenResult), '<service_requests><request><token>…', [400, 404]),
          },
        },
        async (req, reply) => {
          const found = await findRequest(ctx, req.params.token);
          if (!found) throw notFound(`token: ${req.params.token} 不存在`);
          return sendList(reply, req.params.format, 'requests', S.TokenResult, [
            { service_request_id: found.service_request_id, token: req.params.token },
          ]);
        },
      );
    },
    { prefix: '/open311' },
  );
}
