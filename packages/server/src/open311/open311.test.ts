import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../auth/actor.ts';
import { createCategory } from '../organisation/organisation-service.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/** Open311 GeoReport v2 over HTTP, on a fresh database. */

let t: TestApp;
let key: string;
let keyId: number;
let coded: number;
const xml = new XMLParser({
  parseTagValue: false,
  isArray: (name) => ['service', 'request', 'error'].includes(name),
});
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const PHONE = '13812345678';

async function newKey(channel: string) {
  const res = await t.as('admin', {
    method: 'POST',
    url: '/api/api-keys',
    payload: { name: `${channel} client`, channel },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; key: string };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

function post(fields: Record<string, string>, headers: Record<string, string> = {}, format = 'json') {
  return t.app.inject({
    method: 'POST',
    url: `/open311/v2/requests.${format}`,
    headers: { ...FORM, ...headers },
    payload: form(fields),
  });
}

/** Submits a request and returns its order number. */
async function submit(fields: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const res = await post(
    {
      api_key: key,
      service_code: String(t.categories.propertyManagement),
      lat: '30.5728',
      long: '104.0668',
      description: '小区电梯停运三天，物业一直不修，老人上下楼很困难，请尽快处理',
      ...fields,
    },
    headers,
  );
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { service_request_id: string }[])[0]?.service_request_id ?? '';
}

async function orderByNumber(number: string) {
  const list = await t.as('dispatcher', { method: 'GET', url: '/api/orders?limit=100' });
  const hit = (list.json().items as { id: number; number: string }[]).find((o) => o.number === number);
  if (!hit) throw new Error(`order ${number} not found`);
  const res = await t.as('dispatcher', { method: 'GET', url: `/api/orders/${hit.id}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

beforeAll(async () => {
  t = await createTestApp();
  ({ key, id: keyId } = await newKey('open311'));
  coded = (
    await createCategory(t.ctx, {
      actor: SYSTEM_ACTOR,
      name: '路灯损坏',
      code: 'SL-01',
      parentId: t.categories.urbanConstruction,
    })
  ).id;
});
afterAll(() => t.close());

describe('GET services', () => {
  it('lists active categories as services in JSON', async () => {
    await t.testDb.db.query(
      "INSERT INTO categories (name, path, active) VALUES ('已停用分类', '/999/', false)",
    );
    const res = await t.app.inject({ method: 'GET', url: '/open311/v2/services.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const services = res.json() as Record<string, unknown>[];
    expect(services.map((s) => s.service_name)).not.toContain('已停用分类');
    expect(services.find((s) => s.service_name === '物业管理')).toEqual({
      service_code: String(t.categories.propertyManagement),
      service_name: '物业管理',
      description: '城乡建设 > 住房保障 > 物业管理',
      metadata: false,
      type: 'realtime',
      keywords: '城乡建设,住房保障,物业管理',
      group: '城乡建设',
    });
    // A category with a code is offered under that code, not its id.
    expect(services.find((s) => s.service_name === '路灯损坏')?.service_code).toBe('SL-01');
  });

  it('hides a category whose parent was switched off', async () => {
    await t.testDb.db.query('UPDATE categories SET active = false WHERE id = $1', [t.categories.heating]);
    const sub = await createCategory(t.ctx, {
      actor: SYSTEM_ACTOR,
      name: '暖气不热',
      parentId: t.categories.heating,
    });
    const res = await t.app.inject({ method: 'GET', url: '/open311/v2/services.json' });
    const names = (res.json() as { service_name: string }[]).map((s) => s.service_name);
    expect(names).not.toContain('供热');
    expect(names).not.toContain('暖气不热');
    const def = await t.app.inject({ method: 'GET', url: `/open311/v2/services/${sub.id}.json` });
    expect(def.statusCode).toBe(404);
  });

  it('lists the same services in XML with the spec element names', async () => {
    const json = (
      await t.app.inject({ method: 'GET', url: '/open311/v2/services.json' })
    ).json() as unknown[];
    const res = await t.app.inject({ method: 'GET', url: '/open311/v2/services.xml' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(res.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const doc = xml.parse(res.body);
    expect(doc.services.service).toHaveLength(json.length);
    expect(doc.services.service).toContainEqual({
      service_code: 'SL-01',
      service_name: '路灯损坏',
      description: '城乡建设 > 路灯损坏',
      metadata: 'false',
      type: 'realtime',
      keywords: '城乡建设,路灯损坏',
      group: '城乡建设',
    });
  });

  it('gives a service definition with no attributes, and 404 in GeoReport format for an unknown code', async () => {
    const ok = await t.app.inject({ method: 'GET', url: '/open311/v2/services/SL-01.json' });
    expect(ok.json()).toEqual({ service_code: 'SL-01', attributes: [] });
    const okXml = await t.app.inject({ method: 'GET', url: '/open311/v2/services/SL-01.xml' });
    expect(xml.parse(okXml.body).service_definition).toEqual({ service_code: 'SL-01', attributes: '' });
    // A coded category is not reachable by its id.
    const byId = await t.app.inject({ method: 'GET', url: `/open311/v2/services/${coded}.json` });
    expect(byId.statusCode).toBe(404);

    const missing = await t.app.inject({ method: 'GET', url: '/open311/v2/services/NOPE.json' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual([{ code: 404, description: expect.stringContaining('NOPE') }]);
    const missingXml = await t.app.inject({ method: 'GET', url: '/open311/v2/services/NOPE.xml' });
    expect(missingXml.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(xml.parse(missingXml.body).errors.error[0].code).toBe('404');
  });
});

describe('POST requests', () => {
  it('creates an open311 order from a form post', async () => {
    const res = await post({
      api_key: key,
      service_code: 'SL-01',
      lat: '30.5728',
      long: '104.0668',
      address_string: '滨江路 88 号门口',
      description: '路灯不亮已经一周了，晚上路过很危险，希望相关部门尽快修复一下，谢谢！',
      first_name: '三',
      last_name: '张',
      phone: '+86 138 1234 5678',
      email: 'zhang@example.com',
      account_id: 'acct-42',
      media_url: 'https://img.example.com/lamp.jpg',
    });
    expect(res.statusCode, res.body).toBe(200);
    const [created] = res.json();
    expect(created).toEqual({
      service_request_id: expect.stringMatching(/^\d{12}$/),
      service_notice: expect.stringContaining(created.service_request_id),
      account_id: 'acct-42',
    });
    const order = await orderByNumber(created.service_request_id);
    expect(order).toMatchObject({
      channel: 'open311',
      requestType: 'help',
      state: 'pending_dispatch',
      categoryId: coded,
      // The first 30 characters of the 34-character description.
      title: '路灯不亮已经一周了，晚上路过很危险，希望相关部门尽快修复一下…',
      address: '滨江路 88 号门口',
      latitude: 30.5728,
      longitude: 104.0668,
      citizenName: '张三',
      citizenPhone: '138****5678',
    });
    expect(order.content).toContain('https://img.example.com/lamp.jpg');
  });

  it('takes the first of repeated form fields and ignores unknown ones', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: FORM,
      payload: `api_key=${key}&service_code=SL-01&address_string=${encodeURIComponent('第一处')}&address_string=${encodeURIComponent('第二处')}&__proto__=x&attribute%5Bsize%5D=big`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await orderByNumber(res.json()[0].service_request_id)).address).toBe('第一处');
  });

  it('accepts JSON bodies and the X-Api-Key header', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'x-api-key': key },
      payload: { service_code: 'SL-01', address_string: '望江路口', description: '路灯闪烁' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const order = await orderByNumber(res.json()[0].service_request_id);
    expect(order.channel).toBe('open311');
    expect(order.address).toBe('望江路口');
  });

  it('answers 403 in GeoReport format without a key', async () => {
    const res = await post({ service_code: 'SL-01', address_string: '望江路口', description: '路灯闪烁' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    expect(res.body).not.toContain('"error"');

    const asXml = await post({ service_code: 'SL-01' }, {}, 'xml');
    expect(asXml.statusCode).toBe(403);
    const doc = xml.parse(asXml.body);
    expect(doc.errors.error[0]).toEqual({ code: '403', description: expect.stringContaining('api_key') });
  });

  it('answers 403 for a revoked key, in the body or the header, and for a key of another channel', async () => {
    const other = await newKey('open311');
    expect(
      (await post({ api_key: other.key, service_code: 'SL-01', address_string: '望江路口' })).statusCode,
    ).toBe(200);
    const revoke = await t.as('admin', { method: 'POST', url: `/api/api-keys/${other.id}/revoke` });
    expect(revoke.statusCode).toBe(204);

    const inBody = await post({ api_key: other.key, service_code: 'SL-01', address_string: '望江路口' });
    expect(inBody.statusCode).toBe(403);
    expect(inBody.json()[0].code).toBe(403);
    const inHeader = await post(
      { service_code: 'SL-01', address_string: '望江路口' },
      { 'x-api-key': other.key },
    );
    expect(inHeader.statusCode).toBe(403);
    expect(inHeader.json()).toEqual([{ code: 403, description: expect.any(String) }]);

    const wechat = await newKey('wechat');
    const wrongChannel = await post({
      api_key: wechat.key,
      service_code: 'SL-01',
      address_string: '望江路口',
    });
    expect(wrongChannel.statusCode).toBe(403);
    expect(wrongChannel.json()[0].description).toContain('open311');
  });

  it('answers 400 naming the field when the location or the service is missing or wrong', async () => {
    const noPlace = await post({ api_key: key, service_code: 'SL-01', description: '路灯不亮' });
    expect(noPlace.statusCode).toBe(400);
    const [err] = noPlace.json();
    expect(err.code).toBe(400);
    expect(err.description).toContain('address_string');
    expect(err.description).toContain('lat');

    const halfPlace = await post({ api_key: key, service_code: 'SL-01', lat: '30.1' });
    expect(halfPlace.json()[0].description).toMatch(/^long:/);
    const badLat = await post({ api_key: key, service_code: 'SL-01', lat: '95', long: '104' });
    expect(badLat.json()[0].description).toMatch(/^lat:/);
    const noService = await post({ api_key: key, address_string: '望江路口' });
    expect(noService.json()[0].description).toMatch(/^service_code:/);
    const unknownService = await post({ api_key: key, service_code: 'NOPE', address_string: '望江路口' });
    expect(unknownService.statusCode).toBe(400);
    expect(unknownService.json()[0].description).toContain('NOPE');
    const badPhone = await post({
      api_key: key,
      service_code: 'SL-01',
      address_string: '望江路口',
      phone: 'call me',
    });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json()[0].description).toMatch(/^phone:/);
    const badMedia = await post({
      api_key: key,
      service_code: 'SL-01',
      address_string: 'x',
      media_url: 'ftp://x',
    });
    expect(badMedia.json()[0].description).toMatch(/^media_url:/);
  });

  it('returns the first order again for a retry with the same Idempotency-Key', async () => {
    const fields = { description: '楼道灯坏了', address_string: '望江社区 3 栋' };
    const first = await submit(fields, { 'idempotency-key': 'retry-1' });
    const again = await post(
      {
        api_key: key,
        service_code: String(t.categories.propertyManagement),
        lat: '30.5728',
        long: '104.0668',
        ...fields,
      },
      { 'idempotency-key': 'retry-1' },
    );
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()[0].service_request_id).toBe(first);
    const other = await submit(fields, { 'idempotency-key': 'retry-2' });
    expect(other).not.toBe(first);

    const changed = await post(
      { api_key: key, service_code: 'SL-01', address_string: '望江社区 3 栋', description: '另一件事' },
      { 'idempotency-key': 'retry-1' },
    );
    expect(changed.statusCode).toBe(422);
    expect(changed.json()).toEqual([{ code: 422, description: expect.stringMatching(/^Idempotency-Key:/) }]);
  });

  it('keeps the rest of the API on the Jiesu error envelope', async () => {
    const res = await t.as('dispatcher', { method: 'GET', url: '/api/orders/999999' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    const unknown = await t.app.inject({ method: 'GET', url: '/open311/v2/nothing-here.json' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual([{ code: 404, description: expect.any(String) }]);
    const badFormat = await t.app.inject({ method: 'GET', url: '/open311/v2/services.csv' });
    expect(badFormat.statusCode).toBe(400);
    expect(xml.parse(badFormat.body).errors.error[0].description).toMatch(/^format:/);
  });
});

describe('GET requests', () => {
  let helpNumber: string;
  let withdrawnNumber: string;
  let codedNumber: string;

  beforeAll(async () => {
    t.clock.set('2026-03-10T10:00:00+08:00');
    helpNumber = await submit({ description: `电梯坏了，联系我 ${PHONE}`, phone: PHONE, first_name: '李四' });
    withdrawnNumber = await submit({ description: '重复提交的诉求' });
    codedNumber = await submit({ service_code: 'SL-01', description: '路灯不亮' });
    const withdrawn = await orderByNumber(withdrawnNumber);
    const w = await t.as('dispatcher', {
      method: 'POST',
      url: `/api/orders/${withdrawn.id}/withdraw`,
      payload: { reason: '市民重复提交' },
    });
    expect(w.statusCode, w.body).toBe(200);
  });

  const get = async (query: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/open311/v2/requests.json?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { service_request_id: string; status: string; service_code: string }[];
  };

  it('filters by status', async () => {
    const closed = await get('status=closed');
    expect(closed.map((r) => r.service_request_id)).toEqual([withdrawnNumber]);
    expect(closed[0]).toMatchObject({ status: 'closed' });
    const open = await get('status=open');
    expect(open.map((r) => r.service_request_id)).toEqual(expect.arrayContaining([helpNumber, codedNumber]));
    expect(open.map((r) => r.service_request_id)).not.toContain(withdrawnNumber);
    expect(open.every((r) => r.status === 'open')).toBe(true);
    expect(await get('status=open,closed')).toHaveLength(open.length + closed.length);
    const bad = await t.app.inject({ method: 'GET', url: '/open311/v2/requests.json?status=pending' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()[0].description).toMatch(/^status:/);
  });

  it('filters by service_code, newest first', async () => {
    const coded = await get('service_code=SL-01');
    expect(coded.length).toBeGreaterThan(0);
    expect(coded.every((r) => r.service_code === 'SL-01')).toBe(true);
    expect(coded[0]?.service_request_id).toBe(codedNumber);
    const both = await get(`service_code=SL-01,${t.categories.propertyManagement}`);
    expect(both.map((r) => r.service_request_id)).toEqual(
      expect.arrayContaining([codedNumber, helpNumber, withdrawnNumber]),
    );
    expect(await get('service_code=NOPE')).toEqual([]);
  });

  it('selects by service_request_id, ignoring the other filters', async () => {
    const rows = await get(`service_request_id=${helpNumber},${withdrawnNumber}&status=open`);
    expect(rows.map((r) => r.service_request_id).sort()).toEqual([helpNumber, withdrawnNumber].sort());
  });

  it('defaults to the last 90 days and refuses a longer span', async () => {
    t.clock.set('2026-06-20T10:00:00+08:00');
    try {
      expect(await get('')).toEqual([]);
      expect(
        (await get('start_date=2026-03-01T00:00:00%2B08:00')).map((r) => r.service_request_id),
      ).toContain(helpNumber);
      const tooLong = await t.app.inject({
        method: 'GET',
        url: '/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z',
      });
      expect(tooLong.statusCode).toBe(400);
      expect(tooLong.json()[0].description).toContain('start_date');
      const noZone = await t.app.inject({
        method: 'GET',
        url: '/open311/v2/requests.json?start_date=2026-03-01T00:00:00',
      });
      expect(noZone.statusCode).toBe(400);
    } finally {
      t.clock.set('2026-03-10T10:00:00+08:00');
    }
  });

  it('shows one request in JSON with expected_datetime and no personal data', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${helpNumber}.json` });
    expect(res.statusCode).toBe(200);
    const [r] = res.json();
    const order = await orderByNumber(helpNumber);
    expect(r).toMatchObject({
      service_request_id: helpNumber,
      status: 'open',
      status_notes: '待派单',
      service_name: '物业管理',
      service_code: String(t.categories.propertyManagement),
      agency_responsible: null,
      requested_datetime: '2026-03-10T10:00:00+08:00',
      address_id: null,
      zipcode: null,
      lat: 30.5728,
      long: 104.0668,
      media_url: null,
    });
    expect(r.expected_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    expect(new Date(r.expected_datetime).toISOString()).toBe(order.dispatchDueAt);
    expect(r.description).toBe('电梯坏了，联系我 ***');
    expect(res.body).not.toContain(PHONE);
    expect(res.body).not.toContain('5678');
    expect(res.body).not.toContain('李四');
    expect(Object.keys(r)).not.toContain('phone');
  });

  it('shows the handling deadline and the lead unit once dispatched, in XML too', async () => {
    const order = await orderByNumber(helpNumber);
    const d = await t.as('dispatcher', {
      method: 'POST',
      url: `/api/orders/${order.id}/dispatch`,
      payload: { leadUnitId: t.units.street },
    });
    expect(d.statusCode, d.body).toBe(200);
    const handleDueAt = d.json().handleDueAt as string;
    expect(handleDueAt).toBeTruthy();

    const res = await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${helpNumber}.xml` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    const doc = xml.parse(res.body);
    const [r] = doc.service_requests.request;
    expect(r.service_request_id).toBe(helpNumber);
    expect(r.status).toBe('open');
    expect(r.status_notes).toBe('待签收');
    expect(r.agency_responsible).toBe('滨江街道');
    expect(new Date(r.expected_datetime).toISOString()).toBe(handleDueAt);
    expect(r.zipcode).toBe('');
    expect(Object.keys(r)).not.toContain('phone');
    expect(res.body).not.toContain(PHONE);
    expect(res.body).not.toContain('李四');
  });

  it('splits an Open311 media_url off the description', async () => {
    const n = await submit({ description: '井盖缺失', media_url: 'https://img.example.com/a.jpg' });
    const [r] = (await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${n}.json` })).json();
    expect(r.description).toBe('井盖缺失');
    expect(r.media_url).toBe('https://img.example.com/a.jpg');
  });

  it('never shows 举报 reports, and 404s unknown ids in GeoReport format', async () => {
    const report = await t.as('callTaker', {
      method: 'POST',
      url: '/api/orders',
      payload: {
        channel: 'phone',
        requestType: 'report',
        title: '举报无证经营',
        content: '某店无证经营',
        address: '滨江路 1 号',
      },
    });
    expect(report.statusCode, report.body).toBe(201);
    const number = report.json().number as string;
    const one = await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${number}.json` });
    expect(one.statusCode).toBe(404);
    expect(one.json()).toEqual([{ code: 404, description: expect.stringContaining(number) }]);
    expect((await get('')).map((r) => r.service_request_id)).not.toContain(number);
    expect(await get(`service_request_id=${number}`)).toEqual([]);
  });

  it('resolves a token (the order number) to the service_request_id', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/open311/v2/tokens/${codedNumber}.xml` });
    expect(res.statusCode).toBe(200);
    const [r] = xml.parse(res.body).service_requests.request;
    expect(r).toEqual({ service_request_id: codedNumber, token: codedNumber });
    const missing = await t.app.inject({ method: 'GET', url: '/open311/v2/tokens/000000000000.json' });
    expect(missing.statusCode).toBe(404);
  });
});

describe('documentation and discovery', () => {
  it('documents the routes in OpenAPI under the Open311 tag', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const paths = Object.keys(doc.paths);
    for (const p of [
      '/open311/v2/services.{format}',
      '/open311/v2/services/{service_code}.{format}',
      '/open311/v2/requests.{format}',
      '/open311/v2/requests/{service_request_id}.{format}',
      '/open311/v2/tokens/{token}.{format}',
    ]) {
      expect(paths).toContain(p);
    }
    expect(doc.paths['/open311/v2/requests.{format}'].post.tags).toEqual(['Open311 GeoReport v2']);
  });

  it('serves a discovery document pointing at /open311/v2', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/open311/discovery.json',
      headers: { host: 'hotline.example' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: 'http://hotline.example/open311/v2',
    });
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });
});

it('records the key that submitted', async () => {
  const n = await submit();
  const [row] = await t.testDb.db.query<{ api_key_id: number }>(
    'SELECT api_key_id FROM orders WHERE number = $1',
    [n],
  );
  expect(row?.api_key_id).toBe(keyId);
});
