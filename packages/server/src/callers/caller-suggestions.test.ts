import { afterAll, beforeAll, expect, it } from 'vitest';
import { modelStore } from '../dispatch/models.ts';
import { createTestApp, type TestApp, type UserKey } from '../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ at: '2026-03-02T09:00:00+08:00' });
});
afterAll(() => t.close());

const PHONE = '13677778888';

async function create(title: string, categoryId: number, requestType = 'complaint') {
  const res = await t.as('callTaker', {
    method: 'POST',
    url: '/api/orders',
    payload: { channel: 'phone', requestType, title, content: title, citizenPhone: PHONE, categoryId },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; number: string; version: number };
}

async function step(user: UserKey, id: number, path: string, payload: Record<string, unknown> = {}) {
  const res = await t.as(user, { method: 'POST', url: `/api/orders/${id}/${path}`, payload });
  expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
}

async function closeWith(id: number, reply: string, satisfaction: string) {
  await step('dispatcher', id, 'dispatch', { leadUnitId: t.units.street });
  await step('handler', id, 'sign');
  await step('handler', id, 'reply', { content: reply, contactedCitizen: true });
  await step('unitReviewer', id, 'review/approve');
  await step('centreReviewer', id, 'review/approve');
  await step('visitor', id, 'visit', {
    method: 'phone',
    satisfaction,
    resolved: true,
    redo: false,
    note: '记录',
  });
}

const suggest = (user: UserKey, payload: Record<string, unknown>) =>
  t.as(user, { method: 'POST', url: '/api/callers/suggestions', payload });

it('suggests from the history: the open order for 催办/补充, its category, accepted replies and quoted knowledge; audited', async () => {
  const heating = await create('暖气不热', t.categories.heating);
  await closeWith(heating.id, '供热公司已上门排气，暖气恢复正常。', 'satisfied');
  const dissatisfied = await create('暖气又不热', t.categories.heating);
  await closeWith(dissatisfied.id, '已转告供热公司。', 'dissatisfied');
  const [entry] = await t.testDb.db.query<{ id: number }>(
    `INSERT INTO knowledge_entries (kind, state, title, body_text, updated_at)
     VALUES ('faq', 'published', '供暖期起止时间', '供暖期为11月15日至次年3月15日。', $1) RETURNING id`,
    [new Date('2026-03-01T00:00:00Z')],
  );
  const asked = await create('供暖什么时候停', t.categories.heating, 'consultation');
  await step('callTaker', asked.id, 'direct-answer', {
    answer: '供暖期到3月15日。',
    knowledgeEntryId: entry?.id,
    expectedVersion: asked.version,
  });
  t.clock.advance(3_600_000);
  await create('物业不修电梯', t.categories.propertyManagement);
  t.clock.advance(3_600_000);
  const open = await create('物业电梯还没修', t.categories.propertyManagement);

  const res = await suggest('callTaker', { phone: PHONE });
  expect(res.statusCode, res.body).toBe(200);
  const s = res.json();
  expect(s.followUp).toMatchObject({ orderId: open.id, number: open.number, stateLabel: '待派单' });
  expect(s.followUp.reason).toContain('催办或补充');
  // 物业管理 twice and 供热 three times in 90 days: the open order's category first, then the frequent one.
  expect(s.categories).toEqual([
    {
      categoryId: t.categories.propertyManagement,
      pathIds: [t.categories.urbanConstruction, expect.any(Number), t.categories.propertyManagement],
      path: '城乡建设 / 住房保障 / 物业管理',
      probability: null,
      sources: ['open_order'],
      reasons: ['该来电人有在办工单「物业电梯还没修」属「物业管理」（待派单）'],
    },
    expect.objectContaining({
      categoryId: t.categories.heating,
      sources: ['caller_history'],
      reasons: ['该来电人近 90 天 3 次反映「供热」'],
    }),
  ]);
  expect(s.replyTemplates).toEqual([
    {
      kind: 'accepted_reply',
      categoryId: t.categories.heating,
      text: '供热公司已上门排气，暖气恢复正常。',
      knowledgeEntryId: null,
      orderId: heating.id,
      orderNumber: heating.number,
      reason: `该来电人反映「供热」的工单 ${heating.number} 按此答复，回访满意`,
    },
    expect.objectContaining({
      kind: 'knowledge_entry',
      text: '供暖期到3月15日。',
      knowledgeEntryId: entry?.id,
    }),
  ]);
  expect(s.modelVersion).toBeNull();

  // The entry changed after it was quoted: its current text replaces the old wording.
  await t.testDb.db.query(
    `UPDATE knowledge_entries SET body_text = '供暖期延长至3月20日。', updated_at = $1 WHERE id = $2`,
    [t.clock.now(), entry?.id],
  );
  const chosen = await suggest('callTaker', { phone: PHONE, categoryId: t.categories.heating });
  expect(chosen.json().replyTemplates.map((r: { text: string }) => r.text)).toEqual([
    '供热公司已上门排气，暖气恢复正常。',
    '供暖期延长至3月20日。',
  ]);
  const none = await suggest('callTaker', { phone: PHONE, categoryId: t.categories.propertyManagement });
  expect(none.json().replyTemplates).toEqual([]);

  const audit = await t.testDb.db.query<{ target_id: string }>(
    "SELECT target_id FROM audit_log WHERE action = 'caller_suggestions'",
  );
  expect(audit.map((a) => a.target_id)).toEqual(['8888', '8888', '8888']);
});

it('merges the category model’s reading of the draft with the history', async () => {
  await t.testDb.db.query(
    `INSERT INTO orders (number, channel, request_type, urgency, title, content, state, category_id, created_at, updated_at, closed_at)
     SELECT 'T' || $1::int || '-' || g, 'phone', 'complaint', 'normal', $2::text || g, $3::text || g, 'closed', $1::int, now(), now(), now()
     FROM generate_series(1, 30) g`,
    [t.categories.heating, '暖气不热', '家里暖气片冰凉，室温太低'],
  );
  await t.testDb.db.query(
    `INSERT INTO orders (number, channel, request_type, urgency, title, content, state, category_id, created_at, updated_at, closed_at)
     SELECT 'U' || $1::int || '-' || g, 'phone', 'complaint', 'normal', $2::text || g, $3::text || g, 'closed', $1::int, now(), now(), now()
     FROM generate_series(1, 30) g`,
    [t.categories.propertyManagement, '物业乱收费', '物业公司乱收停车费和电梯费'],
  );
  expect((await t.as('admin', { method: 'POST', url: '/api/dispatch/models/retrain' })).statusCode).toBe(200);
  modelStore(t.ctx.db).invalidate();

  const res = await suggest('callTaker', {
    phone: PHONE,
    title: '暖气片冰凉',
    content: '家里暖气不热，室温太低',
  });
  expect(res.statusCode, res.body).toBe(200);
  const s = res.json();
  expect(s.modelVersion).toEqual(expect.any(Number));
  // The model and the history agree on 供热: first, with both reasons.
  expect(s.categories[0]).toMatchObject({
    categoryId: t.categories.heating,
    sources: ['model', 'caller_history'],
  });
  expect(s.categories[0].reasons[0]).toMatch(/^模型：\d+%/);
  expect(s.categories[0].reasons[1]).toBe('该来电人近 90 天 3 次反映「供热」');
  expect(s.categories.at(-1)).toMatchObject({
    categoryId: t.categories.propertyManagement,
    sources: expect.arrayContaining(['open_order']),
  });
});

it('a first-time caller without a draft gets nothing to suggest', async () => {
  const res = await suggest('callTaker', { phone: '13000000001' });
  expect(res.json()).toEqual({ categories: [], followUp: null, replyTemplates: [], modelVersion: null });
});

it('needs citizen.unmask: unit staff may not read it', async () => {
  const res = await suggest('handler', { phone: PHONE });
  expect(res.statusCode).toBe(403);
  expect((await suggest('callTaker', { phone: 'abc' })).statusCode).toBe(400);
});
