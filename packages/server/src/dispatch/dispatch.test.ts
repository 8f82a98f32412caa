import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { modelStore } from './models.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function createOrder(payload: Record<string, unknown>) {
  const res = await t.as('callTaker', {
    method: 'POST',
    url: '/api/orders',
    payload: { channel: 'phone', requestType: 'complaint', ...payload },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; state: string; leadUnitId: number | null };
}

/** Closed orders written directly: the training material of the lead-unit model. */
async function closedOrders(n: number, leadUnitId: number, title: string, content: string) {
  await t.testDb.db.query(
    `INSERT INTO orders (number, channel, request_type, urgency, title, content, state, lead_unit_id, handling_unit_id,
       created_at, updated_at, closed_at)
     SELECT 'T' || $1::int || '-' || g, 'phone', 'complaint', 'normal', $2::text || g, $3::text || '，编号' || g, 'closed', $1::int, $1::int,
       now(), now(), now()
     FROM generate_series(1, $4) g`,
    [leadUnitId, title, content, n],
  );
}

describe('派单目录', () => {
  it('admins create, list (keyset), change and deactivate entries; each change is in the history', async () => {
    const body = {
      categoryId: t.categories.heating,
      leadUnitId: t.units.waterCompany,
      assistUnitIds: [t.units.housingBureau],
      source: 'joint_ruling',
      reference: '联席会议纪要〔2026〕3号',
    };
    expect(
      (await t.as('dispatcher', { method: 'POST', url: '/api/dispatch/catalogue', payload: body }))
        .statusCode,
    ).toBe(403);
    const noRef = await t.as('admin', {
      method: 'POST',
      url: '/api/dispatch/catalogue',
      payload: { ...body, reference: null },
    });
    expect(noRef.statusCode).toBe(422);
    expect(noRef.json().error.details.field).toBe('reference');
    const centre = await t.as('admin', {
      method: 'POST',
      url: '/api/dispatch/catalogue',
      payload: { ...body, leadUnitId: t.units.centre },
    });
    expect(centre.statusCode).toBe(422);
    const created = await t.as('admin', { method: 'POST', url: '/api/dispatch/catalogue', payload: body });
    expect(created.statusCode, created.body).toBe(201);
    const entry = created.json();
    const second = (
      await t.as('admin', {
        method: 'POST',
        url: '/api/dispatch/catalogue',
        payload: { regionUnitId: t.units.otherDistrict, leadUnitId: t.units.otherStreet },
      })
    ).json();

    const page1 = (
      await t.as('dispatcher', { method: 'GET', url: '/api/dispatch/catalogue?limit=1' })
    ).json();
    expect(page1.items.map((e: { id: number }) => e.id)).toEqual([second.id]);
    const page2 = (
      await t.as('dispatcher', {
        method: 'GET',
        url: `/api/dispatch/catalogue?limit=1&cursor=${page1.nextCursor}`,
      })
    ).json();
    expect(page2.items.map((e: { id: number }) => e.id)).toEqual([entry.id]);

    const stale = await t.as('admin', {
      method: 'PUT',
      url: `/api/dispatch/catalogue/${entry.id}`,
      payload: { ...body, note: '改', expectedVersion: 9 },
    });
    expect(stale.statusCode).toBe(409);
    const updated = await t.as('admin', {
      method: 'PUT',
      url: `/api/dispatch/catalogue/${entry.id}`,
      payload: { ...body, note: '供热问题由热力公司主办', expectedVersion: 1 },
    });
    expect(updated.json()).toMatchObject({ version: 2, note: '供热问题由热力公司主办' });
    await t.as('admin', { method: 'DELETE', url: `/api/dispatch/catalogue/${second.id}` });
    const history = (
      await t.as('admin', { method: 'GET', url: `/api/dispatch/catalogue/${entry.id}/history` })
    ).json();
    expect(history.items.map((h: { action: string }) => h.action)).toEqual(['create', 'update']);
    const list = (await t.as('admin', { method: 'GET', url: '/api/dispatch/catalogue' })).json();
    expect(list.items.map((e: { id: number }) => e.id)).toEqual([entry.id]);
    await expect(t.testDb.db.query('DELETE FROM dispatch_catalogue_history')).rejects.toThrow();
  });

  it('suggests the catalogue unit first with its reason, and auto-dispatches when switched on', async () => {
    const manual = await createOrder({
      title: '暖气不热',
      content: '家里暖气不热',
      categoryId: t.categories.heating,
    });
    expect(manual.state).toBe('pending_dispatch');
    const sug = await t.as('dispatcher', {
      method: 'GET',
      url: `/api/orders/${manual.id}/dispatch-suggestions`,
    });
    expect(sug.statusCode, sug.body).toBe(200);
    const first = sug.json().suggestions[0];
    expect(first).toMatchObject({
      unitId: t.units.waterCompany,
      source: 'catalogue',
      assistUnitIds: [t.units.housingBureau],
    });
    expect(first.reasons[0]).toContain('派单目录');
    expect(first.reasons[0]).toContain('联席会议纪要〔2026〕3号');
    expect(sug.json().auto.eligible).toBe(false);

    const settings = await t.as('admin', {
      method: 'PUT',
      url: '/api/dispatch/settings',
      payload: { autoDispatch: true, catalogueAuto: true, threshold: 0.95 },
    });
    expect(settings.statusCode, settings.body).toBe(200);
    expect(
      (await t.as('dispatcher', { method: 'PUT', url: '/api/dispatch/settings', payload: settings.json() }))
        .statusCode,
    ).toBe(403);
    const auto = await createOrder({
      title: '暖气不热',
      content: '楼上暖气不热',
      categoryId: t.categories.heating,
    });
    expect(auto.state).toBe('dispatched');
    expect(auto.leadUnitId).toBe(t.units.waterCompany);
    const timeline = (
      await t.as('dispatcher', { method: 'GET', url: `/api/orders/${auto.id}/timeline` })
    ).json();
    const events = (timeline.items ?? timeline) as { action: string; note: string | null }[];
    const dispatch = events.find((e) => e.action === 'dispatch');
    expect(dispatch?.note).toMatch(/^自动派单：派单目录/);

    // Not in the catalogue, no model: stays for the dispatcher.
    const other = await createOrder({
      title: '物业不作为',
      content: '物业不管',
      categoryId: t.categories.propertyManagement,
    });
    expect(other.state).toBe('pending_dispatch');

    const day = '2026-03-02';
    const acc = await t.as('dispatcher', {
      method: 'GET',
      url: `/api/dispatch/accuracy?period=day&from=${day}T00:00:00%2B08:00&to=2026-03-03T00:00:00%2B08:00`,
    });
    expect(acc.statusCode, acc.body).toBe(200);
    const row = acc.json().items[0];
    expect(row).toMatchObject({ period: day, autoDispatched: 1 });
    expect(row.orders).toBeGreaterThanOrEqual(3);
    await t.as('admin', {
      method: 'PUT',
      url: '/api/dispatch/settings',
      payload: { autoDispatch: false, catalogueAuto: true, threshold: 0.9 },
    });
  });
});

describe('lead-unit model', () => {
  it('trains on closed orders, is versioned, and explains its suggestion', async () => {
    expect(
      (await t.as('dispatcher', { method: 'POST', url: '/api/dispatch/models/retrain' })).statusCode,
    ).toBe(403);
    await closedOrders(
      30,
      t.units.housingBureau,
      '物业费收费不合理',
      '小区物业乱收物业费，电梯维修费用不公开',
    );
    await closedOrders(30, t.units.street, '占道经营扰民', '滨江街道路边摊贩占道经营，夜市噪音扰民');
    const res = await t.as('admin', { method: 'POST', url: '/api/dispatch/models/retrain' });
    expect(res.statusCode, res.body).toBe(200);
    const lead = res.json().models.find((m: { kind: string }) => m.kind === 'lead_unit');
    expect(lead).toMatchObject({ version: 1 });
    expect(lead.sampleCount).toBeGreaterThanOrEqual(60);
    expect(lead.evaluation.accuracy).toBeGreaterThan(0.8);
    modelStore(t.ctx.db).invalidate();

    const o = await createOrder({
      title: '物业乱收物业费',
      content: '物业费收费太高还不公开',
      regionUnitId: t.units.community,
    });
    const sug = (
      await t.as('dispatcher', { method: 'GET', url: `/api/orders/${o.id}/dispatch-suggestions` })
    ).json();
    expect(sug.modelVersion).toBe(1);
    expect(sug.suggestions[0]).toMatchObject({ unitId: t.units.housingBureau, source: 'model' });
    expect(sug.suggestions[0].reasons[0]).toMatch(/^模型：\d+%，依据词/);

    // A street-led matter goes to the order's own street (属地), whatever street the training orders had.
    const s = await createOrder({
      title: '路边占道经营',
      content: '夜市摊贩占道经营噪音扰民',
      regionUnitId: t.units.otherStreet,
    });
    const ss = (
      await t.as('dispatcher', { method: 'GET', url: `/api/orders/${s.id}/dispatch-suggestions` })
    ).json();
    expect(ss.suggestions[0]).toMatchObject({ unitId: t.units.otherStreet, source: 'region' });
    expect(ss.suggestions[0].reasons[0]).toContain('属地');

    const models = (await t.as('admin', { method: 'GET', url: '/api/dispatch/models' })).json();
    expect(models.items.length).toBeGreaterThanOrEqual(1);
  });

  it('auto-dispatches on the model when its confidence reaches the threshold, never at threshold 1', async () => {
    const set = (threshold: number) =>
      t.as('admin', {
        method: 'PUT',
        url: '/api/dispatch/settings',
        payload: { autoDispatch: true, catalogueAuto: true, threshold },
      });
    await set(1);
    const held = await createOrder({ title: '物业乱收物业费', content: '物业费收费太高还不公开' });
    expect(held.state).toBe('pending_dispatch');
    await set(0.5);
    const auto = await createOrder({ title: '物业乱收物业费', content: '物业费收费太高还不公开' });
    expect(auto).toMatchObject({ state: 'dispatched', leadUnitId: t.units.housingBureau });
    const timeline = (
      await t.as('dispatcher', { method: 'GET', url: `/api/orders/${auto.id}/timeline` })
    ).json();
    const events = (timeline.items ?? timeline) as { action: string; note: string | null }[];
    expect(events.find((e) => e.action === 'dispatch')?.note).toMatch(/^自动派单：模型：\d+%/);
    await set(0.9);
    await t.as('admin', {
      method: 'PUT',
      url: '/api/dispatch/settings',
      payload: { autoDispatch: false, catalogueAuto: true, threshold: 0.9 },
    });
  });
});

describe('智能分类', () => {
  it('suggests categories from the category model and the caller history', async () => {
    await t.testDb.db.query(
      `UPDATE orders SET category_id = CASE WHEN lead_unit_id = $1 THEN $2::int ELSE $3::int END,
         citizen_phone = CASE WHEN lead_unit_id = $1 THEN '13600000000' ELSE citizen_phone END
       WHERE number LIKE 'T%'`,
      [t.units.housingBureau, t.categories.propertyManagement, t.categories.heating],
    );
    expect((await t.as('admin', { method: 'POST', url: '/api/dispatch/models/retrain' })).statusCode).toBe(
      200,
    );
    modelStore(t.ctx.db).invalidate();
    const res = await t.as('callTaker', {
      method: 'POST',
      url: '/api/dispatch/suggest-category',
      payload: { title: '物业乱收费', text: '物业费收费不合理', phone: '13600000000' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const first = res.json().items[0];
    expect(first).toMatchObject({ categoryId: t.categories.propertyManagement, source: 'model' });
    expect(first.path).toBe('城乡建设 / 住房保障 / 物业管理');
    expect(first.reason).toContain('来电人近一年 30 次反映此类事项');
    expect(
      (await t.as('handler', { method: 'POST', url: '/api/dispatch/suggest-category', payload: {} }))
        .statusCode,
    ).toBe(403);
  });
});

describe('where an order is', () => {
  it('locates coordinates in stored boundaries (most detailed first) and addresses by name', async () => {
    const square = (x: number) => ({
      type: 'Polygon',
      coordinates: [
        [
          [x, 0],
          [x + 1, 0],
          [x + 1, 1],
          [x, 1],
          [x, 0],
        ],
      ],
    });
    for (const [unit, level, x] of [
      [t.units.street, 'street', 100],
      [t.units.grid, 'grid', 100],
      [t.units.otherStreet, 'street', 101],
    ] as const) {
      await t.testDb.db.query(
        `INSERT INTO region_boundaries (unit_id, level, geometry, min_lng, min_lat, max_lng, max_lat)
         VALUES ($1, $2, $3, $4, 0, $5, 1) ON CONFLICT (unit_id) DO NOTHING`,
        [unit, level, JSON.stringify(square(x)), x, x + 1],
      );
    }
    const { locatePoint, resolveRegion } = await import('./regions.ts');
    expect(await locatePoint(t.ctx.db, 100.5, 0.5)).toEqual({ unitId: t.units.grid, level: 'grid' });
    expect(await locatePoint(t.ctx.db, 101.5, 0.5)).toEqual({ unitId: t.units.otherStreet, level: 'street' });
    expect(await locatePoint(t.ctx.db, 102.5, 0.5)).toBeNull();
    expect(
      await resolveRegion(t.ctx, { longitude: 101.2, latitude: 0.2, address: '滨江街道' }),
    ).toMatchObject({
      unitId: t.units.otherStreet,
      source: 'coordinates',
    });
    expect(await resolveRegion(t.ctx, { address: '西山区翠微街道松林路8号' })).toMatchObject({
      unitId: t.units.otherStreet,
      source: 'address',
      matched: ['翠微街道', '西山区'],
    });
  });
});

describe('诉求查重 and 同一事项', () => {
  it('finds open orders of the same caller and similar text, with reasons', async () => {
    const a = await createOrder({
      title: '江月花园门口夜市噪音',
      content: '江月花园小区门口夜市每天营业到凌晨两点，噪音很大影响休息',
      address: '望江路12号江月花园3幢',
      citizenPhone: '13911112222',
    });
    await createOrder({
      title: '公积金提取',
      content: '咨询公积金提取需要什么材料',
      citizenPhone: '13911113333',
    });
    const res = await t.as('callTaker', {
      method: 'POST',
      url: '/api/orders/similar',
      payload: {
        text: '江月花园门口的夜市营业到凌晨，噪音影响休息',
        address: '望江路12号江月花园5幢',
        phone: '13911114444',
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const hit = res.json().items.find((i: { id: number }) => i.id === a.id);
    expect(hit.reasons).toEqual(expect.arrayContaining(['similar_text', 'same_place']));
    expect(res.json().items.some((i: { title: string }) => i.title === '公积金提取')).toBe(false);

    const byPhone = await t.as('callTaker', {
      method: 'POST',
      url: '/api/orders/similar',
      payload: { phone: '13911112222' },
    });
    expect(byPhone.json().items[0]).toMatchObject({ id: a.id, reasons: ['same_caller'] });
    const bad = await t.as('callTaker', {
      method: 'POST',
      url: '/api/orders/similar',
      payload: { phone: 'abc' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('phone');
    expect(
      (await t.as('handler', { method: 'POST', url: '/api/orders/similar', payload: { text: 'x' } }))
        .statusCode,
    ).toBe(403);
  });

  it('links orders of three citizens as one matter and opens a 督办 case once', async () => {
    const ids: number[] = [];
    for (const phone of ['13700000001', '13700000002', '13700000003', '13700000003']) {
      ids.push(
        (await createOrder({ title: '桥下积水', content: '新桥下雨积水严重', citizenPhone: phone })).id,
      );
    }
    const [a, b, c, d] = ids as [number, number, number, number];
    const first = await t.as('callTaker', {
      method: 'POST',
      url: '/api/matters/link',
      payload: { orderId: b, withOrderId: a },
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ citizens: 2, supervisionCaseId: null });
    const self = await t.as('callTaker', {
      method: 'POST',
      url: '/api/matters/link',
      payload: { orderId: a, withOrderId: a },
    });
    expect(self.statusCode).toBe(422);
    const third = (
      await t.as('callTaker', {
        method: 'POST',
        url: '/api/matters/link',
        payload: { orderId: c, withOrderId: a },
      })
    ).json();
    expect(third.citizens).toBe(3);
    expect(third.supervisionCaseId).not.toBeNull();
    const fourth = (
      await t.as('callTaker', {
        method: 'POST',
        url: '/api/matters/link',
        payload: { orderId: d, withOrderId: b },
      })
    ).json();
    expect(fourth).toMatchObject({ id: third.id, citizens: 3, supervisionCaseId: third.supervisionCaseId });
    expect(fourth.orders).toHaveLength(4);
    const cases = await t.testDb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM supervision_cases WHERE cause = 'same_matter'`,
    );
    expect(cases[0]?.n).toBe(1);
  });
});
