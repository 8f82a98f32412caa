import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../auth/actor.ts';
import { createTestApp, type TestApp, type UserKey } from '../testing/test-app.ts';
import { countQueues } from './queries.ts';

/** Queue counts: orders per state inside the caller's data scope, capped, with the list's filters. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ at: '2026-03-02T09:00:00+08:00' });
});
afterAll(() => t.close());

async function create(title: string) {
  const res = await t.as('callTaker', {
    method: 'POST',
    url: '/api/orders',
    payload: { channel: 'phone', requestType: 'complaint', title, content: title },
  });
  expect(res.statusCode).toBe(201);
  t.clock.advance(60_000);
  return res.json().id as number;
}

async function step(user: UserKey, id: number, path: string, payload: Record<string, unknown> = {}) {
  const res = await t.as(user, { method: 'POST', url: `/api/orders/${id}/${path}`, payload });
  expect(res.statusCode, res.body).toBe(200);
}

const counts = async (user: UserKey, query: string) => {
  const res = await t.as(user, { method: 'GET', url: `/api/orders/queue-counts?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { counts: Record<string, number>; capped: boolean; cap: number };
};

const ids: Record<string, number> = {};

beforeAll(async () => {
  // Street: 2 waiting for sign, 2 signed (one asking for more time); the other street: 1 waiting.
  for (const name of ['a', 'b', 'c', 'd', 'other', 'pending']) ids[name] = await create(`工单 ${name}`);
  for (const name of ['a', 'b', 'c', 'd']) {
    await step('dispatcher', ids[name] as number, 'dispatch', { leadUnitId: t.units.street });
  }
  await step('dispatcher', ids.other as number, 'dispatch', { leadUnitId: t.units.otherStreet });
  await step('handler', ids.c as number, 'sign');
  await step('handler', ids.d as number, 'sign');
  await step('handler', ids.d as number, 'extension', {
    reason: '需协调多个部门',
    requestedDueAt: '2026-03-20T18:00:00+08:00',
  });
});

describe('GET /api/orders/queue-counts', () => {
  it("counts only the handler's own unit line, per requested state", async () => {
    const mine = await counts('handler', 'states=dispatched,handling,unit_review');
    expect(mine).toEqual({
      counts: { dispatched: 2, handling: 2, unit_review: 0 },
      capped: false,
      cap: 10_000,
    });
    const other = await counts('otherHandler', 'states=dispatched,handling');
    expect(other.counts).toEqual({ dispatched: 1, handling: 0 });
    // A unit below the street sees none of the street's orders.
    expect((await counts('gridWorker', 'states=dispatched')).counts).toEqual({ dispatched: 0 });
  });

  it("counts an order the unit only assists, once, as the unit's list shows it", async () => {
    const assisted = await create('工单 协办');
    await step('dispatcher', assisted, 'dispatch', {
      leadUnitId: t.units.otherStreet,
      assistUnitIds: [t.units.street],
    });
    try {
      expect((await counts('handler', 'states=dispatched')).counts).toEqual({ dispatched: 3 });
      const list = await t.as('handler', { method: 'GET', url: '/api/orders?state=dispatched&limit=100' });
      expect(list.json().items).toHaveLength(3);
      expect((await counts('otherHandler', 'states=dispatched')).counts).toEqual({ dispatched: 2 });
    } finally {
      await step('dispatcher', assisted, 'withdraw', { reason: '测试结束' });
    }
  });

  it('agrees with the list for the centre, which sees the whole city', async () => {
    const all = await counts('dispatcher', 'states=pending_dispatch,dispatched,handling');
    expect(all.counts).toEqual({ pending_dispatch: 1, dispatched: 3, handling: 2 });
    const list = await t.as('dispatcher', { method: 'GET', url: '/api/orders?state=dispatched&limit=100' });
    expect(list.json().items).toHaveLength(3);
  });

  it('applies the list filters: pending extensions and redo (重办)', async () => {
    expect((await counts('handler', 'states=handling&extension=pending')).counts).toEqual({ handling: 1 });
    const queue = await t.as('handler', {
      method: 'GET',
      url: '/api/orders?state=handling&sort=deadline&extension=pending',
    });
    expect(queue.json().items.map((o: { id: number }) => o.id)).toEqual([ids.d]);

    expect((await counts('handler', 'states=handling&redo=true')).counts).toEqual({ handling: 0 });
    // A reply rejected in review comes back to the unit to be redone.
    await step('handler', ids.c as number, 'reply', { content: '已处理完毕', contactedCitizen: true });
    const replied = await t.as('unitReviewer', { method: 'GET', url: `/api/orders/${ids.c}` });
    expect(replied.json().state).toBe('unit_review');
    await step('unitReviewer', ids.c as number, 'review/reject', { reason: '未附现场照片' });
    expect((await counts('handler', 'states=handling&redo=true')).counts).toEqual({ handling: 1 });
    expect((await counts('handler', 'states=handling&redo=false')).counts).toEqual({ handling: 1 });
  });

  it('stops counting at the cap and says so', async () => {
    const res = await countQueues(t.ctx, {
      actor: SYSTEM_ACTOR,
      states: ['dispatched', 'pending_dispatch', 'closed'],
      cap: 1,
    });
    expect(res).toEqual({ counts: { dispatched: 1, pending_dispatch: 1, closed: 0 }, capped: true, cap: 1 });
    const exact = await countQueues(t.ctx, { actor: SYSTEM_ACTOR, states: ['dispatched'], cap: 3 });
    expect(exact).toEqual({ counts: { dispatched: 3 }, capped: false, cap: 3 });
  });

  it('refuses unknown states, an empty list and anonymous callers', async () => {
    for (const query of ['states=dispatched,flying', 'states=', '']) {
      const res = await t.as('handler', { method: 'GET', url: `/api/orders/queue-counts?${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.details.field).toMatch(/^querystring\.states/);
    }
    const anon = await t.as(null, { method: 'GET', url: '/api/orders/queue-counts?states=dispatched' });
    expect(anon.statusCode).toBe(401);
  });
});
