/**
 * Data scope and least privilege (等保 2.0, DOMAIN.md §12): unit staff see only orders of their own
 * unit subtree (404 for the rest, so existence does not leak); each role is refused what it may not do.
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type UserKey } from '../testing/test-app.ts';

let t: TestApp;
/** street: to 滨江街道; assisted: lead 翠微街道, assist 滨江街道; delegated: 滨江街道 → its grid; bureau: 住建局; pending: not dispatched. */
const o = { street: 0, assisted: 0, delegated: 0, bureau: 0, pending: 0 };

async function ok(user: UserKey, opts: InjectOptions) {
  const res = await t.as(user, opts);
  expect(res.statusCode, `${opts.method} ${opts.url}: ${res.body}`).toBeLessThan(300);
  return res.json();
}
const create = async (title: string) =>
  (
    await ok('callTaker', {
      method: 'POST',
      url: '/api/orders',
      payload: {
        channel: 'phone',
        requestType: 'help',
        title,
        content: `${title}，请尽快处理`,
        citizenPhone: '13812345678',
      },
    })
  ).id as number;
const dispatch = (id: number, leadUnitId: number, assistUnitIds: number[] = []) =>
  ok('dispatcher', {
    method: 'POST',
    url: `/api/orders/${id}/dispatch`,
    payload: { leadUnitId, assistUnitIds },
  });

beforeAll(async () => {
  t = await createTestApp();
  o.street = await create('路灯不亮');
  await dispatch(o.street, t.units.street);
  o.assisted = await create('跨街道占道经营');
  await dispatch(o.assisted, t.units.otherStreet, [t.units.street]);
  o.delegated = await create('楼道堆放杂物');
  await dispatch(o.delegated, t.units.street);
  await ok('handler', { method: 'POST', url: `/api/orders/${o.delegated}/sign`, payload: {} });
  await ok('handler', {
    method: 'POST',
    url: `/api/orders/${o.delegated}/delegate`,
    payload: { unitId: t.units.grid },
  });
  o.bureau = await create('小区物业不作为');
  await dispatch(o.bureau, t.units.housingBureau);
  o.pending = await create('咨询办证流程');
});
afterAll(() => t.close());

const listIds = async (user: UserKey) =>
  ((await ok(user, { method: 'GET', url: '/api/orders?limit=100' })).items as { id: number }[])
    .map((x) => x.id)
    .sort((a, b) => a - b);
const sorted = (...ids: number[]) => [...ids].sort((a, b) => a - b);

describe('order list scope', () => {
  it('shows a street handler the orders of its subtree: led, assisted, and delegated down to its grid', async () => {
    expect(await listIds('handler')).toEqual(sorted(o.street, o.assisted, o.delegated));
    expect(await listIds('unitReviewer')).toEqual(sorted(o.street, o.assisted, o.delegated));
  });

  it('shows a grid worker only what was delegated to its grid, not the street’s other orders', async () => {
    expect(await listIds('gridWorker')).toEqual([o.delegated]);
  });

  it('shows the other street only the order it leads, and the bureau only its own', async () => {
    expect(await listIds('otherHandler')).toEqual([o.assisted]);
    expect(await listIds('bureauHandler')).toEqual([o.bureau]);
  });

  it('cannot be widened with a unit filter outside the subtree', async () => {
    const res = await ok('handler', {
      method: 'GET',
      url: `/api/orders?handlingUnitId=${t.units.housingBureau}`,
    });
    expect(res.items).toEqual([]);
  });

  it('shows centre staff every order', async () => {
    const all = Object.values(o);
    for (const user of ['callTaker', 'dispatcher', 'visitor', 'supervisor', 'leader'] as const) {
      expect(await listIds(user), user).toEqual(expect.arrayContaining(all));
    }
  });

  it('refuses a citizen account (403) and an anonymous request (401)', async () => {
    const citizen = await t.as('citizen', { method: 'GET', url: '/api/orders' });
    expect(citizen.statusCode).toBe(403);
    expect(citizen.json().error.code).toBe('FORBIDDEN');
    const anon = await t.as(null, { method: 'GET', url: '/api/orders' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a handler searching by phone number (that needs citizen.unmask)', async () => {
    const res = await t.as('handler', { method: 'GET', url: '/api/orders?citizenPhone=13812345678' });
    expect(res.statusCode).toBe(403);
  });
});

describe('single orders outside the scope answer 404, not 403', () => {
  const VALID_BODIES: Record<string, Record<string, unknown>> = {
    'direct-answer': { answer: '已答复' },
    dispatch: { leadUnitId: 0 },
    reassign: { leadUnitId: 0 },
    sign: {},
    return: { reason: '不属于本单位职责' },
    'return/accept': {},
    'return/reject': { reason: '属于该单位职责' },
    delegate: { unitId: 0 },
    extension: { reason: '需要协调', requestedDueAt: '2026-04-30T09:00:00+08:00' },
    'extension/approve': {},
    'extension/refuse': {},
    deadline: { handleDueAt: '2026-04-30T09:00:00+08:00' },
    reply: { content: '已处理', contactedCitizen: true },
    'review/approve': {},
    'review/reject': { reason: '答复不完整' },
    visit: { method: 'phone', satisfaction: 'satisfied', resolved: true },
    close: { reason: 'unreachable' },
    merge: { intoOrderId: 0 },
    withdraw: { reason: '市民撤回' },
  };
  const bodyFor = (step: string) => {
    const b = { ...VALID_BODIES[step] };
    if ('leadUnitId' in b) b.leadUnitId = t.units.street;
    if ('unitId' in b) b.unitId = t.units.grid;
    if ('intoOrderId' in b) b.intoOrderId = o.pending;
    return b;
  };

  it('covers every step route of the API', async () => {
    const doc = (await t.as(null, { method: 'GET', url: '/openapi.json' })).json();
    const steps = Object.keys(doc.paths)
      .filter((p) => p.startsWith('/api/orders/{id}/') && doc.paths[p].post)
      .map((p) => p.slice('/api/orders/{id}/'.length));
    expect(steps.sort()).toEqual(Object.keys(VALID_BODIES).sort());
  });

  const expect404 = async (user: UserKey, method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await t.as(user, { method, url, ...(payload ? { payload } : {}) });
    expect(res.statusCode, `${user} ${method} ${url}: ${res.body}`).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  };

  it('for reading an order and its timeline from another unit', async () => {
    for (const path of ['', '/timeline']) {
      await expect404('otherHandler', 'GET', `/api/orders/${o.street}${path}`);
      await expect404('bureauHandler', 'GET', `/api/orders/${o.street}${path}`);
      await expect404('gridWorker', 'GET', `/api/orders/${o.street}${path}`);
      await expect404('handler', 'GET', `/api/orders/${o.pending}${path}`);
      await expect404('citizen', 'GET', `/api/orders/${o.street}${path}`);
    }
  });

  it('for every step on an order of another unit, and the order stays as it was', async () => {
    const before = await ok('dispatcher', { method: 'GET', url: `/api/orders/${o.street}` });
    for (const step of Object.keys(VALID_BODIES)) {
      await expect404('otherHandler', 'POST', `/api/orders/${o.street}/${step}`, bodyFor(step));
    }
    const after = await ok('dispatcher', { method: 'GET', url: `/api/orders/${o.street}` });
    expect(after.version).toBe(before.version);
    expect(after.state).toBe('dispatched');
  });

  it('while the units in scope do see them', async () => {
    expect((await ok('handler', { method: 'GET', url: `/api/orders/${o.assisted}` })).id).toBe(o.assisted);
    expect((await ok('handler', { method: 'GET', url: `/api/orders/${o.delegated}` })).handlingUnitId).toBe(
      t.units.grid,
    );
    const timeline = await ok('gridWorker', { method: 'GET', url: `/api/orders/${o.delegated}/timeline` });
    expect(timeline.items.map((e: { action: string }) => e.action)).toEqual([
      'create',
      'dispatch',
      'sign',
      'delegate',
    ]);
  });

  it('an assisting unit sees the order but may not sign it for the lead unit (403)', async () => {
    const res = await t.as('handler', { method: 'POST', url: `/api/orders/${o.assisted}/sign`, payload: {} });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.details).toMatchObject({ reason: 'not_handling_unit' });
  });

  it('answers 401 to anonymous reads', async () => {
    for (const path of ['', '/timeline', '/contact']) {
      const res = await t.as(null, { method: 'GET', url: `/api/orders/${o.street}${path}` });
      expect(res.statusCode, path).toBe(401);
    }
  });

  // orders/routes.ts passes `req.actor as Actor` (null when anonymous) to the step services and
  // act-on-order.ts canSeeOrder then reads `actor.permissions`: a TypeError, answered as 500.
  it('answers 401 to an anonymous step', async () => {
    const res = await t.as(null, { method: 'POST', url: `/api/orders/${o.street}/sign`, payload: {} });
    expect(res.statusCode, res.body).toBe(401);
  });
});

describe('each role’s boundaries', () => {
  const refused: [UserKey, keyof typeof o, string, () => object, string][] = [
    ['handler', 'street', 'dispatch', () => ({ leadUnitId: t.units.grid }), 'order.dispatch'],
    ['handler', 'street', 'reassign', () => ({ leadUnitId: t.units.grid }), 'order.dispatch'],
    ['handler', 'street', 'withdraw', () => ({ reason: '撤销' }), 'order.withdraw'],
    ['dispatcher', 'street', 'sign', () => ({}), 'order.handle'],
    ['dispatcher', 'street', 'reply', () => ({ content: '已处理', contactedCitizen: true }), 'order.handle'],
    ['callTaker', 'pending', 'dispatch', () => ({ leadUnitId: t.units.street }), 'order.dispatch'],
    ['visitor', 'pending', 'dispatch', () => ({ leadUnitId: t.units.street }), 'order.dispatch'],
    ['leader', 'street', 'sign', () => ({}), 'order.handle'],
    ['centreReviewer', 'pending', 'withdraw', () => ({ reason: '撤销' }), 'order.withdraw'],
    ['admin', 'pending', 'direct-answer', () => ({ answer: '答复' }), 'order.direct_answer'],
    ['supervisor', 'pending', 'merge', () => ({ intoOrderId: o.street }), 'order.merge'],
  ];
  it.each(refused)('%s may not act on the %s order: %s → 403', async (user, key, step, body, permission) => {
    const before = await ok('dispatcher', { method: 'GET', url: `/api/orders/${o[key]}` });
    const res = await t.as(user, { method: 'POST', url: `/api/orders/${o[key]}/${step}`, payload: body() });
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'FORBIDDEN', details: { permission } });
    expect((await ok('dispatcher', { method: 'GET', url: `/api/orders/${o[key]}` })).version).toBe(
      before.version,
    );
  });

  it.each(['handler', 'admin', 'supervisor', 'citizen'] as const)(
    '%s may not create orders (403)',
    async (user) => {
      const res = await t.as(user, {
        method: 'POST',
        url: '/api/orders',
        payload: { channel: 'phone', requestType: 'help', title: '标题', content: '内容' },
      });
      expect(res.statusCode).toBe(403);
    },
  );

  it('while the right roles may: the handler signs, the dispatcher dispatches', async () => {
    expect(
      (await ok('handler', { method: 'POST', url: `/api/orders/${o.street}/sign`, payload: {} })).state,
    ).toBe('handling');
    const d = await ok('dispatcher', {
      method: 'POST',
      url: `/api/orders/${o.pending}/dispatch`,
      payload: { leadUnitId: t.units.waterCompany },
    });
    expect(d.state).toBe('dispatched');
  });
});
