import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type UserKey } from '../testing/test-app.ts';

/** 热点与预警 over orders: clusters of one matter from several people, rise warnings, rights and bad input. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ at: '2026-03-02T09:30:00+08:00' });
  const create = async (title: string, content: string, phone: string, categoryId: number) => {
    const res = await t.as('callTaker', {
      method: 'POST',
      url: '/api/orders',
      payload: {
        channel: 'phone',
        requestType: 'complaint',
        title,
        content,
        categoryId,
        citizenPhone: phone,
        address: '望江花园',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
  };
  // One unrelated order a week for four weeks: the usual level.
  for (let w = 4; w >= 1; w--) {
    t.clock.set(new Date(Date.parse('2026-03-02T09:30:00+08:00') - w * 7 * 86_400_000).toISOString());
    await create('路灯不亮', '望江路的路灯坏了好几天。', `1390000000${w}`, t.categories.urbanConstruction);
  }
  // Today: six people complain about the same construction noise, one asks about something else.
  t.clock.set('2026-03-02T10:00:00+08:00');
  for (let i = 0; i < 6; i++)
    await create(
      '望江花园旁工地夜间施工噪音扰民',
      `望江花园小区旁边的工地每天夜间施工到凌晨，噪音扰民，严重影响休息。${'请尽快处理'.slice(0, i + 1)}`,
      `1380000000${i}`,
      t.categories.propertyManagement,
    );
  await create('咨询公积金贷款额度', '想了解公积金贷款最高额度是多少。', '13700000000', t.categories.heating);
});
afterAll(() => t.close());

const get = (user: UserKey | null, query = '') =>
  t.as(user, { method: 'GET', url: `/api/analytics/hot-matters${query}` });

describe('GET /api/analytics/hot-matters', () => {
  it('finds the matter many people raise, with its orders, and warns of the rise in its category', async () => {
    const res = await get('leader', '?from=2026-02-24&to=2026-03-02');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ from: '2026-02-24', to: '2026-03-02', truncated: false });
    expect(body.hotspots).toHaveLength(1);
    const [h] = body.hotspots;
    expect(h).toMatchObject({
      rank: 1,
      people: 6,
      orderCount: 6,
      previousPeople: 0,
      growth: 2,
      categoryName: '物业管理',
    });
    expect(h.places).toContain('望江花园');
    expect(h.orders).toHaveLength(6);
    expect(h.heat).toBeGreaterThan(3);
    const warning = body.warnings.find(
      (w: { dimension: string; key: number }) =>
        w.dimension === 'category' && w.key === t.categories.propertyManagement,
    );
    expect(warning).toMatchObject({ day: '2026-03-02', observed: 6, name: '物业管理' });
    expect(warning.message).toContain('物业管理');
    // The steady street-light category gives no warning.
    expect(body.warnings.some((w: { key: number }) => w.key === t.categories.urbanConstruction)).toBe(false);
  });

  it('minPeople filters, and the default period is the last seven days', async () => {
    const res = await get('supervisor', '?minPeople=7');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ from: '2026-02-24', to: '2026-03-02', hotspots: [] });
  });

  it('needs analytics.read', async () => {
    expect((await get('handler')).statusCode).toBe(403);
    expect((await get('centreReviewer')).statusCode).toBe(403);
    expect((await get(null)).statusCode).toBe(401);
    expect((await get('admin')).statusCode).toBe(200);
  });

  it('names the field of bad input', async () => {
    const reversed = await get('leader', '?from=2026-03-05&to=2026-03-01');
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json().error.details.field).toBe('from');
    const long = await get('leader', '?from=2025-01-01&to=2026-03-01');
    expect(long.statusCode).toBe(422);
    expect(long.json().error.details.field).toBe('from');
    const bad = await get('leader', '?from=2026-13-01');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('from');
  });
});
