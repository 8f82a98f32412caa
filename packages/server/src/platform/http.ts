import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { InvalidTransition } from '../domain/order-lifecycle.ts';
import { AppError } from './errors.ts';

export type App = FastifyInstance;
export type TypedApp = ReturnType<FastifyInstance['withTypeProvider']> & FastifyInstance;

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

export interface HttpOptions {
  logLevel: string;
  /** Largest JSON body accepted; attachments have their own limit. */
  bodyLimit?: number;
}

/** A bare Fastify instance with Jiesu's validation, error format and API documentation. */
export async function createHttp(options: HttpOptions) {
  const app = Fastify({
    logger: options.logLevel === 'silent' ? false : { level: options.logLevel },
    bodyLimit: options.bodyLimit ?? 1_048_576,
    trustProxy: true,
    ajv: undefined,
  }).withTypeProvider<ZodTypeProvider>();

  // The API speaks JSON only: a text/plain body (which browsers may send cross-site without a
  // preflight) is refused as an unsupported media type instead of reaching the handlers as a string.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  // Citizens on phones load the web app over slow links: compress static files (registered before them) and large API answers.
  await app.register(compress, { global: true, threshold: 2048, encodings: ['br', 'gzip'] });
  // Client-side routes of the web app fall back to its index.html; everything else is a JSON 404.
  const web = existsSync(path.join(WEB_DIST, 'index.html'));
  if (web) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    const isApi = /^\/(api|open311|docs|healthz|openapi\.json)(\/|$)/.test(url);
    if (web && request.method === 'GET' && !isApi && !path.extname(url)) return reply.sendFile('index.html');
    return reply.status(404).send(new AppError('NOT_FOUND', { path: url }).toJSON());
  });

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Jiesu 接诉即办 API',
        version: '0.1.0',
        description:
          '12345 政务服务便民热线工单平台接口。错误统一为 `{ "error": { "code", "message", "details" } }`。',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'jiesu_session' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        },
      },
    },
    transform: (input) => dropFormatPatterns(jsonSchemaTransform(input)),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}

/**
 * zod writes the full regular expression beside `format: date-time` (and date, uuid…), dozens of
 * times per route; the format already says it, so the document keeps the format alone (2.5 MB → less).
 */
function dropFormatPatterns<T>(node: T): T {
  if (Array.isArray(node)) for (const item of node) dropFormatPatterns(item);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.format === 'string' && typeof o.pattern === 'string') delete o.pattern;
    for (const value of Object.values(o)) dropFormatPatterns(value);
  }
  return node;
}

export function errorHandler(
  this: FastifyInstance,
  err: FastifyError,
  request: { log: FastifyInstance['log'] },
  reply: { status: (n: number) => { send: (b: unknown) => unknown } },
) {
  const appError = toAppError(err);
  if (appError.status >= 500) request.log.error({ err }, 'unhandled error');
  return reply.status(appError.status).send(appError.toJSON());
}

/** Maps whatever was thrown to the one error shape clients see. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof InvalidTransition) {
    return new AppError('INVALID_TRANSITION', { state: err.state, action: err.action }, err.message);
  }
  const e = err as FastifyError & { validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(e)) {
    const issues = e.validation.map((v) => ({
      field: [e.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'invalid',
    }));
    const field = issues[0]?.field ?? String(e.validationContext);
    return new AppError(
      'VALIDATION_FAILED',
      { field, issues },
      `字段 ${field} 有误：${issues[0]?.message ?? ''}`,
    );
  }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', {
        field: 'content-type',
        contentType: 'application/json',
      });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', { field: 'body' });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('MALFORMED_BODY', { field: 'body' });
  }
  if (e instanceof SyntaxError || (e.statusCode === 400 && /JSON/i.test(e.message))) {
    return new AppError('MALFORMED_BODY', { field: 'body' });
  }
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return new AppError('VALIDATION_FAILED', { field: 'request' }, e.message);
  }
  return new AppError('INTERNAL');
}
