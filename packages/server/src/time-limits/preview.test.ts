import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/** GET /api/sla/preview: what admins use to check the rules against the national calendar. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const iso = (local: string) => new Date(local).toISOString();

async function preview(query: string) {
  const res = await t.as('admin', { method: 'GET', url: `/api/sla/preview?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('deadlines across holidays and 调休 make-up days', () => {
  it.each([
    // 2026 Spring Festival: Fri 13 Feb not counted; Sat 14 Feb is a make-up workday; 15–23 Feb off.
    ['complaint', '2026-02-13T10:00:00+08:00', '2026-02-27T17:30:00+08:00'],
    // 2025 Spring Festival: make-up Sun 26 Jan counts; 28 Jan – 4 Feb off.
    ['complaint', '2025-01-24T10:00:00+08:00', '2025-02-07T17:30:00+08:00'],
    // 2025 National Day and Mid-autumn: 1–8 Oct off.
    ['consultation', '2025-09-30T15:00:00+08:00', '2025-10-10T17:30:00+08:00'],
    // 2026 National Day: 1–7 Oct off.
    ['consultation', '2026-09-30T10:00:00+08:00', '2026-10-09T17:30:00+08:00'],
    // Sat 10 Oct 2026 is a make-up workday and counts as the first day.
    ['suggestion', '2026-10-09T10:00:00+08:00', '2026-10-12T17:30:00+08:00'],
    // Arrival on a Sunday: Monday is day one.
    ['help', '2026-03-01T20:00:00+08:00', '2026-03-06T17:30:00+08:00'],
  ])('%s at %s is due %s', async (type, at, due) => {
    const p = await preview(`type=${type}&at=${encodeURIComponent(at)}`);
    expect(p.handleDueAt).toBe(iso(due));
    expect(new Date(p.yellowAt).getTime()).toBeLessThan(new Date(p.handleDueAt).getTime());
  });

  it('sign and dispatch limits count working hours, across a weekend into a make-up Saturday', async () => {
    const p = await preview(`type=complaint&at=${encodeURIComponent('2026-02-13T17:00:00+08:00')}`);
    expect(p.signDueAt).toBe(iso('2026-02-14T10:30:00+08:00'));
    expect(p.dispatchDueAt).toBe(iso('2026-02-14T10:30:00+08:00'));
    expect(p.returnDueAt).toBe(iso('2026-02-14T17:30:00+08:00'));
    expect(p.rule.name).toBe('一般诉求');
  });

  it('urgent limits run on the clock, holidays included', async () => {
    const p = await preview(`type=help&urgency=urgent&at=${encodeURIComponent('2026-02-16T10:00:00+08:00')}`);
    expect(p.dispatchDueAt).toBe(iso('2026-02-16T10:15:00+08:00'));
    expect(p.signDueAt).toBe(iso('2026-02-16T10:15:00+08:00'));
    expect(p.handleDueAt).toBe(iso('2026-02-17T10:00:00+08:00'));
  });
});

describe('rules admins edit', () => {
  it('a winter heating task force (当日办结) applies to its category only within its dates', async () => {
    const created = await t.as('admin', {
      method: 'POST',
      url: '/api/sla/rules',
      payload: {
        name: '冬季供暖专班',
        categoryId: t.categories.heating,
        taskForce: '冬季供暖专班',
        validFrom: '2026-11-15',
        validTo: '2027-03-15',
        dispatchLimit: { amount: 30, unit: 'minutes' },
        signLimit: { amount: 30, unit: 'minutes' },
        returnLimit: { amount: 2, unit: 'hours' },
        handleLimit: { amount: 1, unit: 'same_day' },
        yellowShare: 0.5,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const inSeason = await preview(
      `type=complaint&category=${t.categories.heating}&at=${encodeURIComponent('2026-12-05T09:00:00+08:00')}`,
    );
    expect(inSeason.rule.name).toBe('冬季供暖专班');
    expect(inSeason.handleDueAt).toBe(iso('2026-12-05T23:59:59.999+08:00'));
    const offSeason = await preview(
      `type=complaint&category=${t.categories.heating}&at=${encodeURIComponent('2026-06-05T09:00:00+08:00')}`,
    );
    expect(offSeason.rule.name).toBe('一般诉求');
    const otherCategory = await preview(
      `type=complaint&category=${t.categories.propertyManagement}&at=${encodeURIComponent('2026-12-05T09:00:00+08:00')}`,
    );
    expect(otherCategory.rule.name).toBe('一般诉求');
  });

  it('a local day off moves deadlines; removing it restores the national calendar', async () => {
    const at = encodeURIComponent('2026-03-02T10:00:00+08:00');
    expect((await preview(`type=consultation&at=${at}`)).handleDueAt).toBe(iso('2026-03-04T17:30:00+08:00'));
    const off = await t.as('admin', {
      method: 'PUT',
      url: '/api/calendar/days/2026-03-03',
      payload: { isWorkday: false, note: '台风停工' },
    });
    expect(off.statusCode).toBe(204);
    expect((await preview(`type=consultation&at=${at}`)).handleDueAt).toBe(iso('2026-03-05T17:30:00+08:00'));
    await t.as('admin', {
      method: 'PUT',
      url: '/api/calendar/days/2026-03-03',
      payload: { isWorkday: null },
    });
    expect((await preview(`type=consultation&at=${at}`)).handleDueAt).toBe(iso('2026-03-04T17:30:00+08:00'));
  });

  it('refuses bad rules and non-admins', async () => {
    const noDates = await t.as('admin', {
      method: 'POST',
      url: '/api/sla/rules',
      payload: {
        name: '无日期专班',
        taskForce: 'x',
        dispatchLimit: { amount: 1, unit: 'hours' },
        signLimit: { amount: 1, unit: 'hours' },
        returnLimit: { amount: 1, unit: 'hours' },
        handleLimit: { amount: 1, unit: 'hours' },
        yellowShare: 0.8,
      },
    });
    expect(noDates.statusCode).toBe(422);
    expect(noDates.json().error.details.field).toBe('validFrom');
    const badUnit = await t.as('admin', {
      method: 'POST',
      url: '/api/sla/rules',
      payload: { name: 'x', dispatchLimit: { amount: 1, unit: 'weeks' } },
    });
    expect(badUnit.statusCode).toBe(400);
    const handler = await t.as('handler', {
      method: 'PUT',
      url: '/api/calendar/days/2026-03-03',
      payload: { isWorkday: false },
    });
    expect(handler.statusCode).toBe(403);
  });
});
