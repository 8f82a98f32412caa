/** The HTTP surface outside the business routes: unknown routes, health, API documentation. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { createTestDb, type TestDb } from '../testing/test-db.ts';

let testDb: TestDb;
let app: FastifyInstance;
beforeAll(async () => {
  testDb = await createTestDb();
  ({ app } = await buildApp({ db: testDb.db, logLevel: 'silent' }));
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await testDb.drop();
});

describe('unknown routes', () => {
  it.each([
    ['GET', '/api/nothing-here'],
    ['GET', '/api/orders/1/nothing-here'],
    ['DELETE', '/api/orders'],
    ['PATCH', '/api/units'],
    ['POST', '/healthz'],
  ] as const)('%s %s → 404 in the error shape', async (method, url) => {
    const res = await app.inject({ method, url, payload: method === 'GET' ? undefined : {} });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({
      error: { code: 'NOT_FOUND', message: '请求的资源不存在', details: { path: url } },
    });
  });

  it('reports the path without its query string', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/nothing-here?token=secret' });
    expect(res.json().error.details).toEqual({ path: '/api/nothing-here' });
  });
});

describe('/healthz', () => {
  it('answers ok and names the database it reached', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: testDb.db.kind });
  });

  it('needs no sign-in', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { cookie: 'jiesu_session=stale' },
    });
    expect(res.statusCode).toBe(200);
  });
});

describe('/openapi.json', () => {
  type Operation = {
    responses?: Record<string, unknown>;
    parameters?: { in: string; name: string; required?: boolean }[];
  };
  let doc: {
    openapi: string;
    info: { title: string; version: string };
    paths: Record<string, Record<string, Operation>>;
    components?: Record<string, Record<string, unknown>>;
  };
  beforeAll(async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    doc = res.json();
  });

  it('is an OpenAPI 3 document with info and paths', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    expect(Object.keys(doc.paths).length).toBeGreaterThan(10);
  });

  it('gives every operation responses, and declares every path template parameter', () => {
    const methods = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);
    for (const [path, ops] of Object.entries(doc.paths)) {
      expect(path.startsWith('/'), path).toBe(true);
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(ops)) {
        if (!methods.has(method)) continue;
        expect(Object.keys(op.responses ?? {}).length, `${method} ${path} has responses`).toBeGreaterThan(0);
        for (const name of templated) {
          const p = op.parameters?.find((x) => x.in === 'path' && x.name === name);
          expect(p?.required, `${method} ${path} declares {${name}}`).toBe(true);
        }
      }
    }
  });

  it('resolves every $ref inside the document', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1] ?? '');
    for (const ref of refs) {
      expect(ref.startsWith('#/'), ref).toBe(true);
      const target = ref
        .slice(2)
        .split('/')
        .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
      expect(target, ref).toBeDefined();
    }
  });

  it('contains the order routes with their methods', () => {
    const expected: [string, string][] = [
      ['/api/orders', 'post'],
      ['/api/orders', 'get'],
      ['/api/orders/{id}', 'get'],
      ['/api/orders/{id}/timeline', 'get'],
      ['/api/orders/{id}/contact', 'get'],
      ...[
        'direct-answer',
        'dispatch',
        'reassign',
        'sign',
        'return',
        'return/accept',
        'return/reject',
        'delegate',
        'extension',
        'extension/approve',
        'extension/refuse',
        'deadline',
        'reply',
        'review/approve',
        'review/reject',
        'visit',
        'close',
        'merge',
        'withdraw',
      ].map((step): [string, string] => [`/api/orders/{id}/${step}`, 'post']),
    ];
    for (const [path, method] of expected)
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
  });

  it('documents the order creation body with its enums and the Idempotency-Key header', () => {
    const op = doc.paths['/api/orders']?.post as Operation & {
      requestBody?: {
        content: Record<string, { schema: { properties: Record<string, { enum?: string[] }> } }>;
      };
    };
    const schema = op.requestBody?.content['application/json']?.schema;
    expect(schema?.properties.channel?.enum).toContain('mayor_mailbox');
    expect(schema?.properties.requestType?.enum).toEqual(
      expect.arrayContaining(['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise']),
    );
    expect(op.parameters?.some((p) => p.in === 'header' && p.name === 'idempotency-key')).toBe(true);
  });

  it('declares the session cookie and the API key as security schemes', () => {
    expect(doc.components?.securitySchemes).toMatchObject({
      session: { type: 'apiKey', in: 'cookie', name: 'jiesu_session' },
      apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
    });
  });
});

describe('/docs', () => {
  it('serves the Swagger UI page', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('swagger-ui');
  });

  it('serves the document the UI loads', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().paths['/api/orders']).toBeDefined();
  });
});
