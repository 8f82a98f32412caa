import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type UserKey } from '../testing/test-app.ts';
import { scanSupervision } from './engine.ts';
import { orderDriver } from './testing.ts';

let t: TestApp;
let d: ReturnType<typeof orderDriver>;
let streetCase: number;
let otherCase: number;
beforeAll(async () => {
  t = await createTestApp();
  d = orderDriver(t);
  await t.testDb.db.query(`UPDATE supervision_rules SET enabled = (cause = 'overdue')`);
  const street = await d.handling({ title: '路面塌陷' });
  const other = await d.handling({ title: '井盖缺失' }, t.units.otherStreet);
  const { handle_due_at } = await d.dueOf(street);
  t.clock.current = new Date(handle_due_at.getTime() + 3_600_000);
  await scanSupervision(t.ctx);
  streetCase = (await d.casesOf('overdue', `order:${street}`))[0]?.id ?? 0;
  otherCase = (await d.casesOf('overdue', `order:${other}`))[0]?.id ?? 0;
  expect(streetCase).toBeGreaterThan(0);
  expect(otherCase).toBeGreaterThan(0);
});
afterAll(() => t.close());

const get = (user: UserKey | null, url: string) => t.as(user, { method: 'GET', url });
const post = (user: UserKey | null, url: string, payload: Record<string, unknown> = {}) =>
  t.as(user, { method: 'POST', url, payload });
const audits = (action: string) =>
  t.testDb.db.query<{ target_id: string }>('SELECT target_id FROM audit_log WHERE action = $1', [action]);

describe('督办 API', () => {
  it('lists cases with filters, keyset-paged, and shows detail with history', async () => {
    const all = await get('supervisor', '/api/supervision/cases?limit=1');
    expect(all.statusCode, all.body).toBe(200);
    const first = all.json();
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toBeTruthy();
    const second = (
      await get('supervisor', `/api/supervision/cases?limit=1&cursor=${first.nextCursor}`)
    ).json();
    expect(second.items).toHaveLength(1);
    expect(second.items[0].id).not.toBe(first.items[0].id);
    expect(second.nextCursor).toBeNull();

    const byUnit = (await get('supervisor', `/api/supervision/cases?unitId=${t.units.otherStreet}`)).json();
    expect(byUnit.items.map((c: { id: number }) => c.id)).toEqual([otherCase]);
    expect(
      (await get('leader', '/api/supervision/cases?cause=overdue,redispatched&level=key')).json().items,
    ).toHaveLength(2);
    expect((await get('leader', '/api/supervision/cases?level=escalated')).json().items).toHaveLength(0);
    const active = (await get('supervisor', '/api/supervision/cases?active=true&limit=1')).json();
    const rest = (
      await get('supervisor', `/api/supervision/cases?active=true&limit=1&cursor=${active.nextCursor}`)
    ).json();
    expect(active.items[0].dueAt <= rest.items[0].dueAt).toBe(true);
    expect(rest.nextCursor).toBeNull();
    const bad = await get('supervisor', '/api/supervision/cases?cause=nonsense');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('cause');

    const detail = (await get('supervisor', `/api/supervision/cases/${streetCase}`)).json();
    expect(detail).toMatchObject({
      cause: 'overdue',
      causeLabel: '超期未办结',
      level: 'key',
      levelLabel: '重点督办',
      status: 'open',
      unitName: '滨江街道',
    });
    expect(detail.events).toMatchObject([{ action: 'open', actionLabel: '立案', actorName: '督办引擎' }]);
    expect(detail.orders).toHaveLength(1);
  });

  it('escalates with a reason, level by level, never down, the deadline only shortening', async () => {
    const before = (await get('supervisor', `/api/supervision/cases/${streetCase}`)).json();
    const noReason = await post('supervisor', `/api/supervision/cases/${streetCase}/escalate`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('reason');
    const up = await post('supervisor', `/api/supervision/cases/${streetCase}/escalate`, {
      reason: '超期未响应',
    });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json()).toMatchObject({ level: 'task_force', status: 'escalated' });
    expect(new Date(up.json().dueAt).getTime()).toBeLessThanOrEqual(new Date(before.dueAt).getTime());
    const down = await post('supervisor', `/api/supervision/cases/${streetCase}/escalate`, {
      level: 'key',
      reason: '降级',
    });
    expect(down.statusCode).toBe(422);
    expect(down.json().error.details.field).toBe('level');
    const top = await post('supervisor', `/api/supervision/cases/${streetCase}/escalate`, {
      level: 'escalated',
      reason: '提请市领导督办',
    });
    expect(top.json()).toMatchObject({ level: 'escalated', levelLabel: '提级督办' });
    const beyond = await post('supervisor', `/api/supervision/cases/${streetCase}/escalate`, {
      reason: '再升',
    });
    expect(beyond.statusCode).toBe(422);
    expect(top.json().events.map((e: { action: string }) => e.action)).toEqual([
      'open',
      'escalate',
      'escalate',
    ]);
    expect(await audits('supervision.escalate')).toHaveLength(2);
  });

  it('assigns an owner who must be a supervisor', async () => {
    const bad = await post('supervisor', `/api/supervision/cases/${streetCase}/assign`, {
      ownerId: t.users.handler.id,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details.field).toBe('ownerId');
    const ok = await post('supervisor', `/api/supervision/cases/${streetCase}/assign`, {
      ownerId: t.users.supervisor.id,
    });
    expect(ok.json()).toMatchObject({
      ownerId: t.users.supervisor.id,
      ownerName: 'supervisor',
      status: 'escalated',
    });
    const owners = (await get('supervisor', '/api/supervision/owners')).json();
    expect(owners.items).toEqual([{ id: t.users.supervisor.id, name: 'supervisor' }]);
  });

  it('sends a notice that the unit’s handlers read, and no one else’s handlers', async () => {
    const res = await post('supervisor', `/api/supervision/cases/${otherCase}/notices`, {
      message: '请于今日内办结并反馈',
      channels: ['sms'],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'noticed' });
    expect(res.json().notices).toMatchObject([
      { message: '请于今日内办结并反馈', channels: ['in_app', 'sms'] },
    ]);

    const mine = (await get('otherHandler', '/api/supervision/notices')).json();
    expect(mine.items).toMatchObject([{ caseId: otherCase, unitName: '翠微街道', readAt: null }]);
    expect((await get('handler', '/api/supervision/notices')).json().items).toHaveLength(0);
    const noticeId = mine.items[0].id;
    expect((await post('handler', `/api/supervision/notices/${noticeId}/read`)).statusCode).toBe(404);
    const read = await post('otherHandler', `/api/supervision/notices/${noticeId}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).toBeTruthy();
    expect((await get('otherHandler', '/api/supervision/notices?unread=true')).json().items).toHaveLength(0);
  });

  it('resolves and closes with a result; a finished case refuses further steps', async () => {
    const noResult = await post('supervisor', `/api/supervision/cases/${otherCase}/resolve`, {
      result: '  ',
    });
    expect(noResult.statusCode).toBe(400);
    const done = await post('supervisor', `/api/supervision/cases/${otherCase}/resolve`, {
      result: '井盖已补装，市民确认',
    });
    expect(done.json()).toMatchObject({ status: 'resolved', result: '井盖已补装，市民确认' });
    expect(done.json().endedAt).toBeTruthy();
    const again = await post('supervisor', `/api/supervision/cases/${otherCase}/close`, {
      result: '重复关闭',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('已办结');
    const closed = await post('supervisor', `/api/supervision/cases/${streetCase}/close`, {
      result: '已纳入专项整治',
    });
    expect(closed.json()).toMatchObject({ status: 'closed' });
    expect((await get('supervisor', '/api/supervision/cases?active=true')).json().items).toHaveLength(0);
  });

  it('checks permissions: handlers cannot see cases, leaders read but do not act', async () => {
    expect((await get(null, '/api/supervision/cases')).statusCode).toBe(401);
    expect((await get('handler', '/api/supervision/cases')).statusCode).toBe(403);
    expect((await get('handler', `/api/supervision/cases/${streetCase}`)).statusCode).toBe(403);
    expect((await get('leader', `/api/supervision/cases/${streetCase}`)).statusCode).toBe(200);
    const leaderAct = await post('leader', `/api/supervision/cases/${streetCase}/escalate`, { reason: 'x' });
    expect(leaderAct.statusCode).toBe(403);
    expect(
      (await post('admin', `/api/supervision/cases/${streetCase}/notices`, { message: 'x' })).statusCode,
    ).toBe(403);
    expect((await get('supervisor', '/api/supervision/cases/999999')).statusCode).toBe(404);
    expect((await get('callTaker', '/api/supervision/overdue-orders')).statusCode).toBe(403);
  });

  it('lists overdue orders, most overdue first', async () => {
    const res = await get('supervisor', '/api/supervision/overdue-orders');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as {
      handleDueAt: string;
      overdueMinutes: number;
      caseId: number | null;
    }[];
    expect(items.length).toBeGreaterThanOrEqual(1);
    expect(items[0]?.overdueMinutes).toBeGreaterThan(0);
    expect(items[0]?.caseId).toBe(streetCase);
    const dues = items.map((i) => i.handleDueAt);
    expect([...dues].sort()).toEqual(dues);
  });

  it('lets supervisors and admins edit rules, checks parameters by field, audits', async () => {
    const list = (await get('leader', '/api/supervision/rules')).json();
    expect(list.canEdit).toBe(false);
    expect(list.items.map((r: { cause: string }) => r.cause)).toContain('unit_complaints');
    const body = {
      name: '单位投诉集中',
      enabled: true,
      level: 'task_force',
      params: { minComplaints: 5, period: 'week' },
    };
    expect(
      (await t.as('leader', { method: 'PUT', url: '/api/supervision/rules/unit_complaints', payload: body }))
        .statusCode,
    ).toBe(403);
    const ok = await t.as('supervisor', {
      method: 'PUT',
      url: '/api/supervision/rules/unit_complaints',
      payload: body,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ level: 'task_force', params: { minComplaints: 5, period: 'week' } });
    const bad = await t.as('admin', {
      method: 'PUT',
      url: '/api/supervision/rules/unit_complaints',
      payload: { ...body, params: { minComplaints: 1, period: 'week' } },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details.field).toBe('params.minComplaints');
    const extra = await t.as('admin', {
      method: 'PUT',
      url: '/api/supervision/rules/overdue',
      payload: { name: '超期', enabled: true, level: 'key', params: { graceMinutes: 0, foo: 1 } },
    });
    expect(extra.json().error.details.field).toBe('params.foo');
    const unknown = await t.as('admin', { method: 'PUT', url: '/api/supervision/rules/nope', payload: body });
    expect(unknown.statusCode).toBe(400);
    expect(await audits('supervision.rule_update')).toHaveLength(1);
  });
});
