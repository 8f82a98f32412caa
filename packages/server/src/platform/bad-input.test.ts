/**
 * Bad input never reaches the database and never becomes a 500: each request below gets a 4xx with
 * the one error shape, names the offending field, and leaves every table as it was.
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type UserKey } from '../testing/test-app.ts';

let t: TestApp;
let order: { id: number; version: number };
let other: { id: number };

const TABLES =
  'orders order_events order_assists order_extensions idempotency_keys attachments audit_log time_limit_warnings units categories users api_keys sessions time_limit_rules'.split(
    ' ',
  );

async function rowCounts() {
  const [row] = await t.ctx.db.query<Record<string, number>>(
    `SELECT ${TABLES.map((name) => `(SELECT count(*) FROM ${name})::int AS ${name}`).join(', ')}`,
  );
  return row;
}

const valid = {
  channel: 'phone',
  requestType: 'complaint',
  title: '夜间施工噪音',
  content: '工地每晚十一点后仍在施工',
  citizenPhone: '13812345678',
};
const big = 'x'.repeat(100 * 1024);
const json = { 'content-type': 'application/json' };
const V = 'VALIDATION_FAILED';
const UNKNOWN_ORDER = 987_654_321;

interface Case {
  name: string;
  status: number;
  code: string;
  /** details.field of the answer; 404s name the resource and id instead. */
  field: string | null;
  request: () => InjectOptions;
  user: UserKey;
}
const c = (
  name: string,
  status: number,
  code: string,
  field: string | null,
  request: () => InjectOptions,
  user: UserKey = 'callTaker',
): Case => ({ name, status, code, field, request, user });

const createWith = (payload: unknown, headers: Record<string, string> = {}): InjectOptions => ({
  method: 'POST',
  url: '/api/orders',
  headers,
  payload: payload as InjectOptions['payload'],
});
const create = (over: object) => createWith({ ...valid, ...over });
const get = (url: string): InjectOptions => ({ method: 'GET', url });
const step = (path: string, payload: object): InjectOptions => ({
  method: 'POST',
  url: `/api/orders/${order.id}/${path}`,
  payload,
});
const dispatch = (payload: object) => step('dispatch', payload);

const cases: Case[] = [
  // malformed bodies and wrong content types
  c('malformed JSON', 400, 'MALFORMED_BODY', 'body', () => createWith('{"channel": "phone",', json)),
  c('empty JSON body', 400, 'MALFORMED_BODY', 'body', () => createWith('', json)),
  c('prototype poisoning', 400, 'MALFORMED_BODY', 'body', () => createWith('{"__proto__": {"a": 1}}', json)),
  c('text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE', 'content-type', () =>
    createWith(JSON.stringify(valid), { 'content-type': 'text/plain' }),
  ),
  c('form-urlencoded', 415, 'UNSUPPORTED_MEDIA_TYPE', 'content-type', () =>
    createWith('channel=phone', { 'content-type': 'application/x-www-form-urlencoded' }),
  ),
  c('XML', 415, 'UNSUPPORTED_MEDIA_TYPE', 'content-type', () =>
    createWith('<order/>', { 'content-type': 'application/xml' }),
  ),
  c('no body at all', 400, V, 'body', () => ({ method: 'POST', url: '/api/orders' })),
  c('a JSON array', 400, V, 'body', () => createWith('[]', json)),
  c('a body over 1 MB', 413, 'PAYLOAD_TOO_LARGE', 'body', () => create({ content: 'x'.repeat(1_100_000) })),
  // unknown enum values
  c('unknown channel', 400, V, 'body.channel', () => create({ channel: 'fax' })),
  c('unknown request type', 400, V, 'body.requestType', () => create({ requestType: 'rant' })),
  c('unknown urgency', 400, V, 'body.urgency', () => create({ urgency: 'asap' })),
  // 100 KB strings
  c('100 KB title', 400, V, 'body.title', () => create({ title: big })),
  c('100 KB content', 400, V, 'body.content', () => create({ content: big })),
  c('100 KB address', 400, V, 'body.address', () => create({ address: big })),
  c('100 KB citizen name', 400, V, 'body.citizenName', () => create({ citizenName: big })),
  // missing required fields and wrong types
  c('missing title', 400, V, 'body.title', () => create({ title: undefined })),
  c('missing channel', 400, V, 'body.channel', () => create({ channel: undefined })),
  c('blank title', 400, V, 'body.title', () => create({ title: '   ' })),
  c('number as title', 400, V, 'body.title', () => create({ title: 42 })),
  c('string as longitude', 400, V, 'body.longitude', () => create({ longitude: 'east' })),
  c('text as category id', 400, V, 'body.categoryId', () => create({ categoryId: '12abc' })),
  c('malformed phone', 400, V, 'body.citizenPhone', () => create({ citizenPhone: 'call me' })),
  // negative and huge numbers
  c('longitude -500', 400, V, 'body.longitude', () => create({ longitude: -500 })),
  c('latitude 1e308', 400, V, 'body.latitude', () => create({ latitude: 1e308 })),
  c('negative category id', 400, V, 'body.categoryId', () => create({ categoryId: -1 })),
  c('category id 1e20', 400, V, 'body.categoryId', () => create({ categoryId: 1e20 })),
  c('region unit id past int4', 400, V, 'body.regionUnitId', () => create({ regionUnitId: 2 ** 31 })),
  // unknown ids
  c('unknown category', 422, 'REFERENCE_NOT_FOUND', 'categoryId', () => create({ categoryId: 999_999 })),
  c('unknown region unit', 422, 'REFERENCE_NOT_FOUND', 'regionUnitId', () =>
    create({ regionUnitId: 999_999 }),
  ),
  // Idempotency-Key
  c('5,000-character Idempotency-Key', 400, V, 'headers.idempotency-key', () =>
    createWith(valid, { 'idempotency-key': 'k'.repeat(5000) }),
  ),
  c('empty Idempotency-Key', 400, V, 'headers.idempotency-key', () =>
    createWith(valid, { 'idempotency-key': '' }),
  ),
  // order id in the URL
  c('unknown order id', 404, 'NOT_FOUND', null, () => get(`/api/orders/${UNKNOWN_ORDER}`)),
  c('unknown order timeline', 404, 'NOT_FOUND', null, () => get(`/api/orders/${UNKNOWN_ORDER}/timeline`)),
  c('unknown order contact', 404, 'NOT_FOUND', null, () => get(`/api/orders/${UNKNOWN_ORDER}/contact`)),
  c(
    'step on an unknown order',
    404,
    'NOT_FOUND',
    null,
    () => ({ method: 'POST', url: `/api/orders/${UNKNOWN_ORDER}/sign`, payload: {} }),
    'dispatcher',
  ),
  c('text order id', 400, V, 'params.id', () => get('/api/orders/abc')),
  c('negative order id', 400, V, 'params.id', () => get('/api/orders/-1')),
  c('order id 1e30', 400, V, 'params.id', () => get(`/api/orders/${'9'.repeat(30)}`)),
  // list queries
  c('unknown state filter', 400, V, 'querystring.state', () => get('/api/orders?state=lost')),
  c('negative limit', 400, V, 'querystring.limit', () => get('/api/orders?limit=-5')),
  c('huge limit', 400, V, 'querystring.limit', () => get('/api/orders?limit=1000000000')),
  c('forged cursor', 400, V, 'querystring.cursor', () => get('/api/orders?cursor=bm90LWEtY3Vyc29y')),
  // dispatch and other steps
  ...(
    [
      [
        'unknown lead unit',
        422,
        'REFERENCE_NOT_FOUND',
        'leadUnitId',
        () => dispatch({ leadUnitId: 999_999 }),
      ],
      [
        'unknown assisting unit',
        422,
        'REFERENCE_NOT_FOUND',
        'assistUnitIds.0',
        () => dispatch({ leadUnitId: t.units.street, assistUnitIds: [999_999] }),
      ],
      [
        'the centre as lead',
        422,
        'RULE_VIOLATION',
        'leadUnitId',
        () => dispatch({ leadUnitId: t.units.centre }),
      ],
      ['missing lead unit', 400, V, 'body.leadUnitId', () => dispatch({ assistUnitIds: [] })],
      ['lead unit as object', 400, V, 'body.leadUnitId', () => dispatch({ leadUnitId: { id: 1 } })],
      [
        'a date that is not one',
        400,
        V,
        'body.handleDueAt',
        () => dispatch({ leadUnitId: t.units.street, handleDueAt: 'next tuesday' }),
      ],
      [
        '21 assisting units',
        400,
        V,
        'body.assistUnitIds',
        () => dispatch({ leadUnitId: t.units.street, assistUnitIds: Array(21).fill(t.units.grid) }),
      ],
      [
        'negative expected version',
        400,
        V,
        'body.expectedVersion',
        () => dispatch({ leadUnitId: t.units.street, expectedVersion: -1 }),
      ],
      ['100 KB note', 400, V, 'body.note', () => dispatch({ leadUnitId: t.units.street, note: big })],
      [
        'merge into an unknown order',
        422,
        'RULE_VIOLATION',
        'intoOrderId',
        () => step('merge', { intoOrderId: UNKNOWN_ORDER }),
      ],
    ] as const
  ).map(([name, status, code, field, request]) => c(name, status, code, field, request, 'dispatcher')),
  // login
  c('100 KB user name at login', 400, V, 'body.username', () => ({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: big, password: 'x' },
  })),
];

beforeAll(async () => {
  t = await createTestApp();
  const create = async () => {
    const res = await t.as('callTaker', createWith(valid));
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  order = await create();
  other = await create();
});
afterAll(() => t.close());

describe('bad input', () => {
  it.each(cases.map((c) => [c.name, c] as const))(
    '%s → 4xx naming the field, nothing written',
    async (_, c) => {
      const before = await rowCounts();
      const res = await t.as(c.user, c.request());
      expect(res.statusCode, res.body).toBe(c.status);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const body = res.json();
      expect(Object.keys(body)).toEqual(['error']);
      expect(Object.keys(body.error).sort()).toEqual(['code', 'details', 'message']);
      expect(body.error.code).toBe(c.code);
      expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
      if (c.field === null)
        expect(body.error.details).toMatchObject({ resource: 'order', id: UNKNOWN_ORDER });
      else expect(body.error.details.field).toBe(c.field);
      expect(await rowCounts()).toEqual(before);
    },
  );

  it('leaves the orders it was aimed at untouched', async () => {
    for (const o of [order, other]) {
      const res = await t.as('dispatcher', { method: 'GET', url: `/api/orders/${o.id}` });
      expect(res.json()).toMatchObject({ state: 'pending_dispatch', version: 1, leadUnitId: null });
    }
  });

  it('still accepts the valid request afterwards (the cases fail for their own reason)', async () => {
    const res = await t.as('callTaker', createWith({ ...valid, categoryId: t.categories.heating }));
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('ids sent with the wrong JSON type', () => {
  // Body ids are coerced (z.coerce.number in orders/schemas.ts), so `true` becomes 1 and `[2]`
  // becomes 2: a wrongly typed id silently picks an existing row. See the report.
  it('refuses a boolean category id instead of reading it as 1', async () => {
    const res = await t.as('callTaker', createWith({ ...valid, categoryId: true }));
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.details.field).toBe('body.categoryId');
  });

  it('refuses an array as region unit id instead of reading [id] as id', async () => {
    const res = await t.as('callTaker', createWith({ ...valid, regionUnitId: [t.units.street] }));
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.details.field).toBe('body.regionUnitId');
  });
});

describe('ids beyond the integer range outside the order routes', () => {
  // time-limits/routes.ts: PUT /api/sla/rules/:id has no upper bound, so PostgreSQL rejects the
  // int4 parameter and the client gets a 500. See the report.
  it('answers 4xx to PUT /api/sla/rules/99999999999', async () => {
    const limit = { amount: 1, unit: 'working_days' };
    const res = await t.as('admin', {
      method: 'PUT',
      url: '/api/sla/rules/99999999999',
      payload: {
        name: '规则',
        dispatchLimit: limit,
        signLimit: limit,
        returnLimit: limit,
        handleLimit: limit,
        yellowShare: 0.5,
      },
    });
    expect(res.statusCode, res.body).toBeLessThan(500);
  });
});
