import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/** Work queues: one state's orders, most pressing deadline first, paged by keyset. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ at: '2026-03-02T09:00:00+08:00' });
});
afterAll(() => t.close());

async function create(title: string, extra: Record<string, unknown> = {}) {
  const res = await t.as('callTaker', {
    method: 'POST',
    url: '/api/orders',
    payload: { channel: 'phone', requestType: 'complaint', title, content: title, ...extra },
  });
  expect(res.statusCode).toBe(201);
  t.clock.advance(60_000);
  return res.json().id as number;
}

const queue = async (user: 'dispatcher' | 'handler', query: string) => {
  const res = await t.as(user, { method: 'GET', url: `/api/orders?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: { id: number; title: string }[]; nextCursor: string | null };
};

it('the dispatch queue puts an urgent order first, then the oldest; pages never skip or repeat', async () => {
  const ids: number[] = [];
  for (let i = 0; i < 5; i++) ids.push(await create(`一般诉求 ${i}`));
  const urgent = await create('燃气泄漏', { urgency: 'urgent', requestType: 'help' });

  const first = await queue('dispatcher', 'state=pending_dispatch&sort=deadline&limit=4');
  expect(first.items.map((o) => o.id)).toEqual([urgent, ids[0], ids[1], ids[2]]);
  expect(first.nextCursor).not.toBeNull();
  const second = await queue(
    'dispatcher',
    `state=pending_dispatch&sort=deadline&limit=4&cursor=${first.nextCursor}`,
  );
  expect(second.items.map((o) => o.id)).toEqual([ids[3], ids[4]]);
  expect(second.nextCursor).toBeNull();

  const newest = await queue('dispatcher', 'state=pending_dispatch&limit=2');
  expect(newest.items.map((o) => o.id)).toEqual([urgent, ids[4]]);
});

it("a handler's queue holds only the unit's orders, by handling deadline", async () => {
  const consultation = await create('咨询', { requestType: 'consultation' });
  const complaint = await create('投诉');
  const elsewhere = await create('别处的投诉');
  for (const [id, unit] of [
    [complaint, t.units.street],
    [consultation, t.units.street],
    [elsewhere, t.units.otherStreet],
  ] as const) {
    await t.as('dispatcher', {
      method: 'POST',
      url: `/api/orders/${id}/dispatch`,
      payload: { leadUnitId: unit },
    });
  }
  for (const id of [complaint, consultation]) {
    await t.as('handler', { method: 'POST', url: `/api/orders/${id}/sign`, payload: {} });
  }
  const mine = await queue('handler', 'state=handling&sort=deadline');
  // A consultation is due in 2 working days, a complaint in 5: the consultation comes first.
  expect(mine.items.map((o) => o.id)).toEqual([consultation, complaint]);
});

it('sorting by deadline needs a state that has one', async () => {
  for (const query of ['sort=deadline', 'sort=deadline&state=closed']) {
    const res = await t.as('dispatcher', { method: 'GET', url: `/api/orders?${query}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.field).toBe('querystring.state');
  }
});
