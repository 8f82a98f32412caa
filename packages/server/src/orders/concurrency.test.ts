import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/**
 * Two people acting on one order at once: exactly one wins and the other is told. On PostgreSQL the
 * requests really run in parallel over the connection pool; on PGlite transactions queue.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const payload = {
  channel: 'phone',
  requestType: 'help',
  title: '路灯不亮',
  content: '望江路与滨江路交叉口路灯已坏三天。',
};

async function dispatchedOrder() {
  const created = (await t.as('callTaker', { method: 'POST', url: '/api/orders', payload })).json();
  const res = await t.as('dispatcher', {
    method: 'POST',
    url: `/api/orders/${created.id}/dispatch`,
    payload: { leadUnitId: t.units.street },
  });
  expect(res.statusCode).toBe(200);
  return created.id as number;
}

it('20 concurrent sign attempts: one succeeds, 19 get 409, and the timeline has one sign event', async () => {
  const id = await dispatchedOrder();
  const results = await Promise.all(
    Array.from({ length: 20 }, () =>
      t.as('handler', { method: 'POST', url: `/api/orders/${id}/sign`, payload: {} }),
    ),
  );
  const codes = results.map((r) => r.statusCode);
  expect(codes.filter((c) => c === 200)).toHaveLength(1);
  expect(codes.filter((c) => c === 409)).toHaveLength(19);
  for (const r of results.filter((x) => x.statusCode === 409)) {
    expect(r.json().error).toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { state: 'handling', action: 'sign' },
    });
  }
  const events = await t.testDb.db.query<{ action: string }>(
    'SELECT action FROM order_events WHERE order_id = $1',
    [id],
  );
  expect(events.filter((e) => e.action === 'sign')).toHaveLength(1);
  const [order] = await t.testDb.db.query<{ version: number }>('SELECT version FROM orders WHERE id = $1', [
    id,
  ]);
  expect(order?.version).toBe(3);
});

it('dispatch racing withdraw: the steps serialise, never interleave', async () => {
  const created = (await t.as('callTaker', { method: 'POST', url: '/api/orders', payload })).json();
  const [dispatch, withdraw] = await Promise.all([
    t.as('dispatcher', {
      method: 'POST',
      url: `/api/orders/${created.id}/dispatch`,
      payload: { leadUnitId: t.units.street },
    }),
    t.as('callTaker', {
      method: 'POST',
      url: `/api/orders/${created.id}/withdraw`,
      payload: { reason: '市民撤回' },
    }),
  ]);
  const events = await t.testDb.db.query<{ action: string }>(
    'SELECT action FROM order_events WHERE order_id = $1 ORDER BY seq',
    [created.id],
  );
  // Withdraw always wins (an open order can be withdrawn at any state); dispatch either came first
  // or was refused with 409 because the order was already withdrawn.
  expect(withdraw?.statusCode).toBe(200);
  if (dispatch?.statusCode === 200)
    expect(events.map((e) => e.action)).toEqual(['create', 'dispatch', 'withdraw']);
  else {
    expect(dispatch?.statusCode).toBe(409);
    expect(dispatch?.json().error.details.state).toBe('withdrawn');
    expect(events.map((e) => e.action)).toEqual(['create', 'withdraw']);
  }
});

it('20 concurrent submissions with one Idempotency-Key create one order', async () => {
  const before = await t.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders');
  const results = await Promise.all(
    Array.from({ length: 20 }, () =>
      t.as('callTaker', {
        method: 'POST',
        url: '/api/orders',
        headers: { 'idempotency-key': 'wechat-msg-8812' },
        payload,
      }),
    ),
  );
  const ids = new Set(results.map((r) => r.json().id));
  expect(ids.size).toBe(1);
  expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
  expect(results.filter((r) => r.statusCode === 200)).toHaveLength(19);
  const after = await t.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders');
  expect((after[0]?.n ?? 0) - (before[0]?.n ?? 0)).toBe(1);

  const reused = await t.as('callTaker', {
    method: 'POST',
    url: '/api/orders',
    headers: { 'idempotency-key': 'wechat-msg-8812' },
    payload: { ...payload, title: '另一件事' },
  });
  expect(reused.statusCode).toBe(422);
  expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
});
