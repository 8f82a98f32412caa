import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp, type UserKey } from '../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ at: '2026-03-02T09:00:00+08:00' });
});
afterAll(() => t.close());

const PHONE = '13655556666';

async function create(title: string, categoryId?: number) {
  const res = await t.as('callTaker', {
    method: 'POST',
    url: '/api/orders',
    payload: {
      channel: 'phone',
      requestType: 'complaint',
      title,
      content: title,
      citizenPhone: PHONE,
      categoryId,
    },
  });
  expect(res.statusCode).toBe(201);
  return res.json().id as number;
}

async function step(user: UserKey, id: number, path: string, payload: Record<string, unknown> = {}) {
  const res = await t.as(user, { method: 'POST', url: `/api/orders/${id}/${path}`, payload });
  expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
}

async function closeWith(id: number, satisfaction: string, resolved: boolean) {
  await step('dispatcher', id, 'dispatch', { leadUnitId: t.units.street });
  await step('handler', id, 'sign');
  await step('handler', id, 'reply', { content: '已处理。', contactedCitizen: true });
  await step('unitReviewer', id, 'review/approve');
  await step('centreReviewer', id, 'review/approve');
  await step('visitor', id, 'visit', { method: 'phone', satisfaction, resolved, redo: false, note: '记录' });
}

it('profiles a caller: history, frequency, topics, satisfaction and one-time resolution; audited', async () => {
  const old = await create('去年的供暖投诉', t.categories.heating);
  await closeWith(old, 'satisfied', true);
  t.clock.set('2026-05-01T09:00:00+08:00');
  const a = await create('物业不修电梯', t.categories.propertyManagement);
  await closeWith(a, 'dissatisfied', false);
  for (let i = 0; i < 4; i++) {
    t.clock.advance(3_600_000);
    await create(`物业问题 ${i}`, t.categories.propertyManagement);
  }

  const res = await t.as('callTaker', {
    method: 'POST',
    url: '/api/callers/profile',
    payload: { phone: PHONE },
  });
  expect(res.statusCode, res.body).toBe(200);
  const p = res.json();
  expect(p).toMatchObject({ totalOrders: 6, orders30d: 5, openOrders: 4, oneTimeResolutionRate: 0.5 });
  expect(p.satisfaction).toEqual({ satisfied: 1, basicallySatisfied: 0, dissatisfied: 1, rate: 0.5 });
  expect(p.topics).toEqual([{ name: '城乡建设', count: 6 }]);
  expect(p.flags).toEqual(['frequent', 'dissatisfied_before']);
  expect(p.recentOrders[0].title).toBe('物业问题 3');
  expect(p.firstContactAt).toBe(new Date('2026-03-02T09:00:00+08:00').toISOString());

  const audit = await t.testDb.db.query("SELECT 1 FROM audit_log WHERE action = 'caller_profile'");
  expect(audit).toHaveLength(1);
});

it('an unknown caller has an empty profile with no rates', async () => {
  const res = await t.as('callTaker', {
    method: 'POST',
    url: '/api/callers/profile',
    payload: { phone: '13000000000' },
  });
  expect(res.json()).toMatchObject({
    totalOrders: 0,
    oneTimeResolutionRate: null,
    flags: [],
    recentOrders: [],
  });
  expect(res.json().satisfaction.rate).toBeNull();
});

it('unit staff may not look callers up', async () => {
  const res = await t.as('handler', {
    method: 'POST',
    url: '/api/callers/profile',
    payload: { phone: PHONE },
  });
  expect(res.statusCode).toBe(403);
});
