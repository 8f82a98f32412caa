/** 系统管理 · 时限规则 and 节假日与调休: the month calendar, the draft preview and rule guards. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const iso = (local: string) => new Date(local).toISOString();
type Day = {
  day: string;
  weekday: number;
  isWorkday: boolean;
  national: { kind: string; name: string } | null;
  override: { isWorkday: boolean; note: string } | null;
  label: string;
};
async function month(m: string) {
  const res = await t.as('admin', { method: 'GET', url: `/api/calendar/month?month=${m}` });
  expect(res.statusCode, res.body).toBe(200);
  return new Map((res.json().days as Day[]).map((d) => [d.day, d]));
}
const draft = {
  dispatchLimit: { amount: 2, unit: 'working_hours' },
  signLimit: { amount: 2, unit: 'working_hours' },
  returnLimit: { amount: 1, unit: 'working_days' },
  handleLimit: { amount: 5, unit: 'working_days' },
  yellowShare: 0.8,
};
const preview = (body: object) => t.as('admin', { method: 'POST', url: '/api/sla/preview', payload: body });

describe('GET /api/calendar/month', () => {
  it('shows national holidays, 调休 make-up workdays and weekends of October 2026', async () => {
    const days = await month('2026-10');
    expect(days.size).toBe(31);
    expect(days.get('2026-10-01')).toMatchObject({
      isWorkday: false,
      weekday: 4,
      national: { kind: 'holiday', name: '国庆节' },
      override: null,
      label: '国庆节',
    });
    expect(days.get('2026-10-10')).toMatchObject({
      isWorkday: true,
      weekday: 6,
      national: { kind: 'workday', name: '国庆节调休' },
    });
    expect(days.get('2026-10-17')).toMatchObject({ isWorkday: false, national: null, label: '周末' });
    expect(days.get('2026-10-12')).toMatchObject({ isWorkday: true, national: null, label: '工作日' });
  });

  it('shows a local override with its reason, and drops it when removed', async () => {
    const put = await t.as('admin', {
      method: 'PUT',
      url: '/api/calendar/days/2026-07-15',
      payload: { isWorkday: false, note: '防汛停工' },
    });
    expect(put.statusCode, put.body).toBe(204);
    expect((await month('2026-07')).get('2026-07-15')).toMatchObject({
      isWorkday: false,
      override: { isWorkday: false, note: '防汛停工' },
      label: '防汛停工',
    });
    await t.as('admin', {
      method: 'PUT',
      url: '/api/calendar/days/2026-07-15',
      payload: { isWorkday: null },
    });
    expect((await month('2026-07')).get('2026-07-15')).toMatchObject({ isWorkday: true, override: null });
  });

  it('refuses a malformed month (400) and anonymous callers (401)', async () => {
    const bad = await t.as('admin', { method: 'GET', url: '/api/calendar/month?month=2026-13' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.field).toBe('querystring.month');
    expect((await t.as(null, { method: 'GET', url: '/api/calendar/month?month=2026-10' })).statusCode).toBe(
      401,
    );
  });
});

describe('POST /api/sla/preview (a rule being edited)', () => {
  it('computes the deadlines of the draft and lists the holidays and make-up days they cross', async () => {
    const res = await preview({ ...draft, at: '2026-09-30T10:00:00+08:00' });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    // 1–7 Oct off, Sat 10 Oct worked: day 1 = 8 Oct, 2 = 9 Oct, 3 = 10 Oct, 4 = 12 Oct, 5 = 13 Oct.
    expect(p.handleDueAt).toBe(iso('2026-10-13T17:30:00+08:00'));
    const special = p.specialDays as Day[];
    expect(special.find((d) => d.day === '2026-10-01')?.label).toBe('国庆节');
    expect(special.find((d) => d.day === '2026-10-10')).toMatchObject({
      isWorkday: true,
      label: '国庆节调休',
    });
    expect(special.some((d) => d.day === '2026-10-12')).toBe(false);

    const longer = (
      await preview({
        ...draft,
        handleLimit: { amount: 7, unit: 'working_days' },
        at: '2026-09-30T10:00:00+08:00',
      })
    ).json();
    expect(longer.handleDueAt).toBe(iso('2026-10-15T17:30:00+08:00'));
  });

  it('refuses a zero limit (400 naming the field) and is for rules.manage only', async () => {
    const zero = await preview({
      ...draft,
      handleLimit: { amount: 0, unit: 'working_days' },
      at: '2026-09-30T10:00:00+08:00',
    });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().error.details.field).toBe('body.handleLimit.amount');
    const handler = await t.as('handler', {
      method: 'POST',
      url: '/api/sla/preview',
      payload: { ...draft, at: '2026-09-30T10:00:00+08:00' },
    });
    expect(handler.statusCode).toBe(403);
  });
});

describe('rule guards', () => {
  it('refuses to deactivate the last catch-all rule, so every order keeps a time limit', async () => {
    const rules = (await t.as('admin', { method: 'GET', url: '/api/sla/rules' })).json().items as ({
      id: number;
      requestType: string | null;
      urgency: string | null;
      categoryId: number | null;
      taskForce: string | null;
    } & Record<string, unknown>)[];
    const catchAll = rules.find((r) => !r.requestType && !r.urgency && !r.categoryId && !r.taskForce);
    expect(catchAll).toBeDefined();
    const { id, ...body } = catchAll as NonNullable<typeof catchAll>;
    const res = await t.as('admin', {
      method: 'PUT',
      url: `/api/sla/rules/${id}`,
      payload: { ...body, active: false },
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.details.field).toBe('active');
    const after = (await t.as('admin', { method: 'GET', url: '/api/sla/rules' })).json().items as {
      id: number;
      active: boolean;
    }[];
    expect(after.find((r) => r.id === id)?.active).toBe(true);
    const zero = await t.as('admin', {
      method: 'PUT',
      url: `/api/sla/rules/${id}`,
      payload: { ...body, handleLimit: { amount: 0, unit: 'working_days' } },
    });
    expect(zero.statusCode).toBe(400);
  });
});
