/**
 * Personal information (个人信息保护法, DOMAIN.md §12): phone numbers are masked on every view; the
 * full number is revealed only to roles that call citizens back, and every reveal is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type UserKey } from '../testing/test-app.ts';

const PHONE = '13812345678';
const MASKED = '138****5678';

let t: TestApp;
let orderId: number;
beforeAll(async () => {
  t = await createTestApp();
  const created = await t.as('callTaker', {
    method: 'POST',
    url: '/api/orders',
    payload: {
      channel: 'phone',
      requestType: 'complaint',
      title: '噪音扰民',
      content: '楼下KTV每晚噪音',
      citizenName: '王女士',
      citizenPhone: PHONE,
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  orderId = created.json().id;
  const d = await t.as('dispatcher', {
    method: 'POST',
    url: `/api/orders/${orderId}/dispatch`,
    payload: { leadUnitId: t.units.street },
  });
  expect(d.statusCode, d.body).toBe(200);
});
afterAll(() => t.close());

const unmaskRows = () =>
  t.ctx.db.query<{
    actor_id: number;
    target_type: string;
    target_id: string;
    details: Record<string, unknown>;
  }>(
    "SELECT actor_id, target_type, target_id, details FROM audit_log WHERE action = 'unmask_phone' ORDER BY id",
  );

describe('masking', () => {
  it('masks the phone in the answer to creation', async () => {
    const res = await t.as('callTaker', {
      method: 'POST',
      url: '/api/orders',
      payload: {
        channel: 'wechat',
        requestType: 'help',
        title: '求助',
        content: '内容',
        citizenPhone: '13900001234',
      },
    });
    expect(res.json().citizenPhone).toBe('139****1234');
    expect(res.body).not.toContain('13900001234');
  });

  it.each([
    ['callTaker', () => `/api/orders/${orderId}`],
    ['dispatcher', () => '/api/orders'],
    ['handler', () => `/api/orders/${orderId}`],
    ['handler', () => '/api/orders'],
    ['visitor', () => `/api/orders/${orderId}/timeline`],
    ['admin', () => '/api/orders'],
  ] as [UserKey, () => string][])('%s never gets the full number from GET %s', async (user, url) => {
    const res = await t.as(user, { method: 'GET', url: url() });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toContain(PHONE);
    if (!url().endsWith('/timeline')) expect(res.body).toContain(MASKED);
  });

  it('masks the phone in the answer to a step', async () => {
    const res = await t.as('handler', { method: 'POST', url: `/api/orders/${orderId}/sign`, payload: {} });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().citizenPhone).toBe(MASKED);
    expect(res.body).not.toContain(PHONE);
  });
});

describe('GET /api/orders/:id/contact', () => {
  it.each(['callTaker', 'dispatcher', 'visitor'] as const)(
    'reveals the full number to the %s and writes an unmask_phone audit row',
    async (user) => {
      const before = (await unmaskRows()).length;
      const res = await t.as(user, { method: 'GET', url: `/api/orders/${orderId}/contact` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ citizenName: '王女士', citizenPhone: PHONE });
      const rows = await unmaskRows();
      expect(rows).toHaveLength(before + 1);
      expect(rows.at(-1)).toMatchObject({
        actor_id: t.users[user].id,
        target_type: 'order',
        target_id: String(orderId),
      });
    },
  );

  it.each(['handler', 'unitReviewer', 'admin', 'leader', 'citizen'] as const)(
    'refuses the %s (403) and writes no audit row',
    async (user) => {
      const before = (await unmaskRows()).length;
      const res = await t.as(user, { method: 'GET', url: `/api/orders/${orderId}/contact` });
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatchObject({
        code: 'FORBIDDEN',
        details: { permission: 'citizen.unmask' },
      });
      expect(res.body).not.toContain(PHONE);
      expect(await unmaskRows()).toHaveLength(before);
    },
  );

  it('answers 401 without a session, and audits nothing for an unknown order', async () => {
    expect((await t.as(null, { method: 'GET', url: `/api/orders/${orderId}/contact` })).statusCode).toBe(401);
    const before = (await unmaskRows()).length;
    const res = await t.as('dispatcher', { method: 'GET', url: '/api/orders/987654321/contact' });
    expect(res.statusCode).toBe(404);
    expect(await unmaskRows()).toHaveLength(before);
  });
});
