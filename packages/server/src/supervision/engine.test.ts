import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { scanTimeLimits } from '../time-limits/scanner.ts';
import { scanSupervision } from './engine.ts';
import { openSupervisionCase } from './open-case.ts';
import { orderDriver } from './testing.ts';

let t: TestApp;
let d: ReturnType<typeof orderDriver>;
beforeAll(async () => {
  t = await createTestApp();
  d = orderDriver(t);
});
afterAll(() => t.close());

/** Each test enables only the rule it is about, so the others cannot interfere. */
async function only(cause: string) {
  await t.testDb.db.query('UPDATE supervision_rules SET enabled = (cause = $1)', [cause]);
}
const scanTwice = async () => {
  const a = await scanSupervision(t.ctx);
  const b = await scanSupervision(t.ctx);
  return a.opened + b.opened;
};
const linked = (caseId: number) =>
  t.testDb.db.query<{ order_id: number }>(
    'SELECT order_id FROM supervision_case_orders WHERE case_id = $1 ORDER BY order_id',
    [caseId],
  );
const history = (caseId: number) =>
  t.testDb.db.query<{ action: string; to_status: string }>(
    'SELECT action, to_status FROM supervision_case_events WHERE case_id = $1 ORDER BY id',
    [caseId],
  );

beforeEach(() => {
  t.clock.set('2026-03-02T09:30:00+08:00');
});

describe('督办 engine: each rule opens its case exactly once', () => {
  it('overdue: a handled order past its handling deadline', async () => {
    await only('overdue');
    const id = await d.handling({ urgency: 'urgent', title: '燃气泄漏' });
    const { handle_due_at } = await d.dueOf(id);
    t.clock.current = new Date(handle_due_at.getTime() - 60_000);
    expect(await scanTwice()).toBe(0);
    t.clock.current = new Date(handle_due_at.getTime() + 60_000);
    await scanTimeLimits(t.ctx);
    await Promise.all([scanSupervision(t.ctx), scanSupervision(t.ctx), scanSupervision(t.ctx)]);
    expect(await scanTwice()).toBe(0);
    const cases = await d.casesOf('overdue', `order:${id}`);
    expect(cases).toMatchObject([{ level: 'key', status: 'open', unit_id: t.units.street }]);
    const c = cases[0];
    if (!c) throw new Error('no case');
    expect(await linked(c.id)).toEqual([{ order_id: id }]);
    expect(await history(c.id)).toEqual([{ action: 'open', to_status: 'open' }]);
    const [row] = await t.testDb.db.query<{ summary: string }>(
      'SELECT summary FROM supervision_cases WHERE id = $1',
      [c.id],
    );
    expect(row?.summary).toContain('【紧急】');
  });

  it('overdue respects the grace minutes and ignores replied orders', async () => {
    await only('overdue');
    await t.testDb.db.query(
      `UPDATE supervision_rules SET params = '{"graceMinutes": 120}' WHERE cause = 'overdue'`,
    );
    const late = await d.handling();
    const replied = await d.handling();
    await d.ok('handler', replied, 'reply', { content: '已处理。', contactedCitizen: true });
    const { handle_due_at } = await d.dueOf(late);
    t.clock.current = new Date(handle_due_at.getTime() + 60 * 60_000);
    await scanTwice();
    expect(await d.casesOf('overdue', `order:${late}`)).toHaveLength(0);
    t.clock.current = new Date(handle_due_at.getTime() + 121 * 60_000);
    await scanTwice();
    expect(await d.casesOf('overdue', `order:${late}`)).toHaveLength(1);
    expect(await d.casesOf('overdue', `order:${replied}`)).toHaveLength(0);
    await t.testDb.db.query(
      `UPDATE supervision_rules SET params = '{"graceMinutes": 0}' WHERE cause = 'overdue'`,
    );
  });

  it('yellow: inside the yellow window, daily level', async () => {
    await only('yellow');
    const id = await d.handling();
    const { yellow_at } = await d.dueOf(id);
    t.clock.current = new Date(yellow_at.getTime() + 60_000);
    expect(await scanTwice()).toBeGreaterThanOrEqual(1);
    expect(await d.casesOf('yellow', `order:${id}`)).toMatchObject([{ level: 'daily', status: 'open' }]);
    expect(await scanTwice()).toBe(0);
  });

  it('redispatched: dispatched again twice (three dispatches), not once', async () => {
    await only('redispatched');
    const twice = await d.handling();
    await d.ok('dispatcher', twice, 'reassign', { leadUnitId: t.units.otherStreet });
    const thrice = await d.handling();
    await d.ok('dispatcher', thrice, 'reassign', { leadUnitId: t.units.otherStreet });
    await d.ok('dispatcher', thrice, 'reassign', { leadUnitId: t.units.housingBureau });
    expect(await scanTwice()).toBe(1);
    expect(await d.casesOf('redispatched', `order:${twice}`)).toHaveLength(0);
    expect(await d.casesOf('redispatched', `order:${thrice}`)).toMatchObject([
      { level: 'key', unit_id: t.units.housingBureau },
    ]);
  });

  it('dissatisfied_after_redo: an unhappy visit after a redo, not the first unhappy visit', async () => {
    await only('dissatisfied_after_redo');
    const id = await d.handling();
    await d.replyAndVisit(id, { satisfaction: 'dissatisfied', resolved: false, note: '仍然很吵' });
    expect(await scanTwice()).toBe(0);
    await d.ok('handler', id, 'sign');
    await d.replyAndVisit(id, {
      satisfaction: 'dissatisfied',
      resolved: true,
      redo: false,
      note: '诉求已超出职责范围',
    });
    expect(await scanTwice()).toBe(1);
    expect(await d.casesOf('dissatisfied_after_redo', `order:${id}`)).toMatchObject([
      { level: 'key', unit_id: t.units.street },
    ]);
  });

  it('unit_complaints: 3 complaints dispatched to one unit in a month open one case for the unit and month', async () => {
    await only('unit_complaints');
    const ids: number[] = [];
    for (let i = 0; i < 2; i++) ids.push(await d.handling({ title: `停水投诉 ${i}` }, t.units.waterCompany));
    await d.handling({ requestType: 'consultation', title: '咨询水价' }, t.units.waterCompany);
    const water = `unit:${t.units.waterCompany}:2026-03`;
    await scanTwice();
    expect(await d.casesOf('unit_complaints', water)).toHaveLength(0);
    ids.push(await d.handling({ title: '停水投诉 2' }, t.units.waterCompany));
    await scanTwice();
    const cases = await d.casesOf('unit_complaints', water);
    expect(cases).toMatchObject([{ unit_id: t.units.waterCompany, level: 'key' }]);
    expect((await linked(cases[0]?.id ?? 0)).map((r) => r.order_id)).toEqual(ids);
    // A fourth complaint in the same month does not open another case; next month starts afresh.
    await d.handling({ title: '停水投诉 3' }, t.units.waterCompany);
    expect(await scanTwice()).toBe(0);
    t.clock.set('2026-04-01T09:30:00+08:00');
    expect(await scanTwice()).toBe(0);
  });

  it('a disabled rule opens nothing', async () => {
    await only('none');
    const id = await d.handling();
    const { handle_due_at } = await d.dueOf(id);
    t.clock.current = new Date(handle_due_at.getTime() + 60_000);
    expect(await scanTwice()).toBe(0);
    expect(await d.casesOf('overdue', `order:${id}`)).toHaveLength(0);
  });
});

describe('openSupervisionCase (called by other features, e.g. the duplicate finder)', () => {
  it('opens once per cause and subject, links later orders to the same case', async () => {
    await only('same_matter');
    const a = await d.create({ title: '路灯不亮 1' });
    const b = await d.create({ title: '路灯不亮 2' });
    const at = t.clock.now();
    const input = {
      cause: 'same_matter' as const,
      subjectKey: 'dup:streetlight-42',
      unitId: t.units.street,
      summary: '同一路灯 3 人反映',
      at,
    };
    const [first, again] = await Promise.all([
      t.ctx.db.transaction((tx) => openSupervisionCase(tx, { ...input, orderId: a })),
      t.ctx.db.transaction((tx) => openSupervisionCase(tx, { ...input, orderId: a })),
    ]);
    expect([first.created, again.created].sort()).toEqual([false, true]);
    expect(first.id).toBe(again.id);
    const third = await t.ctx.db.transaction((tx) => openSupervisionCase(tx, { ...input, orderId: b }));
    expect(third).toEqual({ id: first.id, created: false });
    expect((await linked(first.id)).map((r) => r.order_id)).toEqual([a, b]);
    expect((await history(first.id)).map((e) => e.action)).toEqual(['open', 'link']);
  });

  it('does nothing while the cause is disabled', async () => {
    await only('none');
    const r = await t.ctx.db.transaction((tx) =>
      openSupervisionCase(tx, { cause: 'same_matter', subjectKey: 'dup:x', summary: 'x', at: t.clock.now() }),
    );
    expect(r).toEqual({ id: 0, created: false });
  });
});
