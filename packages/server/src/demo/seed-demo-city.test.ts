import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import type { Context } from '../context.ts';
import { ORDER_STATES } from '../domain/order-lifecycle.ts';
import { UNIT_KINDS } from '../domain/reference.ts';
import { createTestDb, type TestDb } from '../testing/test-db.ts';
import { DEMO_GRID, HANDLER_STREET } from './demo-city-data.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDatabaseEmpty, seedDemoCity } from './seed-demo-city.ts';

const ORDERS = 60;

describe('demo city, seeded at the real now', () => {
  let testDb: TestDb;
  let app: FastifyInstance;
  let ctx: Context;
  let emptyBefore: boolean;
  let result: Awaited<ReturnType<typeof seedDemoCity>>;
  const lines: string[] = [];
  let seededFrom: Date;
  let seededUntil: Date;

  beforeAll(async () => {
    testDb = await createTestDb();
    ({ app, ctx } = await buildApp({ db: testDb.db, logLevel: 'silent' }));
    await app.ready();
    emptyBefore = await isDatabaseEmpty(testDb.db);
    seededFrom = new Date();
    result = await seedDemoCity(ctx, { orders: ORDERS, log: (l) => lines.push(l) });
    seededUntil = new Date();
  });
  afterAll(async () => {
    await app.close();
    await testDb.drop();
  });

  const q = <T>(sql: string, params?: unknown[]) => testDb.db.query<T>(sql, params);

  it('runs on an empty database only, and reports what it created', async () => {
    expect(emptyBefore).toBe(true);
    expect(await isDatabaseEmpty(testDb.db)).toBe(false);
    await expect(seedDemoCity(ctx, { orders: 1 })).rejects.toThrow(/空数据库/);
    const [counts] = await q<{ units: number; categories: number; users: number; orders: number }>(
      `SELECT (SELECT count(*)::int FROM units) AS units, (SELECT count(*)::int FROM categories) AS categories,
         (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM orders) AS orders`,
    );
    expect(counts).toEqual(result);
    expect(result.orders).toBe(ORDERS);
    expect(lines.filter((l) => l.includes('失败'))).toEqual([]);
  });

  it('builds units of every kind, with stable codes, and a category tree three levels deep or more', async () => {
    const kinds = await q<{ kind: string }>('SELECT DISTINCT kind FROM units');
    expect(kinds.map((k) => k.kind).sort()).toEqual([...UNIT_KINDS].sort());
    const [uncoded] = await q<{ n: number }>('SELECT count(*)::int AS n FROM units WHERE code IS NULL');
    expect(uncoded?.n).toBe(0);
    const [departments] = await q<{ n: number }>(
      "SELECT count(*)::int AS n FROM units WHERE kind = 'department'",
    );
    expect(departments?.n).toBeGreaterThanOrEqual(20);
    const [deepest] = await q<{ depth: number }>('SELECT max(depth)::int AS depth FROM categories');
    expect(deepest?.depth).toBeGreaterThanOrEqual(3);
    const [grid] = await q<{ parent: string }>(
      'SELECT p.name AS parent FROM units g JOIN units p ON p.id = g.parent_id WHERE g.name = $1',
      [DEMO_GRID],
    );
    expect(grid?.parent).toBe('望江社区');
  });

  it('lets every demo account sign in with the demo password, with its roles and unit', async () => {
    const units = new Map(
      (await q<{ id: number; name: string }>('SELECT id, name FROM units')).map((u) => [u.id, u.name]),
    );
    for (const account of DEMO_ACCOUNTS) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: account.username, password: DEMO_PASSWORD },
      });
      expect(res.statusCode, `${account.username}: ${res.body}`).toBe(200);
      const me = res.json();
      expect(me.roles).toEqual(account.roles);
      expect(me.unitId === null ? undefined : units.get(me.unitId)).toBe(account.unit);
    }
    const roles = new Set(DEMO_ACCOUNTS.flatMap((a) => a.roles));
    expect(roles.size).toBe(11);
  });

  it('has orders in every state of the lifecycle, closed in every way', async () => {
    const states = await q<{ state: string }>('SELECT DISTINCT state FROM orders');
    expect(states.map((s) => s.state).sort()).toEqual([...ORDER_STATES].sort());
    const kinds = await q<{ close_kind: string }>(
      "SELECT DISTINCT close_kind FROM orders WHERE state = 'closed'",
    );
    expect(kinds.map((k) => k.close_kind)).toEqual(
      expect.arrayContaining(['visited', 'direct_answer', 'unreachable']),
    );
    const [f] = await q<Record<string, number>>(
      `SELECT count(*) FILTER (WHERE urgency = 'urgent')::int AS urgent,
         count(*) FILTER (WHERE urgency = 'difficult')::int AS difficult,
         count(*) FILTER (WHERE redo_count > 0)::int AS redone,
         count(*) FILTER (WHERE extension_count > 0)::int AS extended,
         count(*) FILTER (WHERE final_reply)::int AS final_reply,
         count(*) FILTER (WHERE return_count > 0)::int AS returned,
         count(*) FILTER (WHERE card = 'red')::int AS red,
         count(*) FILTER (WHERE card = 'yellow')::int AS yellow,
         count(DISTINCT channel)::int AS channels,
         count(DISTINCT request_type)::int AS request_types
       FROM orders`,
    );
    for (const key of [
      'urgent',
      'difficult',
      'redone',
      'extended',
      'final_reply',
      'returned',
      'red',
      'yellow',
    ]) {
      expect(f?.[key], key).toBeGreaterThan(0);
    }
    expect(f?.channels).toBeGreaterThanOrEqual(4);
    expect(f?.request_types).toBeGreaterThanOrEqual(4);
    const actions = await q<{ action: string }>('SELECT DISTINCT action FROM order_events');
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'delegate',
        'request_extension',
        'approve_extension',
        'reject_review',
        'merge',
        'withdraw',
      ]),
    );
  });

  it('gives every order a real timeline: it starts with create, is in time order, ends in the order’s state, within the last 30 days', async () => {
    const bad = await q<{ id: number; problem: string }>(
      `SELECT o.id, 'no create first' AS problem FROM orders o
         WHERE NOT EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.seq = 1 AND e.action = 'create')
       UNION ALL
       SELECT o.id, 'create is not the earliest event' FROM orders o JOIN order_events e ON e.order_id = o.id
         WHERE e.created_at < o.created_at
       UNION ALL
       SELECT e.order_id, 'out of order' FROM order_events e JOIN order_events n ON n.order_id = e.order_id AND n.seq = e.seq + 1
         WHERE n.created_at < e.created_at
       UNION ALL
       SELECT o.id, 'last event does not reach the state' FROM orders o
         JOIN order_events e ON e.order_id = o.id AND e.seq = o.version WHERE e.to_state <> o.state
       UNION ALL
       SELECT e.order_id, 'outside the last 30 days' FROM order_events e
         WHERE e.created_at > $1 OR e.created_at < $2`,
      [seededUntil, new Date(seededFrom.getTime() - 30 * 86_400_000)],
    );
    expect(bad).toEqual([]);
    const [spread] = await q<{ days: number }>(
      "SELECT count(DISTINCT (created_at AT TIME ZONE 'Asia/Shanghai')::date)::int AS days FROM orders",
    );
    expect(spread?.days).toBeGreaterThan(10);
  });

  it('puts work in front of the demo handler, grid worker and bureau handler', async () => {
    const rows = await q<{ unit: string; state: string }>(
      `SELECT DISTINCT u.name AS unit, o.state FROM orders o JOIN units u ON u.id = o.handling_unit_id
       WHERE u.name IN ($1, $2, '市住房和城乡建设局')`,
      [HANDLER_STREET, DEMO_GRID],
    );
    const has = (unit: string, state: string) => rows.some((r) => r.unit === unit && r.state === state);
    expect(has(HANDLER_STREET, 'dispatched')).toBe(true);
    expect(has(HANDLER_STREET, 'handling')).toBe(true);
    expect(has(HANDLER_STREET, 'unit_review')).toBe(true);
    expect(has(DEMO_GRID, 'dispatched')).toBe(true);
    expect(has('市住房和城乡建设局', 'handling')).toBe(true);

    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'gridworker', password: DEMO_PASSWORD },
    });
    const cookie = login.headers['set-cookie'];
    const list = await app.inject({
      method: 'GET',
      url: '/api/orders?limit=100',
      headers: { cookie: Array.isArray(cookie) ? cookie.join('; ') : (cookie ?? '') },
    });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.length).toBeGreaterThan(0);
  });
});

describe('demo city, seeded twice at the same moment (after the National Day holiday)', () => {
  it('is the same every time, and every planned step succeeds around holidays', async () => {
    const at = new Date('2026-10-09T10:00:00+08:00');
    const snapshot = async () => {
      const testDb = await createTestDb();
      try {
        const { app, ctx } = await buildApp({ db: testDb.db, logLevel: 'silent', now: () => at });
        const lines: string[] = [];
        await seedDemoCity(ctx, { orders: 40, log: (l) => lines.push(l) });
        await app.close();
        expect(lines.filter((l) => l.includes('失败'))).toEqual([]);
        return await testDb.db.query(
          `SELECT o.number, o.title, o.state, o.card, o.handling_unit_id, o.citizen_phone,
             array_agg(e.action || '@' || e.created_at::text ORDER BY e.seq) AS timeline
           FROM orders o JOIN order_events e ON e.order_id = o.id GROUP BY o.id ORDER BY o.id`,
        );
      } finally {
        await testDb.drop();
      }
    };
    const first = await snapshot();
    expect(first).toHaveLength(40);
    expect(await snapshot()).toEqual(first);
  }, 120_000); // two whole seeds (knowledge, models, roll-up included) on 2 shared cores
});
