import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { scanTimeLimits } from './scanner.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function create(overrides: Record<string, unknown> = {}) {
  const res = await t.as('callTaker', {
    method: 'POST',
    url: '/api/orders',
    payload: {
      channel: 'phone',
      requestType: 'complaint',
      title: '噪音',
      content: '夜间施工噪音扰民',
      ...overrides,
    },
  });
  expect(res.statusCode).toBe(201);
  return res.json().id as number;
}

const warnings = (orderId: number) =>
  t.testDb.db.query<{ clock: string; level: string }>(
    'SELECT clock, level FROM time_limit_warnings WHERE order_id = $1 ORDER BY id',
    [orderId],
  );
const card = async (orderId: number) =>
  (await t.testDb.db.query<{ card: string }>('SELECT card FROM orders WHERE id = $1', [orderId]))[0]?.card;

describe('业务红黄牌 scanner', () => {
  it('turns a handled order yellow, then red, recording each warning once', async () => {
    t.clock.set('2026-03-02T09:30:00+08:00');
    const id = await create();
    await t.as('dispatcher', {
      method: 'POST',
      url: `/api/orders/${id}/dispatch`,
      payload: { leadUnitId: t.units.street },
    });
    await t.as('handler', { method: 'POST', url: `/api/orders/${id}/sign`, payload: {} });
    const [o] = await t.testDb.db.query<{ yellow_at: Date; handle_due_at: Date }>(
      'SELECT yellow_at, handle_due_at FROM orders WHERE id = $1',
      [id],
    );
    if (!o) throw new Error('order missing');

    t.clock.current = new Date(o.yellow_at.getTime() - 60_000);
    await scanTimeLimits(t.ctx);
    expect(await warnings(id)).toEqual([]);

    t.clock.current = new Date(o.yellow_at.getTime() + 60_000);
    await scanTimeLimits(t.ctx);
    await scanTimeLimits(t.ctx);
    expect(await warnings(id)).toEqual([{ clock: 'handle', level: 'yellow' }]);
    expect(await card(id)).toBe('yellow');

    t.clock.current = new Date(o.handle_due_at.getTime() + 60_000);
    await Promise.all([scanTimeLimits(t.ctx), scanTimeLimits(t.ctx), scanTimeLimits(t.ctx)]);
    expect(await warnings(id)).toEqual([
      { clock: 'handle', level: 'yellow' },
      { clock: 'handle', level: 'red' },
    ]);
    expect(await card(id)).toBe('red');

    // Once replied, the handling clock stops: nothing more is recorded and the order leaves the scan.
    await t.as('handler', {
      method: 'POST',
      url: `/api/orders/${id}/reply`,
      payload: { content: '已处理。', contactedCitizen: true },
    });
    const [after] = await t.testDb.db.query<{ next_warning_at: Date | null }>(
      'SELECT next_warning_at FROM orders WHERE id = $1',
      [id],
    );
    expect(after?.next_warning_at).toBeNull();
  });

  it('flags an urgent order not dispatched within 15 minutes, and an unsigned one after the sign limit', async () => {
    t.clock.set('2026-03-03T10:00:00+08:00');
    const urgent = await create({ urgency: 'urgent', title: '燃气泄漏', content: '楼道有浓烈燃气味' });
    const unsigned = await create();
    await t.as('dispatcher', {
      method: 'POST',
      url: `/api/orders/${unsigned}/dispatch`,
      payload: { leadUnitId: t.units.street },
    });
    t.clock.set('2026-03-03T10:14:00+08:00');
    await scanTimeLimits(t.ctx);
    expect(await warnings(urgent)).toEqual([]);
    t.clock.set('2026-03-03T10:16:00+08:00');
    await scanTimeLimits(t.ctx);
    expect(await warnings(urgent)).toEqual([{ clock: 'dispatch', level: 'red' }]);
    // General orders: 2 working hours to sign (10:00 → 12:00).
    expect(await warnings(unsigned)).toEqual([]);
    t.clock.set('2026-03-03T12:01:00+08:00');
    await scanTimeLimits(t.ctx);
    expect(await warnings(unsigned)).toEqual([{ clock: 'sign', level: 'red' }]);
    expect(await card(unsigned)).toBe('red');
  });

  it('an approved extension moves the deadline: the order is no longer red and warns again for the new one', async () => {
    t.clock.set('2026-03-04T09:00:00+08:00');
    const id = await create();
    await t.as('dispatcher', {
      method: 'POST',
      url: `/api/orders/${id}/dispatch`,
      payload: { leadUnitId: t.units.street },
    });
    await t.as('handler', { method: 'POST', url: `/api/orders/${id}/sign`, payload: {} });
    // 80% of the working minutes from Wed 09:00 to Wed 11th 17:30 are used on Tue 10th at 16:06.
    t.clock.set('2026-03-10T17:00:00+08:00');
    await scanTimeLimits(t.ctx);
    expect(await card(id)).toBe('yellow');
    const ext = await t.as('handler', {
      method: 'POST',
      url: `/api/orders/${id}/extension`,
      payload: { reason: '需等待配件', requestedDueAt: '2026-03-31T17:30:00+08:00' },
    });
    expect(ext.statusCode).toBe(200);
    await t.as('dispatcher', { method: 'POST', url: `/api/orders/${id}/extension/approve`, payload: {} });
    expect(await card(id)).toBe('none');
    t.clock.set('2026-04-01T09:00:00+08:00');
    await scanTimeLimits(t.ctx);
    const levels = (await warnings(id)).map((w) => w.level);
    expect(levels).toEqual(['yellow', 'yellow', 'red']);
  });
});
