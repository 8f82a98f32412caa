import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartFile, PDF_BYTES } from '../testing/multipart.ts';
import { createTestApp, type TestApp, type UserKey } from '../testing/test-app.ts';

/**
 * Walks orders through every branch of DOMAIN.md §5 over the HTTP API, each step taken by the role
 * that takes it in real life. Runs on PGlite, and on PostgreSQL when DATABASE_URL is set.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const HOUR = 3_600_000;

async function create(overrides: Record<string, unknown> = {}) {
  const res = await t.as('callTaker', {
    method: 'POST',
    url: '/api/orders',
    payload: {
      channel: 'phone',
      requestType: 'complaint',
      title: '小区物业不作为',
      content: '小区电梯坏了一周，物业一直不修。',
      categoryId: t.categories.propertyManagement,
      address: '滨江街道望江社区3栋',
      regionUnitId: t.units.community,
      citizenName: '王女士',
      citizenPhone: '13812345678',
      ...overrides,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; number: string; state: string; version: number };
}

async function step(user: UserKey, id: number, path: string, payload: Record<string, unknown> = {}) {
  return t.as(user, { method: 'POST', url: `/api/orders/${id}/${path}`, payload });
}

async function ok(user: UserKey, id: number, path: string, payload: Record<string, unknown> = {}) {
  const res = await step(user, id, path, payload);
  expect(res.statusCode, `${user} ${path}: ${res.body}`).toBe(200);
  return res.json();
}

async function timeline(id: number) {
  const res = await t.as('dispatcher', { method: 'GET', url: `/api/orders/${id}/timeline` });
  expect(res.statusCode).toBe(200);
  return res.json().items as {
    seq: number;
    action: string;
    fromState: string | null;
    toState: string;
    actorName: string;
    payload: Record<string, unknown>;
  }[];
}

describe('the main path: dispatch, sign, extension, reply, two reviews, visit, closed', () => {
  it('records every step as an immutable event with who, from and to', async () => {
    const o = await create();
    expect(o.number).toMatch(/^260302\d{6}$/);
    expect(o.state).toBe('pending_dispatch');

    const dispatched = await ok('dispatcher', o.id, 'dispatch', {
      leadUnitId: t.units.street,
      assistUnitIds: [t.units.housingBureau],
      note: '请街道牵头，住建局协办',
    });
    expect(dispatched).toMatchObject({
      state: 'dispatched',
      leadUnitId: t.units.street,
      handlingUnitId: t.units.street,
      assistUnitIds: [t.units.housingBureau],
      dispatchCount: 1,
    });
    // A complaint: 5 working days, counted from the next working day, ending at 17:30 local.
    expect(dispatched.handleDueAt).toBe(new Date('2026-03-09T17:30:00+08:00').toISOString());

    t.clock.advance(HOUR);
    const signed = await ok('handler', o.id, 'sign');
    expect(signed.state).toBe('handling');

    const ext = await ok('handler', o.id, 'extension', {
      reason: '需协调电梯维保单位更换主板',
      requestedDueAt: '2026-03-13T17:30:00+08:00',
    });
    expect(ext.state).toBe('handling');
    expect(ext.handleDueAt).toBe(dispatched.handleDueAt);
    const approved = await ok('dispatcher', o.id, 'extension/approve', { note: '同意延期' });
    expect(approved.handleDueAt).toBe(new Date('2026-03-13T17:30:00+08:00').toISOString());
    expect(approved.extensionCount).toBe(1);

    t.clock.advance(24 * HOUR);
    const replied = await ok('handler', o.id, 'reply', {
      content: '已联系物业公司，电梯主板已更换，3月4日恢复运行，已电话告知王女士。',
      contactedCitizen: true,
    });
    expect(replied.state).toBe('unit_review');
    expect((await ok('unitReviewer', o.id, 'review/approve')).state).toBe('centre_review');
    expect((await ok('centreReviewer', o.id, 'review/approve')).state).toBe('visit_pending');
    const closed = await ok('visitor', o.id, 'visit', {
      method: 'phone',
      satisfaction: 'satisfied',
      resolved: true,
    });
    expect(closed).toMatchObject({
      state: 'closed',
      closeKind: 'visited',
      satisfaction: 'satisfied',
      resolved: true,
    });

    const events = await timeline(o.id);
    expect(events.map((e) => e.action)).toEqual([
      'create',
      'dispatch',
      'sign',
      'request_extension',
      'approve_extension',
      'reply',
      'approve_review',
      'approve_review',
      'visit',
    ]);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(events[1]).toMatchObject({
      fromState: 'pending_dispatch',
      toState: 'dispatched',
      actorName: 'dispatcher',
    });
    expect(events[8]).toMatchObject({ fromState: 'visit_pending', toState: 'closed', actorName: 'visitor' });
    expect(closed.version).toBe(9);

    const rewrite = t.testDb.db.query("UPDATE order_events SET note = 'x' WHERE order_id = $1", [o.id]);
    await expect(rewrite).rejects.toThrow(/append-only/);
    await expect(t.testDb.db.query('TRUNCATE order_events')).rejects.toThrow(/append-only/);
  });
});

describe('branches', () => {
  it('直接答复 closes a consultation at once', async () => {
    const o = await create({
      requestType: 'consultation',
      title: '公积金贷款额度',
      content: '公积金最高能贷多少？',
    });
    const closed = await ok('callTaker', o.id, 'direct-answer', { answer: '目前最高可贷 60 万元。' });
    expect(closed).toMatchObject({ state: 'closed', closeKind: 'direct_answer' });
    expect((await timeline(o.id))[1]?.payload.answer).toBe('目前最高可贷 60 万元。');
  });

  it('退单 accepted goes back to dispatch, then 改派 to the right unit', async () => {
    const o = await create();
    await ok('dispatcher', o.id, 'dispatch', { leadUnitId: t.units.street });
    const returned = await ok('handler', o.id, 'return', { reason: '电梯维保属住建局监管职责' });
    expect(returned).toMatchObject({ state: 'return_requested', returnCount: 1 });
    const back = await ok('dispatcher', o.id, 'return/accept');
    expect(back).toMatchObject({ state: 'pending_dispatch', leadUnitId: null, handlingUnitId: null });
    const again = await ok('dispatcher', o.id, 'dispatch', { leadUnitId: t.units.housingBureau });
    expect(again).toMatchObject({
      state: 'dispatched',
      dispatchCount: 2,
      handlingUnitId: t.units.housingBureau,
    });
    expect((await ok('bureauHandler', o.id, 'sign')).state).toBe('handling');
  });

  it('退单 rejected sends the order back where it was; after the 1-working-day window a return is refused', async () => {
    const o = await create();
    await ok('dispatcher', o.id, 'dispatch', { leadUnitId: t.units.street });
    await ok('handler', o.id, 'sign');
    await ok('handler', o.id, 'return', { reason: '不属于本街道' });
    const rejected = await ok('dispatcher', o.id, 'return/reject', {
      reason: '属地管理，街道应先行处置（首办负责）',
    });
    expect(rejected.state).toBe('handling');

    t.clock.advance(3 * 24 * HOUR);
    const late = await step('handler', o.id, 'return', { reason: '再次退单' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('RETURN_WINDOW_PASSED');
  });

  it('改派 while handling counts as another dispatch', async () => {
    const o = await create();
    await ok('dispatcher', o.id, 'dispatch', { leadUnitId: t.units.street });
    await ok('handler', o.id, 'sign');
    const moved = await ok('dispatcher', o.id, 'reassign', {
      leadUnitId: t.units.otherStreet,
      note: '地址在西山区',
    });
    expect(moved).toMatchObject({
      state: 'dispatched',
      dispatchCount: 2,
      leadUnitId: t.units.otherStreet,
      signedAt: null,
    });
  });

  it('dual dispatch: a district leads, a city department assists, and both see the order', async () => {
    const o = await create();
    await ok('dispatcher', o.id, 'dispatch', {
      leadUnitId: t.units.street,
      assistUnitIds: [t.units.housingBureau, t.units.waterCompany],
    });
    for (const user of ['handler', 'bureauHandler'] as const) {
      expect((await t.as(user, { method: 'GET', url: `/api/orders/${o.id}` })).statusCode).toBe(200);
    }
    const lead = await step('dispatcher', o.id, 'dispatch', { leadUnitId: t.units.street });
    expect(lead.statusCode).toBe(409);
  });

  it('下派 to a grid: the grid signs and replies, the street stays accountable and sees it', async () => {
    const o = await create();
    await ok('dispatcher', o.id, 'dispatch', { leadUnitId: t.units.street });
    await ok('handler', o.id, 'sign');
    const wrong = await step('handler', o.id, 'delegate', { unitId: t.units.otherStreet });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.details.field).toBe('unitId');
    const down = await ok('handler', o.id, 'delegate', { unitId: t.units.grid });
    expect(down).toMatchObject({
      state: 'dispatched',
      leadUnitId: t.units.street,
      handlingUnitId: t.units.grid,
    });
    await ok('gridWorker', o.id, 'sign');
    expect((await t.as('handler', { method: 'GET', url: `/api/orders/${o.id}` })).statusCode).toBe(200);
    const reply = await ok('gridWorker', o.id, 'reply', {
      content: '网格员已上门核实并协调解决。',
      contactedCitizen: true,
    });
    expect(reply.state).toBe('unit_review');
  });

  it('延期 refused keeps the deadline; a second pending request is refused', async () => {
    const o = await create();
    const d = await ok('dispatcher', o.id, 'dispatch', { leadUnitId: t.units.street });
    await ok('handler', o.id, 'sign');
    await ok('handler', o.id, 'extension', {
      reason: '需要更多时间',
      requestedDueAt: '2026-03-20T17:30:00+08:00',
    });
    const dup = await step('handler', o.id, 'extension', {
      reason: '再申请',
      requestedDueAt: '2026-03-21T17:30:00+08:00',
    });
    expect(dup.json().error.code).toBe('EXTENSION_PENDING');
    const refused = await ok('dispatcher', o.id, 'extension/refuse', { note: '理由不充分' });
    expect(refused.handleDueAt).toBe(d.handleDueAt);
    const none = await step('dispatcher', o.id, 'extension/refuse');
    expect(none.json().error.code).toBe('NO_PENDING_EXTENSION');
  });

  it('审核驳回 at unit and at centre level sends the reply back to the unit', async () => {
    const o = await create();
    await ok('dispatcher', o.id, 'dispatch', { leadUnitId: t.units.street });
    await ok('handler', o.id, 'sign');
    await ok('handler', o.id, 'reply', { content: '已转交', contactedCitizen: false });
    expect(
      (await ok('unitReviewer', o.id, 'review/reject', { reason: '未联系市民，答复未说明办理结果' })).state,
    ).toBe('handling');
    await ok('handler', o.id, 'reply', { content: '已联系市民并修复。', contactedCitizen: true });
    await ok('unitReviewer', o.id, 'review/approve');
    const centre = await ok('centreReviewer', o.id, 'review/reject', { reason: '缺少现场照片' });
    expect(centre.state).toBe('handling');
    const unitCannotDoCentre = await step('unitReviewer', o.id, 'review/approve');
    expect(unitCannotDoCentre.statusCode).toBe(409);
    // A centre reviewer whose colleague already passed the order on hears it moved on, not 403.
    await ok('handler', o.id, 'reply', { content: '已补充现场照片并联系市民。', contactedCitizen: true });
    await ok('unitReviewer', o.id, 'review/approve');
    await ok('centreReviewer', o.id, 'review/approve');
    const late = await step('centreReviewer', o.id, 'review/approve');
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('INVALID_TRANSITION');
  });

  it('回访不满意 re-opens the order to its lead unit (重办); a final reply then closes despite dissatisfaction', async () => {
    const o = await create();
    await ok('dispatcher', o.id, 'dispatch', { leadUnitId: t.units.street });
    await ok('handler', o.id, 'sign');
    await ok('handler', o.id, 'reply', { content: '已协调物业。', contactedCitizen: true });
    await ok('unitReviewer', o.id, 'review/approve');
    await ok('centreReviewer', o.id, 'review/approve');
    const redo = await ok('visitor', o.id, 'visit', {
      method: 'phone',
      satisfaction: 'dissatisfied',
      resolved: false,
      note: '电梯仍未修好',
    });
    expect(redo).toMatchObject({
      state: 'dispatched',
      redoCount: 1,
      handlingUnitId: t.units.street,
      signedAt: null,
    });
    expect(new Date(redo.handleDueAt).getTime()).toBeGreaterThan(t.clock.now().getTime());

    await ok('handler', o.id, 'sign');
    const upload = await t.as('handler', {
      method: 'POST',
      url: '/api/attachments',
      ...multipartFile('签字页.pdf', PDF_BYTES),
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const final = await ok('handler', o.id, 'reply', {
      content: '经街道主任签批，诉求超出政策范围，作最终答复。',
      contactedCitizen: true,
      finalReply: { signedBy: '滨江街道办事处主任 李明', evidenceAttachmentIds: [upload.json().id] },
    });
    expect(final.finalReply).toBe(true);
    await ok('unitReviewer', o.id, 'review/approve');
    await ok('centreReviewer', o.id, 'review/approve');
    const closed = await ok('visitor', o.id, 'visit', {
      method: 'phone',
      satisfaction: 'dissatisfied',
      resolved: false,
    });
    expect(closed).toMatchObject({ state: 'closed', redoCount: 1, satisfaction: 'dissatisfied' });
  });

  it('a dissatisfied visit without redo needs a reason', async () => {
    const o = await create();
    await ok('dispatcher', o.id, 'dispatch', { leadUnitId: t.units.street });
    await ok('handler', o.id, 'sign');
    await ok('handler', o.id, 'reply', { content: '已处理。', contactedCitizen: true });
    await ok('unitReviewer', o.id, 'review/approve');
    await ok('centreReviewer', o.id, 'review/approve');
    const noReason = await step('visitor', o.id, 'visit', {
      method: 'phone',
      satisfaction: 'dissatisfied',
      resolved: true,
      redo: false,
    });
    expect(noReason.json().error.details.field).toBe('note');
    const closed = await ok('visitor', o.id, 'visit', {
      method: 'phone',
      satisfaction: 'dissatisfied',
      resolved: true,
      redo: false,
      note: '诉求为要求赔偿十万元，不合理',
    });
    expect(closed.state).toBe('closed');
  });

  it('无法回访: the visitor closes an order whose citizen cannot be reached', async () => {
    const o = await create();
    await ok('dispatcher', o.id, 'dispatch', { leadUnitId: t.units.street });
    await ok('handler', o.id, 'sign');
    await ok('handler', o.id, 'reply', { content: '已处理完毕。', contactedCitizen: true });
    await ok('unitReviewer', o.id, 'review/approve');
    await ok('centreReviewer', o.id, 'review/approve');
    expect(
      await ok('visitor', o.id, 'close', { reason: 'unreachable', note: '三次致电未接通' }),
    ).toMatchObject({ state: 'closed', closeKind: 'unreachable' });
  });

  it('合并 closes a duplicate into the order that carries the matter; merging into a closed order is refused', async () => {
    const keep = await create();
    const dup = await create({ citizenPhone: '13900001111', citizenName: '李先生' });
    const merged = await ok('dispatcher', dup.id, 'merge', { intoOrderId: keep.id, note: '同一电梯故障' });
    expect(merged).toMatchObject({ state: 'merged', mergedIntoId: keep.id });
    const third = await create();
    const intoMerged = await step('dispatcher', third.id, 'merge', { intoOrderId: dup.id });
    expect(intoMerged.statusCode).toBe(422);
    expect(intoMerged.json().error.details.field).toBe('intoOrderId');
  });

  it('撤销 withdraws an open order, after which nothing more can happen to it', async () => {
    const o = await create();
    await ok('dispatcher', o.id, 'dispatch', { leadUnitId: t.units.street });
    expect((await ok('callTaker', o.id, 'withdraw', { reason: '市民来电称问题已自行解决' })).state).toBe(
      'withdrawn',
    );
    const after = await step('handler', o.id, 'sign');
    expect(after.statusCode).toBe(409);
    expect(after.json().error).toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { state: 'withdrawn', action: 'sign' },
    });
  });

  it('疑难: the leader sets the deadline of one order; other orders refuse it', async () => {
    const hard = await create({ urgency: 'difficult' });
    await ok('dispatcher', hard.id, 'dispatch', { leadUnitId: t.units.street });
    const set = await ok('leader', hard.id, 'deadline', {
      handleDueAt: '2026-04-30T17:30:00+08:00',
      note: '会商后确定',
    });
    expect(set.handleDueAt).toBe(new Date('2026-04-30T17:30:00+08:00').toISOString());
    const normal = await create();
    await ok('dispatcher', normal.id, 'dispatch', { leadUnitId: t.units.street });
    const refused = await step('leader', normal.id, 'deadline', { handleDueAt: '2026-04-30T17:30:00+08:00' });
    expect(refused.json().error.details.field).toBe('handleDueAt');
  });

  it('an invalid step is a 409 naming the current state and the step, and changes nothing', async () => {
    const o = await create();
    const res = await step('handler', o.id, 'sign');
    // The handler cannot see an undispatched order at all.
    expect(res.statusCode).toBe(404);
    const early = await step('visitor', o.id, 'visit', {
      method: 'phone',
      satisfaction: 'satisfied',
      resolved: true,
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { state: 'pending_dispatch', action: 'visit' },
    });
    expect(early.json().error.message).toContain('待派单');
    expect(await timeline(o.id)).toHaveLength(1);
  });

  it('a stale expectedVersion is a 409 VERSION_CONFLICT', async () => {
    const o = await create();
    const res = await step('dispatcher', o.id, 'dispatch', {
      leadUnitId: t.units.street,
      expectedVersion: o.version + 1,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('VERSION_CONFLICT');
    await ok('dispatcher', o.id, 'dispatch', { leadUnitId: t.units.street, expectedVersion: o.version });
  });
});
