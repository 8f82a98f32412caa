import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTER_NAMES, type MeasureCounters } from '../domain/measures.ts';
import { createTestApp, type TestApp, type UserKey } from '../testing/test-app.ts';
import { foldAll, foldPending, rebuildRollup } from './rollup.ts';

let t: TestApp;
beforeAll(async () => {
  // No reply review: a reply goes straight to the visit, which keeps the cases short.
  t = await createTestApp({ policy: { reviewLevels: [] } });
});
afterAll(() => t.close());

type Step = [at: string, user: UserKey, path: string, payload?: Record<string, unknown>];

/** Hand-made order histories and what each adds to the month's city-wide counters. */
interface Case {
  name: string;
  steps: (units: TestApp['units']) => Step[];
  adds: Partial<MeasureCounters>;
}

const reply = { content: '已现场处理完毕', contactedCitizen: true };
const CASES: Case[] = [
  {
    name: 'signed and replied in time, satisfied',
    steps: (u) => [
      ['2026-03-02T09:40:00+08:00', 'dispatcher', 'dispatch', { leadUnitId: u.street }],
      ['2026-03-02T10:00:00+08:00', 'handler', 'sign'],
      ['2026-03-04T10:00:00+08:00', 'handler', 'reply', reply],
      [
        '2026-03-05T10:00:00+08:00',
        'visitor',
        'visit',
        { method: 'phone', satisfaction: 'satisfied', resolved: true },
      ],
    ],
    adds: {
      received: 1,
      dispatched: 1,
      signed: 1,
      signedInTime: 1,
      closed: 1,
      closedOnTime: 1,
      visited: 1,
      satisfied: 1,
      resolved: 1,
      dueClosed: 1,
    },
  },
  {
    name: 'signed late (limit 2 working hours) and replied after the deadline',
    steps: (u) => [
      ['2026-03-02T09:40:00+08:00', 'dispatcher', 'dispatch', { leadUnitId: u.street }],
      ['2026-03-03T10:00:00+08:00', 'handler', 'sign'],
      ['2026-03-11T10:00:00+08:00', 'handler', 'reply', reply],
      [
        '2026-03-12T10:00:00+08:00',
        'visitor',
        'visit',
        { method: 'phone', satisfaction: 'basically_satisfied', resolved: true },
      ],
    ],
    adds: {
      received: 1,
      dispatched: 1,
      signed: 1,
      closed: 1,
      visited: 1,
      basicallySatisfied: 1,
      resolved: 1,
      dueClosed: 1,
      dueClosedLate: 1,
    },
  },
  {
    name: 'approved extension moves the deadline: a reply after the first deadline is on time',
    steps: (u) => [
      ['2026-03-02T09:40:00+08:00', 'dispatcher', 'dispatch', { leadUnitId: u.street }],
      ['2026-03-02T10:00:00+08:00', 'handler', 'sign'],
      [
        '2026-03-05T10:00:00+08:00',
        'handler',
        'extension',
        { reason: '需协调产权单位', requestedDueAt: '2026-03-20T17:30:00+08:00' },
      ],
      ['2026-03-05T11:00:00+08:00', 'dispatcher', 'extension/approve'],
      ['2026-03-13T10:00:00+08:00', 'handler', 'reply', reply],
      [
        '2026-03-16T10:00:00+08:00',
        'visitor',
        'visit',
        { method: 'phone', satisfaction: 'satisfied', resolved: true },
      ],
    ],
    adds: {
      received: 1,
      dispatched: 1,
      signed: 1,
      signedInTime: 1,
      closed: 1,
      closedOnTime: 1,
      visited: 1,
      satisfied: 1,
      resolved: 1,
      dueClosed: 1,
    },
  },
  {
    name: 'redone once (差评重办): two dispatches and visits, closed and redone once',
    steps: (u) => [
      ['2026-03-02T09:40:00+08:00', 'dispatcher', 'dispatch', { leadUnitId: u.street }],
      ['2026-03-02T10:00:00+08:00', 'handler', 'sign'],
      ['2026-03-03T10:00:00+08:00', 'handler', 'reply', reply],
      [
        '2026-03-04T10:00:00+08:00',
        'visitor',
        'visit',
        { method: 'phone', satisfaction: 'dissatisfied', resolved: false },
      ],
      ['2026-03-04T11:00:00+08:00', 'handler', 'sign'],
      ['2026-03-06T10:00:00+08:00', 'handler', 'reply', reply],
      [
        '2026-03-09T10:00:00+08:00',
        'visitor',
        'visit',
        { method: 'phone', satisfaction: 'satisfied', resolved: true },
      ],
    ],
    adds: {
      received: 1,
      dispatched: 2,
      signed: 2,
      signedInTime: 2,
      closed: 1,
      closedOnTime: 1,
      closedRedone: 1,
      visited: 2,
      satisfied: 1,
      dissatisfied: 1,
      resolved: 1,
      dueClosed: 1,
    },
  },
  {
    name: 'answered directly at intake',
    steps: () => [['2026-03-02T09:35:00+08:00', 'callTaker', 'direct-answer', { answer: '按政策办理。' }]],
    adds: { received: 1, directAnswered: 1 },
  },
  {
    name: 'returned, re-dispatched to another unit, closed without a visit',
    steps: (u) => [
      ['2026-03-02T09:40:00+08:00', 'dispatcher', 'dispatch', { leadUnitId: u.street }],
      ['2026-03-02T10:00:00+08:00', 'handler', 'return', { reason: '属住建局职责' }],
      ['2026-03-02T11:00:00+08:00', 'dispatcher', 'return/accept'],
      ['2026-03-02T11:10:00+08:00', 'dispatcher', 'dispatch', { leadUnitId: u.housingBureau }],
      ['2026-03-02T11:20:00+08:00', 'bureauHandler', 'sign'],
      ['2026-03-03T10:00:00+08:00', 'bureauHandler', 'reply', reply],
      ['2026-03-04T10:00:00+08:00', 'visitor', 'close', { reason: 'unreachable' }],
    ],
    adds: {
      received: 1,
      dispatched: 2,
      returned: 1,
      signed: 1,
      signedInTime: 1,
      closed: 1,
      closedOnTime: 1,
      dueClosed: 1,
    },
  },
  {
    name: 'withdrawn after dispatch: dispatched, never closed nor due',
    steps: (u) => [
      ['2026-03-02T09:40:00+08:00', 'dispatcher', 'dispatch', { leadUnitId: u.street }],
      ['2026-03-02T09:50:00+08:00', 'dispatcher', 'withdraw', { reason: '市民撤回' }],
    ],
    adds: { received: 1, dispatched: 1 },
  },
  {
    name: 'still open past its deadline (read live): due and overdue',
    steps: (u) => [
      ['2026-03-02T09:40:00+08:00', 'dispatcher', 'dispatch', { leadUnitId: u.street }],
      ['2026-03-02T10:00:00+08:00', 'handler', 'sign'],
    ],
    adds: { received: 1, dispatched: 1, signed: 1, signedInTime: 1, dueOpen: 1, dueOpenOverdue: 1 },
  },
];

const NOW_AFTER = '2026-03-25T10:00:00+08:00';

async function runCase(c: Case) {
  t.clock.set('2026-03-02T09:30:00+08:00');
  const created = await t.as('callTaker', {
    method: 'POST',
    url: '/api/orders',
    payload: {
      channel: 'phone',
      requestType: 'complaint',
      title: '噪音',
      content: '夜间施工噪音扰民',
      categoryId: t.categories.heating,
    },
  });
  expect(created.statusCode).toBe(201);
  const id = created.json().id as number;
  for (const [at, user, path, payload] of c.steps(t.units)) {
    t.clock.set(at);
    const res = await t.as(user, {
      method: 'POST',
      url: `/api/orders/${id}/${path}`,
      payload: payload ?? {},
    });
    expect(res.statusCode, `${c.name}: ${path} ${res.body}`).toBe(200);
  }
  return id;
}

async function measures(query: string, user: UserKey = 'leader') {
  t.clock.set(NOW_AFTER);
  const res = await t.as(user, { method: 'GET', url: `/api/analytics/measures?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    items: {
      key: string;
      name: string;
      counters: MeasureCounters;
      measures: Record<string, number | null>;
    }[];
  };
}
const cityCounters = async () => (await measures('month=2026-03&by=all')).items[0]?.counters;

describe('analytics roll-up counts each hand-made history exactly', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const before = await cityCounters();
      await runCase(c);
      const after = await cityCounters();
      if (!before || !after) throw new Error('no counters');
      const delta = Object.fromEntries(COUNTER_NAMES.map((n) => [n, after[n] - before[n]]));
      const expected = Object.fromEntries(COUNTER_NAMES.map((n) => [n, c.adds[n] ?? 0]));
      expect(delta).toEqual(expected);
    });
  }

  it('gives the measures of all cases, per unit, per unit subtree and per category', async () => {
    const city = (await measures('month=2026-03&by=all')).items[0];
    expect(city?.measures).toMatchObject({
      responseRate: 6 / 9, // signed in time / dispatches
      completionRate: 5 / 6, // closed due orders / (closed + open due)
      onTimeRate: 4 / 5,
      resolutionRate: 4 / 5,
      satisfactionRate: 4 / 5,
      redoRate: 1 / 5,
      directAnswerRate: 1 / 8,
      returnRate: 1 / 9,
      overdueCount: 2,
    });
    const units = await measures('month=2026-03&by=unit');
    const street = units.items.find((r) => r.key === String(t.units.street));
    const bureau = units.items.find((r) => r.key === String(t.units.housingBureau));
    expect(street?.counters).toMatchObject({ dispatched: 8, returned: 1, closed: 4 });
    expect(bureau?.counters).toMatchObject({ dispatched: 1, signed: 1, closed: 1 });
    const subtree = await measures('month=2026-03&by=unit&subtree=true');
    const district = subtree.items.find((r) => r.key === String(t.units.district));
    expect(district?.counters).toEqual(street?.counters);
    const cats = await measures('month=2026-03&by=category&subtree=true');
    expect(cats.items.find((r) => r.key === String(t.categories.urbanConstruction))?.counters.received).toBe(
      8,
    );
    // The next month has nothing yet: rates are null, never 0% or 100%.
    const april = (await measures('month=2026-04&by=all')).items[0];
    expect(april?.measures.responseRate).toBeNull();
  });

  it('rebuilding from the whole timeline gives the same roll-up', async () => {
    const dump = () => t.testDb.db.query('SELECT * FROM analytics_daily ORDER BY dim, day, key');
    await foldAll(t.ctx.db);
    const before = await dump();
    expect(before.length).toBeGreaterThan(0);
    await rebuildRollup(t.ctx.db);
    expect(await dump()).toEqual(before);

    // Several folders at once (separate connections on PostgreSQL), in small batches: same result.
    await t.testDb.db.transaction(async (tx) => {
      await tx.query('DELETE FROM analytics_daily');
      await tx.query('INSERT INTO analytics_pending (event_id) SELECT id FROM order_events');
    });
    const folder = async () => {
      let folded = 0;
      for (;;) {
        const r = await foldPending(t.ctx.db, 7);
        folded += r.events;
        const [q] = await t.testDb.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM analytics_pending',
        );
        if (q?.n === 0) return folded;
      }
    };
    const counts = await Promise.all([folder(), folder(), folder()]);
    const [events] = await t.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM order_events');
    expect(counts.reduce((a, b) => a + b, 0)).toBe(events?.n);
    expect(await dump()).toEqual(before);
  });

  it('lists the overdue open order and sends other requests to the right place', async () => {
    t.clock.set(NOW_AFTER);
    const overdue = await t.as('supervisor', { method: 'GET', url: '/api/analytics/overdue?limit=5' });
    expect(overdue.statusCode).toBe(200);
    expect(overdue.json().items).toHaveLength(1);
    expect(overdue.json().items[0].leadUnitName).toBe('滨江街道');
    expect((await t.as('handler', { method: 'GET', url: '/api/analytics/overdue' })).statusCode).toBe(403);
    expect((await t.as(null, { method: 'GET', url: '/api/analytics/measures' })).statusCode).toBe(401);
    const bad = await t.as('leader', {
      method: 'GET',
      url: '/api/analytics/measures?from=2026-03-10&to=2026-03-01',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.field).toBe('querystring.to');
    const badMonth = await t.as('leader', { method: 'GET', url: '/api/analytics/assessment?month=2026-13' });
    expect(badMonth.statusCode).toBe(400);
    expect(badMonth.json().error.message).toContain('month');
  });

  it('trend has last year beside this year; mix and hotspots count the month', async () => {
    t.clock.set(NOW_AFTER);
    const trend = await t.as('leader', {
      method: 'GET',
      url: '/api/analytics/trend?month=2026-03&granularity=week',
    });
    expect(trend.statusCode).toBe(200);
    const weeks = trend.json().items as { bucket: string; received: number; receivedLastYear: number }[];
    expect(weeks[0]?.bucket).toBe('2026-02-23');
    expect(weeks.reduce((s, w) => s + w.received, 0)).toBe(8);
    expect(weeks.every((w) => w.receivedLastYear === 0)).toBe(true);
    const mix = await t.as('leader', { method: 'GET', url: '/api/analytics/mix?month=2026-03' });
    expect(mix.json().byType).toEqual([{ key: 'complaint', name: '投诉', received: 8 }]);
    expect(mix.json().byCategory[0]).toMatchObject({ name: '城乡建设', received: 8 });
    const hot = await t.as('leader', {
      method: 'GET',
      url: '/api/analytics/hotspots?month=2026-03&level=district',
    });
    expect(hot.statusCode).toBe(200);
  });
});

describe('月度考核', () => {
  it('scores, ranks and cards units with the default weights 30/35/35', async () => {
    t.clock.set(NOW_AFTER);
    const res = await t.as('leader', { method: 'GET', url: '/api/analytics/assessment?month=2026-03' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.settings.weights).toEqual({ response: 30, resolution: 35, satisfaction: 35 });
    const street = body.items.find((r: { unitId: number }) => r.unitId === t.units.street);
    // response 5/8, resolution 4/5, satisfaction 4/5
    expect(street.score).toBeCloseTo(30 * (5 / 8) + 35 * (4 / 5) + 35 * (4 / 5), 2);
    expect(street.rank).toBe(1);
    expect(street.card).toBe('none'); // fewer than 10 dispatches: not carded
  });

  it('lets an admin change weights and thresholds; others may not; bad input names the field', async () => {
    const settings = {
      weights: { response: 50, resolution: 25, satisfaction: 25 },
      yellow: { response: 0.98, satisfaction: 0.9 },
      red: { response: 0.9, satisfaction: 0.8 },
      minDispatched: 1,
    };
    expect(
      (await t.as('leader', { method: 'PUT', url: '/api/analytics/settings', payload: settings })).statusCode,
    ).toBe(403);
    const bad = await t.as('admin', {
      method: 'PUT',
      url: '/api/analytics/settings',
      payload: { ...settings, red: { response: 0.99, satisfaction: 0.8 } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.field).toBe('body.red.response');
    expect(
      (await t.as('admin', { method: 'PUT', url: '/api/analytics/settings', payload: settings })).statusCode,
    ).toBe(200);
    const res = await t.as('leader', { method: 'GET', url: '/api/analytics/assessment?month=2026-03' });
    const street = res.json().items.find((r: { unitId: number }) => r.unitId === t.units.street);
    expect(street.score).toBeCloseTo(50 * (5 / 8) + 25 * (4 / 5) + 25 * (4 / 5), 2);
    expect(street.card).toBe('red'); // response 62.5% < 90%
  });

  it('exports the month as an Excel table with Chinese headers', async () => {
    const res = await t.as('leader', { method: 'GET', url: '/api/analytics/assessment.xlsx?month=2026-03' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('街道（乡镇）');
    expect(sheet?.getRow(3).values).toContain('响应率');
    expect(sheet?.getRow(4).getCell(2).value).toBe('滨江街道');
    expect(sheet?.getRow(4).getCell(4).value).toBe('红牌');
  });
});
